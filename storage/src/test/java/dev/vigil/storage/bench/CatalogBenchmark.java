package dev.vigil.storage.bench;

import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.catalog.Recordings;
import dev.vigil.storage.segment.SegmentInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * Queries of a catalog holding 30 days of {@code cameras} cameras with 1000 s segments: 2592
 * segments per camera, a reconnect gap every 6 hours. Listing 30 days and one hour of one camera
 * (runs and gaps); what the metrics sampler reads every few seconds; what retention reads first;
 * what every flush writes (one open segment per camera).
 *
 * <pre>mvn -pl storage test-compile exec:exec@jmh -Djmh.args="CatalogBenchmark"</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class CatalogBenchmark {
    static final long T0 = 1_704_067_200_000_000L;
    static final long SEGMENT = 1_000_000_000L;
    static final long DAYS_30 = 30L * 86_400_000_000L;

    @Param({"64"})
    int cameras;

    @Param({"/tmp"})
    String dir;

    private Path root;
    private Catalog catalog;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Files.createTempDirectory(Path.of(dir), "vigil-catalog-bench");
        catalog = Catalog.open("jdbc:sqlite:" + root.resolve("catalog.db"));
        for (int c = 0; c < cameras; c++) {
            String name = "cam-" + c;
            long t = T0;
            int i = 0;
            while (t < T0 + DAYS_30) {
                long end = (++i % 22 == 0) ? t + SEGMENT - 5_000_000 : t + SEGMENT; // a 5 s gap now and then
                catalog.closed(name, new SegmentInfo(root, Long.toString(t / 1000), t, end, List.of("video"), 15_000, 500_000_000, true, true));
                t += SEGMENT;
            }
            catalog.opened(name, new SegmentInfo(root, Long.toString((T0 + DAYS_30) / 1000), T0 + DAYS_30, T0 + DAYS_30, List.of("video"),
                    0, 0, true, true));
        }
    }

    /** What the daemon writes at every flush: the open segment of every camera moved forward. */
    @Benchmark
    public int flushOf64OpenSegments() {
        long end = T0 + DAYS_30 + (++flushes % 1000) * 1000;
        Map<String, SegmentInfo> open = new java.util.HashMap<>();
        for (int c = 0; c < cameras; c++) {
            open.put("cam-" + c, new SegmentInfo(root, Long.toString((T0 + DAYS_30) / 1000), T0 + DAYS_30, end, List.of("video"),
                    (int) (flushes % 1000), flushes % 1000 * 500_000, true, true));
        }
        catalog.updateOpen(open);
        return open.size();
    }

    private long flushes;

    @Benchmark
    public Recordings thirtyDaysOfOneCamera() {
        return catalog.recordings("cam-7", T0, T0 + DAYS_30);
    }

    @Benchmark
    public Recordings oneHourOfOneCamera() {
        return catalog.recordings("cam-7", T0 + DAYS_30 / 2, T0 + DAYS_30 / 2 + 3_600_000_000L);
    }

    /** What the metrics sampler asks the catalog for: bytes per camera and the segment count. */
    @Benchmark
    public long storageFigures() {
        return catalog.bytesByCamera().size() + catalog.segmentCount();
    }

    /** What each retention pass asks first: the oldest segments of all cameras. */
    @Benchmark
    public int oldestOfAll() {
        return catalog.oldest(null, 100).size();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        catalog.close();
        try (var files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
