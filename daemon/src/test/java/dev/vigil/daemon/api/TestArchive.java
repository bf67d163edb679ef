package dev.vigil.daemon.api;

import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.segment.RollPolicy;
import dev.vigil.storage.segment.SegmentInfo;
import dev.vigil.storage.segment.SegmentWriter;
import dev.vigil.storage.segment.VideoFrame;
import dev.vigil.storage.testing.ClosedSegments;
import dev.vigil.storage.testing.Encoded;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real archive for the API tests: H.264 made by ffmpeg (as the storage MP4 tests make it), split
 * into access units, written with {@link SegmentWriter} under a storage root and registered in a
 * real SQLite catalog, as the daemon does.
 */
public final class TestArchive implements AutoCloseable {
    public static final long T0 = 1_795_248_000_000_000L; // 2026-11-21T08:00:00Z
    public static final long SECOND = 1_000_000L;
    public static final int FPS = 25;
    /** A key frame every second. */
    static final int GOP = 25;

    private static List<List<ByteBuffer>> units;

    public final Path root;
    public final Catalog catalog;
    /** The open segment of each camera as of its last {@link #flush}. */
    final Map<String, SegmentInfo> open = new HashMap<>();

    public TestArchive(Path root) {
        this.root = root;
        this.catalog = Catalog.open("jdbc:sqlite:" + root.resolve("catalog.db"));
    }

    /**
     * 60 s of a 320x240 test pattern with noise at about 1.5 Mbit/s, encoded once per JVM: noisy so
     * that a few seconds make files of several of the server's 512 KiB pieces.
     */
    static synchronized List<List<ByteBuffer>> units() throws IOException {
        if (units == null) {
            byte[] h264 = run(List.of("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=" + FPS, "-t", "60",
                    "-vf", "noise=alls=30:allf=t", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "1500k", "-maxrate", "1500k",
                    "-bufsize", "3000k", "-pix_fmt", "yuv420p", "-g", Integer.toString(GOP), "-keyint_min", Integer.toString(GOP),
                    "-sc_threshold", "0", "-bf", "0", "-f", "h264", "-"));
            units = Encoded.accessUnits(dev.vigil.storage.rf1.Codec.H264, ByteBuffer.wrap(h264));
        }
        return units;
    }

    /** A writer of {@code camera}'s segments whose opens and closes go to the catalog. */
    public SegmentWriter writer(String camera, Duration segment) throws IOException {
        return new SegmentWriter(root.resolve(camera), RollPolicy.of(segment, Duration.ZERO), ClosedSegments.toCatalog(catalog, camera));
    }

    /** Frames {@code [from, to)} (indexes into a looped stream) at {@code start + (i - from)/FPS}. */
    public static void write(SegmentWriter w, int from, int to, long start) throws IOException {
        List<List<ByteBuffer>> u = units();
        for (int i = from; i < to; i++) {
            List<ByteBuffer> nals = new ArrayList<>();
            for (ByteBuffer n : u.get(i % u.size())) nals.add(n.duplicate());
            w.write(new VideoFrame(start + (i - from) * SECOND / FPS, Codec.H264, 320, 240, nals));
        }
    }

    /** A closed run of {@code seconds} from {@code start}, starting on a key frame. */
    public void run(String camera, long start, int seconds, Duration segment) throws IOException {
        try (SegmentWriter w = writer(camera, segment)) {
            write(w, 0, seconds * FPS, start);
        }
    }

    /** What the daemon's flush tick does: data durable, then the catalog's open row moved forward. */
    void flush(String camera, SegmentWriter w) throws IOException {
        w.flush();
        SegmentInfo s = w.currentSegment();
        if (s != null) {
            open.put(camera, s);
            catalog.updateOpen(Map.of(camera, s));
        }
    }

    Cameras cameras(List<String> configured) {
        return new Cameras() {
            @Override
            public List<String> configured() {
                return configured;
            }

            @Override
            public Optional<Status> status(String camera) {
                return camera.equals("front") ? Optional.of(new Status("recording", 25.0, 400_000.4, T0 + 3 * SECOND)) : Optional.empty();
            }

            @Override
            public Optional<SegmentInfo> openSegment(String camera) {
                return Optional.ofNullable(open.get(camera));
            }
        };
    }

    static byte[] run(List<String> cmd) throws IOException {
        return Encoded.run(cmd);
    }

    /** stdout and stderr of a command that may fail, and its exit status. */
    static String[] runBoth(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).start();
        byte[] err;
        String out;
        var errReader = new Thread[1];
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        errReader[0] = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(e);
            } catch (IOException ignored) {
                // the process died; its exit status says so
            }
        });
        errReader[0].start();
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        errReader[0].join();
        err = e.toByteArray();
        return new String[] {out, new String(err, StandardCharsets.UTF_8), Integer.toString(rc)};
    }

    @Override
    public void close() {
        catalog.close();
    }
}
