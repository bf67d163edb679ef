package dev.vigil.rtsp.codec;

import static dev.vigil.rtsp.testing.Rtp.bytes;
import static dev.vigil.rtsp.testing.Rtp.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.Codec;
import dev.vigil.rtsp.Fmtp;
import dev.vigil.rtsp.TrackConfig;
import dev.vigil.rtsp.TrackReceiver;
import dev.vigil.rtsp.TrackStats.Counter;
import dev.vigil.rtsp.testing.CollectingSink;
import dev.vigil.rtsp.testing.FakeClock;
import dev.vigil.rtsp.testing.Packetizer;
import dev.vigil.rtsp.testing.Rtp;
import dev.vigil.rtsp.testing.Streams;
import io.netty.buffer.Unpooled;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class H265DepacketizerTest {
    static final int PT = 98;
    static final List<byte[]> NALS = Packetizer.nalUnits(Streams.read("h265-640x360.h265"));
    static final byte[] VPS = NALS.get(0);
    static final byte[] SPS = NALS.get(1);
    static final byte[] PPS = NALS.get(2);
    static final byte[] IDR = bytes(0x26, 0x01, 0xAF, 0x01, 0x02); // IDR_W_RADL (19)
    static final byte[] CRA = bytes(0x2A, 0x01, 0xAF, 0x03, 0x04); // CRA (21)
    static final byte[] TRAIL = bytes(0x02, 0x01, 0xD0, 0x05, 0x06); // TRAIL_R (1)

    final CollectingSink sink = new CollectingSink();
    final FakeClock clock = new FakeClock();
    int seq;

    TrackReceiver receiver(Map<String, String> fmtp) {
        return new TrackReceiver(TrackConfig.tcp(1, Codec.H265, PT, 90_000, fmtp), sink, clock);
    }

    void send(TrackReceiver rx, long ts, boolean marker, byte[] payload) {
        rx.onRtp(Unpooled.wrappedBuffer(Rtp.packet(PT, seq++, ts, 7, marker, payload)));
    }

    @Test
    void realStreamSurvivesApAndFuByteExactly() {
        List<List<byte[]>> aus = Packetizer.accessUnits(Packetizer.Kind.H265, NALS);
        assertThat(aus).hasSize(3);
        for (int mtu : new int[] {200, 1400, 60000}) {
            sink.units.clear();
            TrackReceiver rx = receiver(Map.of());
            Packetizer packetizer = new Packetizer(Packetizer.Kind.H265, mtu, true);
            long ts = 0;
            for (List<byte[]> au : aus) {
                List<byte[]> payloads = packetizer.packetize(au);
                for (int i = 0; i < payloads.size(); i++) send(rx, ts, i == payloads.size() - 1, payloads.get(i));
                ts += 6000;
            }
            assertThat(sink.units).as("mtu %d", mtu).hasSize(3);
            for (int i = 0; i < 3; i++) assertThat(sink.nals(i)).containsExactlyElementsOf(aus.get(i));
            AccessUnit first = sink.units.get(0);
            assertThat(first.unitFlags()).containsExactly(6, 6, 6, 4, 5);
            assertThat(first.keyFrame()).isTrue();
            assertThat(first.width()).isEqualTo(640);
            assertThat(first.height()).isEqualTo(360);
            assertThat(first.parameterSets()).hasSize(3);
            assertThat(sink.units.get(1).keyFrame()).isFalse();
            assertThat(rx.stats().get(Counter.FRAGMENTS_DROPPED)).isZero();
        }
    }

    @Test
    void spropVpsSpsPpsSeedTheParameterSets() {
        Base64.Encoder b64 = Base64.getEncoder();
        TrackReceiver rx = receiver(Fmtp.parse("sprop-vps=" + b64.encodeToString(VPS) + "; sprop-sps="
                + b64.encodeToString(SPS) + "; sprop-pps=" + b64.encodeToString(PPS)));
        send(rx, 0, true, CRA);
        AccessUnit au = sink.units.get(0);
        assertThat(au.keyFrame()).as("CRA is IRAP").isTrue();
        assertThat(au.width()).isEqualTo(640);
        assertThat(au.parameterSets()).extracting(java.nio.ByteBuffer::remaining)
                .containsExactly(VPS.length, SPS.length, PPS.length);
    }

    @Test
    void invalidSpropIsCountedAndIgnored() {
        TrackReceiver rx = receiver(Fmtp.parse("sprop-vps=@@@; sprop-sps=" + Base64.getEncoder().encodeToString(PPS)
                + "; sprop-pps=" + Base64.getEncoder().encodeToString(PPS)));
        assertThat(rx.stats().get(Counter.INVALID_SPROP)).isEqualTo(2);
        send(rx, 0, true, IDR);
        assertThat(sink.units.get(0).parameterSets()).hasSize(1);
    }

    @Test
    void lostFragmentWaitsForTheNextIrap() {
        TrackReceiver rx = receiver(Map.of());
        Packetizer fu = new Packetizer(Packetizer.Kind.H265, 4, false);
        send(rx, 0, true, IDR);
        List<byte[]> frags = fu.packetize(List.of(TRAIL));
        send(rx, 3000, false, frags.get(0));
        seq++;
        send(rx, 3000, true, frags.get(frags.size() - 1));
        send(rx, 6000, true, TRAIL);
        send(rx, 9000, true, CRA);
        assertThat(sink.units).extracting(AccessUnit::timestamp).containsExactly(0L, 9000L);
        assertThat(sink.units.get(1).lossBefore()).isTrue();
    }

    @Test
    void donlFieldsAreSkippedWhenAnnounced() {
        TrackReceiver rx = receiver(Fmtp.parse("sprop-max-don-diff=2"));
        // AP: header, DONL, size+VPS, DOND, size+IDR.
        byte[] ap = concat(bytes(48 << 1, 1, 0, 5, 0, VPS.length), VPS, bytes(1, 0, IDR.length), IDR);
        send(rx, 0, true, ap);
        // FU with DONL on the first fragment only.
        byte[] fuStart = concat(bytes(49 << 1, 1, 0x80 | 1, 0, 6), bytes(0xD0, 0x05));
        byte[] fuEnd = concat(bytes(49 << 1, 1, 0x40 | 1), bytes(0x06));
        send(rx, 3000, false, fuStart);
        send(rx, 3000, true, fuEnd);
        assertThat(sink.nals(0)).containsExactly(VPS, IDR);
        assertThat(sink.nals(1)).containsExactly(TRAIL);
    }

    @Test
    void paciAndUnspecifiedTypesAreCountedAndDropped() {
        TrackReceiver rx = receiver(Map.of());
        send(rx, 0, false, bytes(50 << 1, 1, 0, 0));
        send(rx, 0, false, bytes(60 << 1, 1, 0, 0));
        send(rx, 0, false, bytes(0x26)); // too short for a 2-byte header
        send(rx, 0, true, IDR);
        assertThat(sink.nals(0)).containsExactly(IDR);
        assertThat(rx.stats().get(Counter.UNSUPPORTED)).isEqualTo(2);
        assertThat(rx.stats().get(Counter.MALFORMED_PAYLOAD)).isEqualTo(1);
    }
}
