package dev.vigil.storage.bench;

import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.catalog.Recordings;
import dev.vigil.storage.segment.SegmentInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Listing 30 days of one camera (runs and gaps) from a catalog holding 30 days of {@code cameras}
 * cameras with 1000 s segments: 2592 segments per camera, a reconnect gap every 6 hours.
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
        }
    }

    @Benchmark
    public Recordings thirtyDaysOfOneCamera() {
        return catalog.recordings("cam-7", T0, T0 + DAYS_30);
    }

    @Benchmark
    public Recordings oneHourOfOneCamera() {
        return catalog.recordings("cam-7", T0 + DAYS_30 / 2, T0 + DAYS_30 / 2 + 3_600_000_000L);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        catalog.close();
        try (var files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
