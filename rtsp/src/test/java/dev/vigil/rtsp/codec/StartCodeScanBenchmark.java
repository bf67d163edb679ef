package dev.vigil.rtsp.codec;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The start-code scan over one NAL unit without a start code, as every video NAL unit received is
 * scanned: {@code words} is {@link AnnexB#indexOfStartCodeByWords}, {@code vectors}
 * {@link VectorStartCodes}. Score: time per scan; divide by {@code size} for time per byte.
 *
 * <p>The unit is random bytes (as compressed slices are, nearly) with emulation prevention applied
 * as an encoder does: a 03 after every 00 00, so zero pairs occur but start codes do not. Sizes: an
 * RTP packet's worth, a 1080p P slice at 4 Mbit/s, a key frame.
 *
 * <pre>mvn -pl rtsp test-compile exec:exec@jmh -Djmh.args="StartCodeScanBenchmark"</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StartCodeScanBenchmark {
    @Param({"1400", "30000", "200000"})
    public int size;

    @Param({"words", "vectors"})
    public String scan;

    private byte[] nal;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        nal = new byte[size];
        int zeros = 0;
        for (int i = 0; i < size; i++) {
            byte b = (byte) random.nextInt(256);
            if (zeros == 2 && (b & 0xFF) <= 3) b = 3; // emulation prevention
            nal[i] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        if (AnnexB.indexOfStartCodeByWords(nal, 0, size) >= 0) throw new IllegalStateException("a start code in the test unit");
        if (scan.equals("vectors") && !AnnexB.VECTORS) throw new IllegalStateException("the Vector API is not usable here");
    }

    @Benchmark
    public int indexOfStartCode() {
        return scan.equals("vectors") ? VectorStartCodes.indexOf(nal, 0, size) : AnnexB.indexOfStartCodeByWords(nal, 0, size);
    }
}
