package dev.vigil.storage.bench;

import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.rf1.EntryRange;
import dev.vigil.storage.rf1.IndexEntry;
import dev.vigil.storage.rf1.Rf1Flags;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackHeader;
import dev.vigil.storage.rf1.TrackReader;
import dev.vigil.storage.rf1.TrackWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of a time-range lookup on a full segment: 65534 entries (the most an index holds) over
 * 1000 s, a key frame (SPS, PPS, IDR) every 2 s. {@code lookup} searches an open reader;
 * {@code openAndLookup} also opens the track and loads its index, as a playback request does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class ReadAtTimeBenchmark {
    static final int ENTRIES = IndexEntry.MAX_ENTRIES - 1;

    @Param({"/dev/shm"})
    String dir;

    private Path root;
    private Path index;
    private TrackReader reader;
    private final SplittableRandom random = new SplittableRandom(7);
    private int maxPts;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Files.createTempDirectory(Path.of(dir), "vigil-bench");
        ByteBuffer nal = ByteBuffer.wrap(new byte[] {0x41, 1, 2, 3, 4, 5, 6, 7});
        ByteBuffer idr = ByteBuffer.wrap(new byte[] {0x65, 1, 2, 3, 4, 5, 6, 7});
        ByteBuffer sps = ByteBuffer.wrap(new byte[] {0x67, 1, 2, 3});
        ByteBuffer pps = ByteBuffer.wrap(new byte[] {0x68, 1, 2});
        TrackFiles files = TrackFiles.of(root, "1", "video");
        long ticksPerEntry = IndexEntry.ticksFromMicros(1000_000_000L) / ENTRIES;
        try (TrackWriter w = TrackWriter.create(files, TrackHeader.video(Codec.H264, 0, 1920, 1080))) {
            int i = 0;
            while (i < ENTRIES) {
                int pts = (int) (i * ticksPerEntry);
                if (pts / 8192 != maxPts / 8192 || i == 0) {
                    if (i + 3 > ENTRIES) break;
                    w.append(pts, sps, Rf1Flags.ESSENTIAL | Rf1Flags.ANNEX_B);
                    w.append(pts, pps, Rf1Flags.ESSENTIAL | Rf1Flags.ANNEX_B);
                    w.append(pts, idr, Rf1Flags.KEY_FRAME | Rf1Flags.ANNEX_B);
                    i += 3;
                } else {
                    w.append(pts, nal, Rf1Flags.ANNEX_B);
                    i++;
                }
                maxPts = pts;
            }
        }
        index = files.index();
        reader = TrackReader.open(index);
    }

    @Benchmark
    public EntryRange lookup() {
        int start = random.nextInt(maxPts);
        return reader.readAtTime(start, start + 10 * 4096, true);
    }

    @Benchmark
    public EntryRange openAndLookup() throws IOException {
        int start = random.nextInt(maxPts);
        try (TrackReader r = TrackReader.open(index)) {
            return r.readAtTime(start, start + 10 * 4096, true);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        reader.close();
        TrackFiles f = reader.files();
        Files.delete(f.index());
        Files.delete(f.packets());
        Files.delete(root);
    }
}
