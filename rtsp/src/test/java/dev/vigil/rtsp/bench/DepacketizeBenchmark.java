package dev.vigil.rtsp.bench;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.AccessUnitSink;
import dev.vigil.rtsp.Codec;
import dev.vigil.rtsp.TrackConfig;
import dev.vigil.rtsp.TrackReceiver;
import dev.vigil.rtsp.TrackStats;
import dev.vigil.rtsp.testing.Packetizer;
import dev.vigil.rtsp.testing.Rtp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Depacketizing throughput of one H.264 track on one thread: RTP packets (as a channel handler
 * gets them, in a ByteBuf) through {@link TrackReceiver#onRtp} — parse, SSRC lock, sequence
 * tracking, FU-A reassembly, access-unit assembly — to a sink that reads every NAL unit.
 * Score: packets per second; the {@code bytes} counter is RTP packet bytes (12-byte header
 * included) per second.
 *
 * <p>The stream is one GOP of synthetic NAL units (no zero bytes, so no false start codes, like
 * real slices after emulation prevention) with a real SPS and PPS, packetized by the tests'
 * RFC 6184 packetizer at 1400 bytes (FU-A for anything larger, STAP-A for SPS+PPS), and replayed
 * for ever with sequence numbers and timestamps rewritten in place so that the receiver sees one
 * continuous stream.
 * <ul>
 *   <li>{@code hd}: 1080p-like, 100 kB key frame then 49 P frames of 20 kB (25 fps, 2 s GOP, about 4.3 Mbit/s);
 *   <li>{@code lowres}: a sub-stream, 8 kB key frame then 29 P frames of 1.5 kB (15 fps, 2 s GOP, about 200 kbit/s).
 * </ul>
 * {@code transport}: tcp is interleaved (no reordering window), udp holds 16 packets for reordering.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class DepacketizeBenchmark {
    static final byte[] SPS = Base64.getDecoder().decode("Z0LAC9kBQfsBEAAAAwAQAAADAUDxQqSA");
    static final byte[] PPS = Base64.getDecoder().decode("aMuDyyA=");
    static final int MTU = 1400;
    static final int PT = 96;

    @Param({"hd", "lowres"})
    String stream;

    @Param({"tcp", "udp"})
    String transport;

    private final List<ByteBuf> gop = new ArrayList<>();
    private int next;
    private int seq;
    private long ts;
    private int frameTicks;
    private TrackReceiver receiver;
    private Sink sink;

    /** Per-iteration counters JMH reports as rates next to the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long bytes;
        public long accessUnits;

        @Setup(Level.Iteration)
        public void clear() {
            bytes = 0;
            accessUnits = 0;
        }
    }

    /** Consumes every access unit the way a writer would: reads each NAL unit's bytes. */
    static final class Sink implements AccessUnitSink {
        Blackhole bh;
        Counters counters;

        @Override
        public void accept(AccessUnit au) {
            for (ByteBuffer nal : au.units()) bh.consume(nal.get(nal.limit() - 1));
            bh.consume(au.keyFrame());
            counters.accessUnits++;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        boolean hd = stream.equals("hd");
        int keyBytes = hd ? 100_000 : 8_000;
        int pBytes = hd ? 20_000 : 1_500;
        int frames = hd ? 50 : 30;
        frameTicks = 90_000 / (hd ? 25 : 15);
        SplittableRandom random = new SplittableRandom(42);
        Packetizer packetizer = new Packetizer(Packetizer.Kind.H264, MTU, true);
        for (int f = 0; f < frames; f++) {
            List<byte[]> au = f == 0 ? List.of(SPS, PPS, slice(random, 0x65, keyBytes)) : List.of(slice(random, 0x41, pBytes));
            List<byte[]> payloads = packetizer.packetize(au);
            for (int i = 0; i < payloads.size(); i++) {
                byte[] packet = Rtp.packet(PT, 0, 0, 0x1234_5678, i == payloads.size() - 1, payloads.get(i));
                gop.add(Unpooled.directBuffer(packet.length).writeBytes(packet));
            }
        }
        TrackConfig config = transport.equals("udp")
                ? TrackConfig.udp(0, Codec.H264, PT, 90_000, Map.of())
                : TrackConfig.tcp(0, Codec.H264, PT, 90_000, Map.of());
        sink = new Sink();
        receiver = new TrackReceiver(config, sink, System::nanoTime);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        // A benchmark that silently dropped everything would look fast.
        long units = receiver.stats().get(TrackStats.Counter.UNITS_EMITTED);
        long bad = receiver.stats().get(TrackStats.Counter.LOST) + receiver.stats().get(TrackStats.Counter.UNITS_DROPPED)
                + receiver.stats().get(TrackStats.Counter.MALFORMED_PAYLOAD);
        if (units == 0 || bad != 0) throw new IllegalStateException("the benchmark stream was not depacketized cleanly: " + receiver.stats());
        receiver.close(); // gives back the slices of a unit cut off mid-way
        for (ByteBuf b : gop) b.release();
    }

    @Benchmark
    public void onRtp(Blackhole bh, Counters counters) {
        sink.bh = bh; // JMH injects these per call only; two field writes cost nothing next to a packet
        sink.counters = counters;
        ByteBuf packet = gop.get(next);
        packet.setShort(2, seq++);
        packet.setInt(4, (int) ts);
        receiver.onRtp(packet);
        counters.bytes += packet.readableBytes();
        if ((packet.getByte(1) & 0x80) != 0) ts += frameTicks; // the marker ends a frame: next one, next timestamp
        if (++next == gop.size()) next = 0;
    }

    private static byte[] slice(SplittableRandom random, int header, int size) {
        byte[] nal = new byte[size];
        for (int i = 0; i < size; i++) nal[i] = (byte) (1 + random.nextInt(255));
        nal[0] = (byte) header;
        return nal;
    }
}
