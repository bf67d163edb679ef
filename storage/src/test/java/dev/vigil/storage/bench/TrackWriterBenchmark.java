package dev.vigil.storage.bench;

import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.rf1.Rf1Flags;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackHeader;
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
 * Throughput of {@link TrackWriter#append} for one track, one thread: score = NAL units per second,
 * so bytes per second = score x ({@code nalBytes} + 4). Tracks roll as the real writer's limits
 * require, and each finished segment is deleted so the run measures writing, not a filling disk.
 *
 * <p>{@code flushFrames} > 0 calls {@link TrackWriter#flush()} (two fdatasyncs) every that many NAL
 * units, i.e. once per second of a stream at that frame rate; 0 never flushes.
 * {@code dir} should be on the file system under test; {@code /dev/shm} measures the page cache
 * alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class TrackWriterBenchmark {
    /** ~1 KB: a low-resolution sub-stream's P frames; ~100 KB: an HD main stream's. */
    @Param({"1000", "100000"})
    int nalBytes;

    @Param({"0", "15"})
    int flushFrames;

    @Param({"/dev/shm"})
    String dir;

    private Path root;
    private TrackWriter writer;
    private ByteBuffer nal;
    private int segments;
    private int frame;
    private int pts;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Files.createTempDirectory(Path.of(dir), "vigil-bench");
        byte[] b = new byte[nalBytes];
        new SplittableRandom(1).nextBytes(b);
        b[0] = 0x41;
        nal = ByteBuffer.allocateDirect(nalBytes).put(b).flip();
        roll();
    }

    @Benchmark
    public void append() throws IOException {
        if (!writer.fits(pts, 1, nalBytes + 4)) roll();
        writer.append(pts, nal, Rf1Flags.ANNEX_B);
        pts++;
        if (flushFrames > 0 && ++frame % flushFrames == 0) writer.flush();
    }

    private void roll() throws IOException {
        if (writer != null) {
            writer.close();
            Files.delete(writer.files().index());
            Files.delete(writer.files().packets());
        }
        writer = TrackWriter.create(TrackFiles.of(root, Integer.toString(segments++), "video"), TrackHeader.video(Codec.H264, 0, 1920, 1080));
        pts = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        writer.abandon();
        Files.deleteIfExists(writer.files().index());
        Files.deleteIfExists(writer.files().packets());
        Files.deleteIfExists(root);
    }
}
