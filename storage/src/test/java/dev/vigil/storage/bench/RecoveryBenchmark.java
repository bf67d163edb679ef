package dev.vigil.storage.bench;

import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.recovery.RecoveryReport;
import dev.vigil.storage.recovery.StartupRecovery;
import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.rf1.Rf1Flags;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackHeader;
import dev.vigil.storage.rf1.TrackWriter;
import dev.vigil.storage.segment.SegmentInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * Startup recovery after a crash left {@code cameras} segments open, each half full (500 s of a
 * 15 fps camera: 7 500 frames, 4 kB P frames and 40 kB key frames every second). The score is the
 * time from recovery's start to every segment closed and the catalog updated: the daemon starts
 * recording right after.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class RecoveryBenchmark {
    @Param({"64"})
    int cameras;

    @Param({"/tmp"})
    String dir;

    private Path root;
    private Catalog catalog;

    @Setup(Level.Invocation)
    public void crash() throws IOException {
        root = Files.createTempDirectory(Path.of(dir), "vigil-recovery-bench");
        catalog = Catalog.open("jdbc:sqlite:" + root.resolve("catalog.db"));
        ByteBuffer p = ByteBuffer.wrap(filled(4000, 0x41));
        ByteBuffer idr = ByteBuffer.wrap(filled(40_000, 0x65));
        ByteBuffer sps = ByteBuffer.wrap(new byte[] {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xD9, 0x01, 0x40, 0x16});
        ByteBuffer pps = ByteBuffer.wrap(new byte[] {0x68, (byte) 0xCB, (byte) 0x83, (byte) 0xCB, 0x20});
        for (int c = 0; c < cameras; c++) {
            long start = 1_704_067_200_000_000L + c;
            TrackFiles f = TrackFiles.of(Files.createDirectories(root.resolve("cam-" + c)), Long.toString(start / 1000), "video");
            TrackWriter w = TrackWriter.create(f, TrackHeader.video(Codec.H264, start, 1920, 1080));
            catalog.opened("cam-" + c, new SegmentInfo(f.index().getParent(), Long.toString(start / 1000), start, start, List.of("video"), 0, 0, true, false));
            for (int i = 0; i < 7500; i++) {
                int pts = (int) (i * 4096L / 15);
                if (i % 15 == 0) {
                    w.append(pts, sps, Rf1Flags.ESSENTIAL | Rf1Flags.ANNEX_B);
                    w.append(pts, pps, Rf1Flags.ESSENTIAL | Rf1Flags.ANNEX_B);
                    w.append(pts, idr, Rf1Flags.KEY_FRAME | Rf1Flags.ANNEX_B);
                    w.flush();
                } else {
                    w.append(pts, p, Rf1Flags.ANNEX_B);
                }
            }
            w.abandon(); // killed: the last second never flushed, the segment never closed
        }
    }

    private static byte[] filled(int size, int header) {
        byte[] b = new byte[size];
        b[0] = (byte) header;
        for (int i = 1; i < size; i++) b[i] = (byte) (1 + i % 250);
        return b;
    }

    @Benchmark
    public RecoveryReport recover() throws Exception {
        return new StartupRecovery(root, catalog, 4, System::nanoTime).run();
    }

    @TearDown(Level.Invocation)
    public void clean() throws IOException {
        catalog.close();
        try (var files = Files.walk(root)) {
            for (Path q : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
