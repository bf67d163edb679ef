package dev.vigil.rtsp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.Codec;
import dev.vigil.rtsp.TrackConfig;
import dev.vigil.rtsp.TrackReceiver;
import dev.vigil.rtsp.testing.CollectingSink;
import dev.vigil.rtsp.testing.FakeClock;
import dev.vigil.rtsp.testing.Packetizer;
import dev.vigil.rtsp.testing.Rtp;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Large reassembled NAL units go out in arrays lent by {@link NalArrays#SHARED}: a unit not yet
 * released keeps its bytes whatever comes after it, a released one's arrays carry later units, and
 * nothing that is kept (parameter sets) ever sits in a lent array.
 */
class LentArraysTest {
    static final int PT = 96;
    final CollectingSink sink = new CollectingSink();
    final TrackReceiver rx = new TrackReceiver(new TrackConfig(0, Codec.H264, PT, 90_000, Map.of(), 0, TrackConfig.DEFAULT_SSRC_RELOCK),
            sink, new FakeClock());
    final Random random = new Random(3);
    int seq;

    /** A NAL unit of {@code size} random bytes with {@code header}, without start codes, as a real one. */
    byte[] nal(int header, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        b[0] = (byte) header;
        for (int i = 1; i < size; i++) if (b[i] == 0) b[i] = 7;
        return b;
    }

    void sendAu(long ts, byte[]... nals) {
        List<byte[]> payloads = new Packetizer(Packetizer.Kind.H264, 1400, true).packetize(List.of(nals));
        for (int i = 0; i < payloads.size(); i++)
            rx.onRtp(Unpooled.wrappedBuffer(Rtp.packet(PT, seq++, ts, 0x1234, i == payloads.size() - 1, payloads.get(i))));
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void aUnitNotReleasedKeepsItsBytesAndAReleasedOneLendsItsArraysOn() {
        byte[] sps = H264DepacketizerTest.SPS, pps = H264DepacketizerTest.PPS;
        byte[] idr = nal(0x65, 60_000), p1 = nal(0x41, 30_000), p2 = nal(0x41, 30_000);
        sendAu(0, sps, pps, idr);
        sendAu(3000, p1);
        AccessUnit first = sink.units.get(0), second = sink.units.get(1);
        assertThat(first.units().get(0).capacity()).as("a view of exactly the unit").isEqualTo(sps.length);
        assertThat(first.units().get(2).capacity()).isEqualTo(idr.length);

        // Not released: the next units take other arrays, and these bytes stay.
        sendAu(6000, p2);
        assertThat(sink.nals(0)).containsExactly(sps, pps, idr);
        assertThat(sink.nals(1)).containsExactly(p1);

        long idle = NalArrays.SHARED.idleBytes();
        second.release();
        second.release(); // once is what counts
        assertThat(NalArrays.SHARED.idleBytes()).isEqualTo(idle + 32768); // 30 000 bytes: a 32 KiB array
        byte[] p3 = nal(0x41, 29_000);
        sendAu(9000, p3);
        assertThat(NalArrays.SHARED.idleBytes()).as("the released array carries the next unit").isEqualTo(idle);
        assertThat(sink.nals(3)).containsExactly(p3);
        assertThat(sink.nals(2)).containsExactly(p2);
        assertThat(sink.nals(0)).containsExactly(sps, pps, idr);
        first.release();
    }

    @Test
    void aParameterSetReassembledFromFragmentsIsCopiedOutOfItsLentArray() {
        byte[] sps = H264DepacketizerTest.SPS, bigPps = nal(0x68, 6000);
        sendAu(0, sps, bigPps, nal(0x65, 20_000));
        sink.units.get(0).release();
        // The PPS's lent array went back at once, and the next unit's slice lies in it now.
        for (int i = 1; i <= 3; i++) {
            sendAu(3000L * i, nal(0x41, 7000));
            sink.units.get(i).release();
        }
        List<ByteBuffer> inEffect = sink.units.get(3).parameterSets();
        assertThat(bytes(inEffect.get(inEffect.size() - 1))).isEqualTo(bigPps);
        assertThat(sink.nals(0).get(1)).isEqualTo(bigPps);
    }

    @Test
    void aLargeUnitHoldingStartCodesIsSplitAndItsArrayGivenBack() {
        byte[] idr = nal(0x65, 9000), sei = nal(0x06, 100);
        byte[] annexB = new byte[sei.length + 4 + idr.length];
        System.arraycopy(sei, 0, annexB, 0, sei.length);
        System.arraycopy(new byte[] {0, 0, 0, 1}, 0, annexB, sei.length, 4);
        System.arraycopy(idr, 0, annexB, sei.length + 4, idr.length);
        NalArrays.SHARED.give(new byte[12288]); // so that the unit (9 104 bytes) takes an idle array
        long idle = NalArrays.SHARED.idleBytes();
        sendAu(0, H264DepacketizerTest.SPS, H264DepacketizerTest.PPS, annexB);
        assertThat(sink.nals(0)).containsExactly(H264DepacketizerTest.SPS, H264DepacketizerTest.PPS, sei, idr);
        // The split copied the parts out, and the 12 KiB array went back at once.
        assertThat(NalArrays.SHARED.idleBytes()).isEqualTo(idle);
    }
}
