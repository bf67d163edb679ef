package dev.vigil.storage.bench;

import dev.vigil.storage.mp4.GapMode;
import dev.vigil.storage.mp4.Mp4File;
import dev.vigil.storage.mp4.Mp4Plan;
import dev.vigil.storage.mp4.Mp4Planner;
import dev.vigil.storage.mp4.SegmentRef;
import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.segment.AudioFrame;
import dev.vigil.storage.segment.RollPolicy;
import dev.vigil.storage.segment.SegmentInfo;
import dev.vigil.storage.segment.SegmentListener;
import dev.vigil.storage.segment.SegmentWriter;
import dev.vigil.storage.segment.VideoFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * MP4 export. {@code planAndMoovOneHour}: the plan and the header (ftyp + moov) of a one-hour
 * range starting mid-GOP, 1080p at 30 fps with a key frame every second (SPS, PPS, IDR) and AAC at
 * 48 kHz: 108 000 video and 168 750 audio samples over four segments; what stands before the first
 * byte of a response. Payloads are tiny: the moov depends on the indexes only.
 * {@code streamMdatOneMinute}: the whole file of one minute of video with realistic frame sizes
 * (150 kB key frames, 16 kB others: 36.9 MB) written to a channel that discards it, the packets
 * files in the page cache ({@code /dev/shm}); divide the file size printed at setup by the time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class Mp4Benchmark {
    static final long T0 = 1_704_067_200_000_000L;

    @Param({"/dev/shm"})
    String dir;

    private Path root;
    private List<SegmentRef> hour;
    private List<SegmentRef> minute;
    private Mp4File minuteFile;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Files.createTempDirectory(Path.of(dir), "vigil-mp4-bench");
        hour = record(root.resolve("hour"), 3600, 16, 8, true);
        minute = record(root.resolve("minute"), 60, 150_000, 16_000, false);
        minuteFile = Mp4File.of(Mp4Planner.plan(minute, T0, T0 + 60_000_000L, GapMode.STOP));
        System.out.println("one-minute file: " + minuteFile.length() + " bytes");
        Mp4File h = Mp4File.of(Mp4Planner.plan(hour, T0 + 500_000, T0 + 3_600_500_000L, GapMode.STOP));
        System.out.println("one-hour header: " + h.headerLength() + " bytes, " + h.plan().videoSamples() + " video, "
                + h.plan().audioSamples() + " audio samples");
    }

    static List<SegmentRef> record(Path dir, int seconds, int keySize, int frameSize, boolean audio) throws IOException {
        List<SegmentInfo> closed = new ArrayList<>();
        ByteBuffer sps = ByteBuffer.wrap(new byte[] {0x67, 0x64, 0x00, 0x28, (byte) 0xAC, 0x2B});
        ByteBuffer pps = ByteBuffer.wrap(new byte[] {0x68, (byte) 0xEE, 0x3C, (byte) 0x80});
        ByteBuffer idr = filled(0x65, keySize);
        ByteBuffer p = filled(0x41, frameSize);
        ByteBuffer adts = adts(200);
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.of(java.time.Duration.ofSeconds(900), java.time.Duration.ZERO),
                new SegmentListener() {
                    @Override
                    public void closed(SegmentInfo s) {
                        closed.add(s);
                    }
                })) {
            long audioFrames = 0;
            for (int i = 0; i < seconds * 30; i++) {
                long t = T0 + i * 1_000_000L / 30;
                while (audio && T0 + audioFrames * 1024 * 1_000_000L / 48000 <= t) {
                    w.write(new AudioFrame(T0 + audioFrames * 1024 * 1_000_000L / 48000, Codec.AAC, 48000, 2, adts.duplicate()));
                    audioFrames++;
                }
                List<ByteBuffer> nals = i % 30 == 0 ? List.of(sps.duplicate(), pps.duplicate(), idr.duplicate()) : List.of(p.duplicate());
                w.write(new VideoFrame(t, Codec.H264, 1920, 1080, nals));
            }
        }
        return closed.stream().map(SegmentRef::of).toList();
    }

    static ByteBuffer filled(int header, int size) {
        byte[] b = new byte[size];
        b[0] = (byte) header;
        for (int i = 1; i < size; i++) b[i] = (byte) (i * 31 | 0x80); // no start-code-like zeros
        return ByteBuffer.wrap(b);
    }

    /** An ADTS header (AAC-LC, 48 kHz, stereo, no CRC) and {@code payload} bytes. */
    static ByteBuffer adts(int payload) {
        int len = 7 + payload;
        byte[] b = new byte[len];
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xF1;
        b[2] = (byte) ((1 << 6) | (3 << 2));
        b[3] = (byte) ((2 << 6) | (len >> 11));
        b[4] = (byte) (len >> 3);
        b[5] = (byte) (((len & 7) << 5) | 0x1F);
        b[6] = (byte) 0xFC;
        return ByteBuffer.wrap(b);
    }

    @Benchmark
    public long planAndMoovOneHour() throws IOException {
        return Mp4File.of(Mp4Planner.plan(hour, T0 + 500_000, T0 + 3_600_500_000L, GapMode.STOP)).headerLength();
    }

    @Benchmark
    public long streamMdatOneMinute() throws IOException {
        Discard d = new Discard();
        minuteFile.write(0, minuteFile.length(), d);
        return d.bytes;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** Counts and drops what it is given. */
    static final class Discard implements WritableByteChannel {
        long bytes;

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            bytes += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }
}
