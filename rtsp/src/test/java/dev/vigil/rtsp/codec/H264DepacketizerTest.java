package dev.vigil.rtsp.codec;

import static dev.vigil.rtsp.testing.Rtp.bytes;
import static dev.vigil.rtsp.testing.Rtp.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.Codec;
import dev.vigil.rtsp.Fmtp;
import dev.vigil.rtsp.Gap;
import dev.vigil.rtsp.NalFlags;
import dev.vigil.rtsp.TrackConfig;
import dev.vigil.rtsp.TrackReceiver;
import dev.vigil.rtsp.TrackStats.Counter;
import dev.vigil.rtsp.testing.Bits;
import dev.vigil.rtsp.testing.CollectingSink;
import dev.vigil.rtsp.testing.FakeClock;
import dev.vigil.rtsp.testing.Packetizer;
import dev.vigil.rtsp.testing.Rtp;
import dev.vigil.rtsp.testing.Streams;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class H264DepacketizerTest {
    static final int PT = 96;
    static final int SSRC = 0x1234;
    static final byte[] SPS = H264SpsTest.spsTail(H264SpsTest.spsStart(66, 0), 20, 15, true, null).nal(0x67);
    static final byte[] SPS_640 = H264SpsTest.spsTail(H264SpsTest.spsStart(66, 0), 40, 30, true, null).nal(0x67);
    static final byte[] PPS = new Bits().ue(0).ue(0).nal(0x68);
    static final byte[] SEI = bytes(0x06, 0x05, 0x01, 0x42, 0x80);
    static final byte[] IDR = bytes(0x65, 0x88, 0x84, 0x21, 0xA0);
    static final byte[] P1 = bytes(0x41, 0x9A, 0x02, 0x03, 0x04);
    static final byte[] P2 = bytes(0x41, 0x9A, 0x05, 0x06, 0x07);

    final FakeClock clock = new FakeClock();
    final CollectingSink sink = new CollectingSink();
    int seq = 65500; // wraps during the longer tests
    TrackReceiver rx = receiver(Map.of(), 0);

    TrackReceiver receiver(Map<String, String> fmtp, int window) {
        return new TrackReceiver(new TrackConfig(0, Codec.H264, PT, 90_000, fmtp, window, TrackConfig.DEFAULT_SSRC_RELOCK),
                sink, clock);
    }

    void send(long ts, boolean marker, byte[] payload) {
        sendPt(PT, ts, marker, payload);
    }

    void sendPt(int pt, long ts, boolean marker, byte[] payload) {
        rx.onRtp(Unpooled.wrappedBuffer(Rtp.packet(pt, seq++ & 0xFFFF, ts, SSRC, marker, payload)));
    }

    /** All packets of one access unit, marker on the last. */
    void sendAu(long ts, byte[]... nals) {
        for (int i = 0; i < nals.length; i++) send(ts, i == nals.length - 1, nals[i]);
    }

    static List<byte[]> list(byte[]... nals) {
        return List.of(nals);
    }

    /** GStreamer's payloader with a sliced encoder repeats SPS/PPS before every IDR slice. */
    @Test
    void identicalParameterSetsRepeatedBetweenSlicesOfOnePictureAreDropped() {
        byte[] idr2 = bytes(0x65, 0x00, 0x84, 0x21, 0xA0); // first_mb_in_slice != 0: the picture's second slice
        sendAu(1000, SPS, PPS, IDR, SPS, PPS, idr2);
        sendAu(7000, P1);
        assertThat(sink.units).hasSize(2);
        assertThat(sink.nals(0)).containsExactly(SPS, PPS, IDR, idr2);
        assertThat(rx.stats().get(Counter.REPEATED_PARAMETER_SETS)).isEqualTo(2);
    }

    @Test
    void aChangedParameterSetAfterASliceIsKept() {
        // The PPS after the new SPS is byte-identical to the first, but is parsed against the new SPS.
        sendAu(1000, SPS, PPS, IDR, SPS_640, PPS, IDR);
        assertThat(sink.nals(0)).containsExactly(SPS, PPS, IDR, SPS_640, PPS, IDR);
        assertThat(rx.stats().get(Counter.REPEATED_PARAMETER_SETS)).isZero();
    }

    @Test
    void realStreamsSurviveFuAAndStapAByteExactly() {
        for (String stream : List.of("h264-320x240.h264", "h264-sliced-1280x720.h264")) {
            for (boolean aggregate : List.of(false, true)) {
                CollectingSink out = new CollectingSink();
                TrackReceiver r = new TrackReceiver(TrackConfig.tcp(3, Codec.H264, PT, 90_000, Map.of()), out, clock);
                List<List<byte[]>> aus = Packetizer.accessUnits(Packetizer.Kind.H264, Packetizer.nalUnits(Streams.read(stream)));
                Packetizer packetizer = new Packetizer(Packetizer.Kind.H264, 1400, aggregate);
                long ts = 0xFFFF_0000L; // the 32-bit timestamp wraps after a few frames
                int s = 0;
                for (List<byte[]> au : aus) {
                    List<byte[]> payloads = packetizer.packetize(au);
                    for (int i = 0; i < payloads.size(); i++) {
                        r.onRtp(Unpooled.wrappedBuffer(Rtp.packet(PT, s++, ts & 0xFFFF_FFFFL, SSRC, i == payloads.size() - 1, payloads.get(i))));
                    }
                    ts += 6000;
                }
                assertThat(out.units).as(stream).hasSize(aus.size());
                for (int i = 0; i < aus.size(); i++) {
                    assertThat(out.nals(i)).as("%s AU %d", stream, i).containsExactlyElementsOf(aus.get(i));
                    AccessUnit au = out.units.get(i);
                    assertThat(au.trackId()).isEqualTo(3);
                    assertThat(au.timestamp()).isEqualTo(0xFFFF_0000L + 6000L * i);
                    assertThat(au.keyFrame()).isEqualTo((aus.get(i).stream().anyMatch(n -> (n[0] & 0x1F) == 5)));
                    assertThat(au.lossBefore()).isFalse();
                }
                AccessUnit first = out.units.get(0);
                assertThat(first.unitFlags()).startsWith(6, 6, 4, 5);
                assertThat(first.parameterSets()).hasSize(2);
                boolean hd = stream.contains("1280");
                assertThat(first.width()).isEqualTo(hd ? 1280 : 320);
                assertThat(first.height()).isEqualTo(hd ? 720 : 240);
                assertThat(r.stats().get(Counter.LOST)).isZero();
            }
        }
    }

    @Test
    void fuAReassemblesAndReordersOverUdp() {
        rx = receiver(Map.of(), 16);
        byte[] big = new byte[5000];
        new Random(1).nextBytes(big);
        big[0] = 0x65;
        for (int i = 1; i < big.length; i++) if (big[i] == 0) big[i] = 7; // no start codes in a real NAL
        List<byte[]> payloads = new ArrayList<>(new Packetizer(Packetizer.Kind.H264, 700, true).packetize(list(SPS, PPS, big)));
        int first = seq;
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            packets.add(Rtp.packet(PT, (first + i) & 0xFFFF, 1000, SSRC, i == payloads.size() - 1, payloads.get(i)));
        }
        seq += payloads.size();
        Collections.swap(packets, 1, 3);
        Collections.swap(packets, 4, 5);
        for (byte[] p : packets) rx.onRtp(Unpooled.wrappedBuffer(p));
        assertThat(sink.units).hasSize(1);
        assertThat(sink.nals(0)).containsExactly(SPS, PPS, big);
        assertThat(rx.stats().get(Counter.REORDERED)).isEqualTo(2);
        assertThat(rx.stats().get(Counter.LOST)).isZero();
    }

    @Test
    void lostFragmentDropsTheUnitAndEverythingUntilTheNextKeyFrame() {
        Packetizer fu = new Packetizer(Packetizer.Kind.H264, 3, false);
        sendAu(0, SPS, PPS, IDR);
        sendAu(3000, P1);
        List<byte[]> frags = fu.packetize(list(P2));
        assertThat(frags).hasSizeGreaterThan(2);
        send(6000, false, frags.get(0));
        seq++; // frags.get(1) is lost
        for (int i = 2; i < frags.size(); i++) send(6000, i == frags.size() - 1, frags.get(i));
        sendAu(9000, P1);
        sendAu(12000, IDR);
        sendAu(15000, P1);

        assertThat(sink.units).extracting(AccessUnit::timestamp).containsExactly(0L, 3000L, 12000L, 15000L);
        assertThat(sink.units).extracting(AccessUnit::lossBefore).containsExactly(false, false, true, false);
        assertThat(sink.gaps).extracting(Gap::reason, Gap::lostPackets).containsExactly(org.assertj.core.groups.Tuple.tuple(Gap.Reason.PACKET_LOSS, 1L));
        assertThat(rx.stats().get(Counter.LOST)).isEqualTo(1);
        assertThat(rx.stats().get(Counter.UNITS_DROPPED)).isEqualTo(1); // the P frame at 9000
        assertThat(rx.stats().get(Counter.PACKETS_DROPPED)).isEqualTo(frags.size() - 2);
    }

    @Test
    void fragmentWithoutItsStartIsDroppedEvenWithoutSequenceLoss() {
        sendAu(0, SPS, PPS, IDR);
        List<byte[]> frags = new Packetizer(Packetizer.Kind.H264, 3, false).packetize(list(P2));
        for (int i = 1; i < frags.size(); i++) send(3000, i == frags.size() - 1, frags.get(i)); // camera skipped S
        sendAu(6000, IDR);
        assertThat(sink.units).extracting(AccessUnit::timestamp).containsExactly(0L, 6000L);
        assertThat(sink.units.get(1).lossBefore()).isTrue();
        assertThat(rx.stats().get(Counter.FRAGMENTS_DROPPED)).isEqualTo(1);
    }

    @Test
    void startsAtTheFirstKeyFrameWithoutReportingAGap() {
        List<byte[]> frags = new Packetizer(Packetizer.Kind.H264, 3, false).packetize(list(P2));
        send(0, true, frags.get(frags.size() - 1)); // joined in the middle of a fragmented unit
        sendAu(3000, P1);
        sendAu(6000, SPS, PPS, IDR);
        assertThat(sink.units).hasSize(1);
        assertThat(sink.units.get(0).lossBefore()).isFalse();
        assertThat(sink.gaps).isEmpty();
    }

    @Test
    void annexBStartCodesInsidePayloadsAreSplit() {
        byte[] sc4 = bytes(0, 0, 0, 1);
        byte[] sc3 = bytes(0, 0, 1);
        send(0, false, concat(sc4, SPS, sc4, PPS, sc3, SEI)); // a "single NAL" that is a byte stream
        send(0, false, concat(IDR, sc3, IDR)); // a start code in the middle
        List<byte[]> stap = new Packetizer(Packetizer.Kind.H264, 1000, true).packetize(list(concat(sc4, P1), P2));
        send(0, true, stap.get(0)); // and a start code in front of an aggregated unit
        assertThat(sink.nals(0)).containsExactly(SPS, PPS, SEI, IDR, IDR, P1, P2);
        assertThat(sink.units.get(0).width()).isEqualTo(320);
    }

    @Test
    void unassignedPayloadTypeOnTheVideoSsrcIsIgnoredWithoutLookingLikeLoss() {
        send(0, false, SPS);
        sendPt(50, 12345, true, bytes(1, 2, 3, 4)); // same SSRC, same sequence space
        send(0, false, PPS);
        send(0, true, IDR);
        sendPt(50, 99999, false, bytes(0x65));
        sendAu(3000, P1);
        assertThat(sink.units).hasSize(2);
        assertThat(sink.nals(0)).containsExactly(SPS, PPS, IDR);
        assertThat(sink.units.get(1).lossBefore()).isFalse();
        assertThat(rx.stats().get(Counter.UNEXPECTED_PAYLOAD_TYPE)).isEqualTo(2);
        assertThat(rx.stats().get(Counter.LOST)).isZero();
    }

    @Test
    void lossReportedBeforeAnUnassignedPacketTypeStillMarksTheNextUnit() {
        sendAu(0, SPS, PPS, IDR);
        seq++;
        sendPt(50, 1, false, bytes(1));
        sendAu(3000, P1);
        sendAu(6000, IDR);
        assertThat(sink.units).extracting(AccessUnit::timestamp).containsExactly(0L, 6000L);
        assertThat(sink.units.get(1).lossBefore()).isTrue();
    }

    /**
     * Rule: the marker ends an access unit only once it holds a slice. Cameras that set the
     * marker on the SEI (or on SPS/PPS) ahead of the slices of the same timestamp keep one unit.
     */
    @Test
    void markerOnSeiDoesNotEndTheUnitBeforeItsSlices() {
        send(0, true, SPS);
        send(0, true, PPS);
        send(0, true, SEI);
        send(0, false, IDR);
        send(0, true, IDR);
        sendAu(3000, SEI, P1);
        assertThat(sink.units).hasSize(2);
        assertThat(sink.nals(0)).containsExactly(SPS, PPS, SEI, IDR, IDR);
        assertThat(sink.nals(1)).containsExactly(SEI, P1);
    }

    @Test
    void parameterSetsUnderTheirOwnTimestampAreCarriedIntoTheNextPicture() {
        sendAu(0, SPS, PPS); // marker, but no slice
        sendAu(1, SEI);
        sendAu(3000, IDR);
        assertThat(sink.units).hasSize(1);
        assertThat(sink.nals(0)).containsExactly(SPS, PPS, SEI, IDR);
        assertThat(sink.units.get(0).timestamp()).isEqualTo(3000);
        assertThat(sink.units.get(0).unitFlags()).containsExactly(6, 6, 4, 5);
    }

    @Test
    void missingMarkerEndsTheUnitAtTheTimestampChange() {
        send(0, false, SPS);
        send(0, false, PPS);
        send(0, false, IDR);
        send(3000, false, P1);
        send(6000, true, P2);
        assertThat(sink.units).extracting(AccessUnit::timestamp).containsExactly(0L, 3000L, 6000L);
    }

    @Test
    void spropParameterSetsAreInEffectUntilInBandOnesReplaceThem() {
        String sprop = Base64.getEncoder().encodeToString(SPS) + "," + Base64.getEncoder().encodeToString(PPS);
        rx = receiver(Fmtp.parse("packetization-mode=1;sprop-parameter-sets=" + sprop), 0);
        sendAu(0, IDR);
        sendAu(3000, SPS_640, PPS, IDR);
        AccessUnit a = sink.units.get(0);
        assertThat(a.width()).isEqualTo(320);
        assertThat(a.parameterSets()).extracting(b -> { byte[] x = new byte[b.remaining()]; b.get(x); return x; })
                .containsExactly(SPS, PPS);
        AccessUnit b = sink.units.get(1);
        assertThat(b.width()).isEqualTo(640);
        assertThat(b.height()).isEqualTo(480);
        assertThat(b.parameterSets()).hasSize(2); // same ids: replaced, not added
        assertThat(b.parameterSets().get(0).remaining()).isEqualTo(SPS_640.length);
    }

    @Test
    void aSizeChangeAndBackIsFollowedThoughRepeatedSetsAreNotParsedAgain() {
        sendAu(0, SPS, PPS, IDR);
        sendAu(3000, SPS, PPS, IDR);
        sendAu(6000, SPS_640, PPS, IDR);
        sendAu(9000, SPS, PPS, IDR);
        assertThat(sink.units).extracting(AccessUnit::width).containsExactly(320, 320, 640, 320);
    }

    @Test
    void aBadSpsRepeatedBeforeEveryKeyFrameIsParsedAndCountedOnce() {
        byte[] bad = bytes(0x67, 0x42); // too short to hold an SPS
        sendAu(0, bad, PPS, IDR);
        sendAu(3000, bad, PPS, IDR);
        sendAu(6000, bad, PPS, IDR);
        assertThat(sink.units).hasSize(3);
        assertThat(rx.stats().get(Counter.BAD_PARAMETER_SET)).isEqualTo(1);
    }

    @Test
    void invalidSpropIsCountedAndIgnored() {
        String good = Base64.getEncoder().encodeToString(PPS);
        String slice = Base64.getEncoder().encodeToString(IDR);
        rx = receiver(Fmtp.parse("sprop-parameter-sets=Z0I%%%AH5W,," + slice + "," + good), 0);
        assertThat(rx.stats().get(Counter.INVALID_SPROP)).isEqualTo(2);
        sendAu(0, IDR);
        assertThat(sink.units).hasSize(1);
        assertThat(sink.units.get(0).parameterSets()).hasSize(1); // the PPS
        assertThat(sink.units.get(0).width()).isZero();
    }

    @Test
    void sdpWithoutPpsTakesTheInBandOne() {
        rx = receiver(Fmtp.parse("sprop-parameter-sets=" + Base64.getEncoder().encodeToString(SPS)), 0);
        sendAu(0, PPS, IDR);
        AccessUnit a = sink.units.get(0);
        assertThat(a.width()).isEqualTo(320);
        assertThat(a.parameterSets()).extracting(java.nio.ByteBuffer::remaining).containsExactly(SPS.length, PPS.length);
    }

    @Test
    void interleavedModePacketTypesAreCountedAndDropped() {
        sendAu(0, SPS, PPS, IDR);
        send(3000, false, bytes(25, 0, 0, 2, 0x41, 0)); // STAP-B
        send(3000, false, bytes(26, 0, 0, 0)); // MTAP16
        send(3000, false, bytes(29, 0x81, 0, 0, 1)); // FU-B
        send(3000, true, P1);
        assertThat(sink.units).hasSize(2);
        assertThat(sink.nals(1)).containsExactly(P1);
        assertThat(rx.stats().get(Counter.UNSUPPORTED)).isEqualTo(3);
    }

    @Test
    void malformedStapAKeepsWhatCameBeforeTheFault() {
        send(0, true, concat(bytes(24, 0, SPS.length), SPS, bytes(0, 99, 1, 2))); // second size overruns
        sendAu(0, PPS, IDR);
        assertThat(sink.nals(0)).containsExactly(SPS, PPS, IDR);
        assertThat(rx.stats().get(Counter.MALFORMED_PAYLOAD)).isEqualTo(1);
    }

    @Test
    void sinkMayReadBuffersWithoutDisturbingOtherReaders() {
        sendAu(0, SPS, PPS, IDR);
        AccessUnit au = sink.units.get(0);
        au.units().get(2).get(new byte[IDR.length]); // consumes that view
        assertThat(au.units().get(2).remaining()).isEqualTo(IDR.length);
        assertThat(au.units().get(2).isReadOnly()).isTrue();
        assertThat(au.flags(2) & NalFlags.KEY_FRAME).isNotZero();
    }
}
