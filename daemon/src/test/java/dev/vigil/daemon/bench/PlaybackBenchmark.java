package dev.vigil.daemon.bench;

import dev.vigil.daemon.api.ApiRoutes;
import dev.vigil.daemon.api.Archive;
import dev.vigil.daemon.api.Cameras;
import dev.vigil.daemon.api.TestArchive;
import dev.vigil.daemon.ops.HttpServer;
import dev.vigil.daemon.ops.Router;
import dev.vigil.storage.catalog.SegmentState;
import dev.vigil.storage.segment.SegmentInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The playback API against the real server on 127.0.0.1: time to the first byte of view.mp4 for a
 * one-hour range (planning included), the whole hour downloaded (from the page cache after the
 * first pass; bytes per second = file size / time per op, printed at setup), and
 * {@code recordings} over 30 days of a camera with 1000 s segments (2592 rows).
 *
 * <pre>
 * mvn -pl daemon test-compile exec:exec@jmh -Djmh.args="PlaybackBenchmark"     (sibling modules installed)
 * mvn -o -q -pl daemon -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp daemon/target/test-classes:daemon/target/classes:$(cat /tmp/cp.txt) org.openjdk.jmh.Main PlaybackBenchmark
 * </pre>
 * (the second form uses the reactor's own classes, not what was last installed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class PlaybackBenchmark {
    static final long HOUR = 3_600_000_000L;
    static final long DAY = 24 * HOUR;

    Path dir;
    TestArchive archive;
    HttpServer server;
    String view;
    String recordings;
    final byte[] buffer = new byte[1 << 20];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("vigil-bench");
        archive = new TestArchive(dir);
        // One hour of real H.264 (a minute of ~1.5 Mbit/s looped) in 1000 s segments.
        try (var w = archive.writer("hour", Duration.ofSeconds(1000))) {
            TestArchive.write(w, 0, 3600 * TestArchive.FPS, TestArchive.T0);
        }
        // 30 days of catalog rows for the listing; their files are not needed for it.
        long start = TestArchive.T0 - 30 * DAY;
        for (long t = start; t < TestArchive.T0; t += 1_000_000_000L) {
            // a gap every ~3 hours so that the answer has runs and gaps
            long end = Math.min(TestArchive.T0, t + 1_000_000_000L) - ((t / 1_000_000_000L) % 11 == 0 ? 5_000_000L : 0);
            archive.catalog.upsert("month", new SegmentInfo(dir.resolve("month"), Long.toString(t / 1000), t, end, List.of("video"),
                    25_000, 180_000_000L, true, true), SegmentState.CLOSED);
        }
        server = HttpServer.start("127.0.0.1", 0, ApiRoutes.register(new Router(), new Archive(dir, archive.catalog, Cameras.of(List.of())), Clock.systemUTC()));
        view = "/api/cameras/hour/view.mp4?start=" + TestArchive.T0 / 1000 + "&end=" + (TestArchive.T0 + HOUR) / 1000;
        recordings = "/api/cameras/month/recordings?start=" + (TestArchive.T0 - 30 * DAY) / 1000 + "&end=" + TestArchive.T0 / 1000;
        long size = download();
        System.out.println("\nview.mp4 of one hour: " + size + " bytes");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        server.close();
        archive.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** Request sent, status line and headers read, the first body byte read; then the connection is dropped. */
    @Benchmark
    public int timeToFirstByte() throws IOException {
        try (Socket s = connect(view)) {
            InputStream in = s.getInputStream();
            skipHeaders(in);
            return in.read();
        }
    }

    /** The whole hour; divide the size printed at setup by this time for the throughput. */
    @Benchmark
    public long wholeHour() throws IOException {
        return download();
    }

    @Benchmark
    public long recordings30Days() throws IOException {
        try (Socket s = connect(recordings)) {
            InputStream in = s.getInputStream();
            long n = 0;
            for (int r; (r = in.read(buffer)) > 0; ) n += r;
            return n;
        }
    }

    long download() throws IOException {
        try (Socket s = connect(view)) {
            InputStream in = s.getInputStream();
            skipHeaders(in);
            long n = 0;
            for (int r; (r = in.read(buffer)) > 0; ) n += r;
            return n;
        }
    }

    Socket connect(String target) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setReceiveBufferSize(4 << 20);
        OutputStream out = s.getOutputStream();
        out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return s;
    }

    static void skipHeaders(InputStream in) throws IOException {
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed in the headers");
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : (b == '\r' ? 1 : 0);
        }
    }
}
