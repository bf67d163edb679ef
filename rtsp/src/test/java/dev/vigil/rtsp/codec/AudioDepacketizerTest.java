package dev.vigil.rtsp.codec;

import static dev.vigil.rtsp.testing.Rtp.bytes;
import static dev.vigil.rtsp.testing.Rtp.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.Codec;
import dev.vigil.rtsp.Fmtp;
import dev.vigil.rtsp.NalFlags;
import dev.vigil.rtsp.TrackConfig;
import dev.vigil.rtsp.TrackReceiver;
import dev.vigil.rtsp.TrackStats.Counter;
import dev.vigil.rtsp.testing.CollectingSink;
import dev.vigil.rtsp.testing.FakeClock;
import dev.vigil.rtsp.testing.Rtp;
import io.netty.buffer.Unpooled;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AudioDepacketizerTest {
    static final String AAC_FMTP = "streamtype=5; profile-level-id=15; mode=AAC-hbr; config=1408; "
            + "SizeLength=13; IndexLength=3; IndexDeltaLength=3";

    final CollectingSink sink = new CollectingSink();
    final FakeClock clock = new FakeClock();
    int seq = 100;

    TrackReceiver aac(String fmtp) {
        return new TrackReceiver(TrackConfig.udp(2, Codec.AAC, 97, 16000, Fmtp.parse(fmtp)), sink, clock);
    }

    void send(TrackReceiver rx, int pt, long ts, boolean marker, byte[] payload) {
        rx.onRtp(Unpooled.wrappedBuffer(Rtp.packet(pt, seq++, ts, 9, marker, payload)));
    }

    /** AU-headers-length and 16-bit hbr headers (13-bit size, 3-bit index 0) for {@code sizes}. */
    static byte[] auHeaders(int... sizes) {
        byte[] h = new byte[2 + 2 * sizes.length];
        h[1] = (byte) (16 * sizes.length);
        h[0] = (byte) ((16 * sizes.length) >> 8);
        for (int i = 0; i < sizes.length; i++) {
            h[2 + 2 * i] = (byte) (sizes[i] >> 5);
            h[3 + 2 * i] = (byte) (sizes[i] << 3);
        }
        return h;
    }

    static byte[] frame(int size, int fill) {
        byte[] f = new byte[size];
        java.util.Arrays.fill(f, (byte) fill);
        return f;
    }

    static byte[] adts(byte[] raw) {
        return concat(AudioSpecificConfig.fromHex("1408").adtsHeader(raw.length), raw);
    }

    @Test
    void severalAusPerPacketBecomeOneAdtsFrameEach() {
        TrackReceiver rx = aac(AAC_FMTP);
        byte[] a = frame(200, 1), b = frame(7, 2), c = frame(300, 3);
        send(rx, 97, 5000, true, concat(auHeaders(200, 7, 300), a, b, c));
        assertThat(sink.units).extracting(AccessUnit::timestamp).containsExactly(5000L, 6024L, 7048L);
        assertThat(sink.nals(0)).containsExactly(adts(a));
        assertThat(sink.nals(1)).containsExactly(adts(b));
        assertThat(sink.nals(2)).containsExactly(adts(c));
        AccessUnit au = sink.units.get(0);
        assertThat(au.codec()).isEqualTo(Codec.AAC);
        assertThat(au.clockRate()).isEqualTo(16000);
        assertThat(au.keyFrame()).isTrue();
        assertThat(au.unitFlags()).containsExactly(NalFlags.KEY_FRAME);
        assertThat(au.parameterSets()).isEmpty();
    }

    @Test
    void aFragmentedAuIsReassembled() {
        TrackReceiver rx = aac(AAC_FMTP);
        byte[] big = frame(2500, 0x5A);
        send(rx, 97, 0, false, concat(auHeaders(2500), java.util.Arrays.copyOfRange(big, 0, 1000)));
        send(rx, 97, 0, false, concat(auHeaders(2500), java.util.Arrays.copyOfRange(big, 1000, 2000)));
        assertThat(sink.units).isEmpty();
        send(rx, 97, 0, true, concat(auHeaders(2500), java.util.Arrays.copyOfRange(big, 2000, 2500)));
        assertThat(sink.nals(0)).containsExactly(adts(big));
    }

    @Test
    void lossDropsAPartialFragmentAndMarksTheNextFrame() {
        TrackReceiver rx = aac(AAC_FMTP);
        send(rx, 97, 0, true, concat(auHeaders(10), frame(10, 1)));
        send(rx, 97, 1024, false, concat(auHeaders(2500), frame(1000, 2)));
        seq++; // the middle fragment is lost
        send(rx, 97, 1024, true, concat(auHeaders(2500), frame(500, 2)));
        send(rx, 97, 2048, true, concat(auHeaders(10), frame(10, 3)));
        assertThat(sink.units).as("UDP: held in the reorder window in case the hole fills").hasSize(1);
        rx.flush();
        assertThat(sink.units).extracting(AccessUnit::timestamp).containsExactly(0L, 2048L);
        assertThat(sink.units.get(1).lossBefore()).isTrue();
        assertThat(sink.gaps).hasSize(1);
        assertThat(rx.stats().get(Counter.FRAGMENTS_DROPPED)).isEqualTo(1);
    }

    @Test
    void unusableConfigIsCountedAndDropsPacketsWithoutCrashing() {
        TrackReceiver rx = aac("mode=AAC-hbr; config=zz; sizelength=13");
        assertThat(rx.stats().get(Counter.INVALID_CONFIG)).isEqualTo(1);
        send(rx, 97, 0, true, concat(auHeaders(10), frame(10, 1)));
        assertThat(sink.units).isEmpty();
        TrackReceiver noConfig = aac("mode=AAC-hbr");
        assertThat(noConfig.stats().get(Counter.INVALID_CONFIG)).isEqualTo(1);
    }

    @Test
    void malformedAuHeadersYieldNothing() {
        TrackReceiver rx = aac(AAC_FMTP);
        send(rx, 97, 0, true, bytes(0x7F, 0xFF, 1, 2)); // header length far beyond the packet
        send(rx, 97, 1024, true, concat(auHeaders(10, 20), frame(10, 1))); // second AU missing
        send(rx, 97, 2048, true, bytes(0)); // shorter than the length field
        assertThat(sink.units).isEmpty();
        assertThat(rx.stats().get(Counter.MALFORMED_PAYLOAD)).isEqualTo(3);
    }

    @Test
    void g711IsPassedThroughPacketByPacket() {
        for (Codec codec : new Codec[] {Codec.PCMU, Codec.PCMA}) {
            sink.units.clear();
            int pt = codec == Codec.PCMU ? 0 : 8;
            TrackReceiver rx = new TrackReceiver(TrackConfig.tcp(4, codec, pt, 8000, Map.of()), sink, clock);
            byte[] samples = frame(160, 0xD5);
            send(rx, pt, 160, false, samples);
            seq++;
            send(rx, pt, 480, false, samples);
            assertThat(sink.units).hasSize(2);
            assertThat(sink.nals(0)).containsExactly(samples);
            assertThat(sink.units.get(0).codec()).isEqualTo(codec);
            assertThat(sink.units.get(1).timestamp()).isEqualTo(480);
            assertThat(sink.units.get(1).lossBefore()).isTrue();
        }
    }
}
