package dev.vigil.rtsp;

import static dev.vigil.rtsp.testing.Rtp.bytes;
import static dev.vigil.rtsp.testing.Rtp.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.rtsp.TrackStats.Counter;
import dev.vigil.rtsp.testing.CollectingSink;
import dev.vigil.rtsp.testing.FakeClock;
import dev.vigil.rtsp.testing.Rtp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every network buffer the receiver is given comes back: whatever path a packet takes (dropped,
 * delivered, held as a fragment, abandoned on loss or restart, left over at the end), its
 * reference count ends at 0. Pooled direct buffers, as the event loop hands them out.
 */
class TrackReceiverReleaseTest {
    static final int PT = 96;
    static final int SSRC = 0xA;
    static final byte[] IDR = bytes(0x65, 0x88, 0x80, 0x21);
    static final byte[] P = bytes(0x41, 0x9A, 0x00, 0x07);

    final FakeClock clock = new FakeClock();
    final CollectingSink sink = new CollectingSink();
    final List<ByteBuf> sent = new ArrayList<>();

    TrackReceiver h264(boolean udp) {
        TrackConfig c = udp ? TrackConfig.udp(0, Codec.H264, PT, 90_000, Map.of()) : TrackConfig.tcp(0, Codec.H264, PT, 90_000, Map.of());
        return new TrackReceiver(c, sink, clock);
    }

    /** Sends as a channel handler does: a pooled buffer, released by the caller right after. */
    ByteBuf send(TrackReceiver rx, int pt, int seq, long ts, int ssrc, boolean marker, byte[] payload) {
        byte[] d = Rtp.packet(pt, seq, ts, ssrc, marker, payload);
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(d.length).writeBytes(d);
        sent.add(b);
        try {
            rx.onRtp(b);
        } finally {
            b.release();
        }
        return b;
    }

    ByteBuf send(TrackReceiver rx, int seq, long ts, boolean marker, byte[] payload) {
        return send(rx, PT, seq, ts, SSRC, marker, payload);
    }

    /** FU-A of an IDR slice: S, E or neither. */
    static byte[] fuA(boolean start, boolean end, int... body) {
        return concat(bytes(0x7C, (start ? 0x80 : 0) | (end ? 0x40 : 0) | 5), bytes(body));
    }

    /**
     * How many of the buffers sent are still referenced. The pool recycles a released buffer's
     * object for the next allocation, so the same object may be in {@link #sent} more than once:
     * counted once.
     */
    long held() {
        Set<ByteBuf> live = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ByteBuf b : sent) {
            if (b.refCnt() != 0) live.add(b.unwrap() != null ? b.unwrap() : b);
        }
        return live.size();
    }

    @AfterEach
    void nothingHeld() {
        assertThat(held()).as("buffers still referenced").isZero();
    }

    @Test
    void aReassembledUnitGivesBackItsFragments() {
        TrackReceiver rx = h264(false);
        send(rx, 1, 0, false, fuA(true, false, 1, 2));
        ByteBuf middle = send(rx, 2, 0, false, fuA(false, false, 3, 4));
        assertThat(held()).as("the fragments of the unit being built").isEqualTo(2);
        assertThat(middle.refCnt()).isOne();
        send(rx, 3, 0, true, fuA(false, true, 5));
        assertThat(held()).isZero();
        assertThat(sink.nals(0)).containsExactly(bytes(0x65, 1, 2, 3, 4, 5));
    }

    @Test
    void singleNalAndDroppedPacketsAreNotHeld() {
        TrackReceiver rx = h264(false);
        send(rx, 1, 0, true, IDR);
        send(rx, 1, 0, true, IDR); // duplicate
        send(rx, PT + 1, 2, 0, SSRC, true, P); // foreign payload type
        send(rx, PT, 3, 0, 0xB, true, P); // foreign SSRC
        send(rx, 30000, 0, true, P); // a jump, on probation
        assertThat(held()).isZero();
        assertThat(rx.stats().get(Counter.DUPLICATES)).isEqualTo(2);
        assertThat(rx.stats().get(Counter.FOREIGN_SSRC)).isOne();
    }

    @Test
    void lossInTheMiddleOfAFragmentedUnitReleasesItsFragments() {
        TrackReceiver rx = h264(false);
        send(rx, 1, 0, true, IDR);
        send(rx, 2, 3000, false, fuA(true, false, 1));
        send(rx, 3, 3000, false, fuA(false, false, 2));
        assertThat(held()).isEqualTo(2);
        send(rx, 5, 3000, false, fuA(false, false, 4)); // 4 lost
        assertThat(held()).isZero();
        assertThat(rx.stats().get(Counter.LOST)).isOne();
    }

    @Test
    void aNewTimestampBeforeTheEndFragmentReleasesTheUnfinishedUnit() {
        TrackReceiver rx = h264(false);
        send(rx, 1, 0, false, fuA(true, false, 1));
        send(rx, 2, 3000, true, IDR);
        assertThat(held()).isZero();
        assertThat(rx.stats().get(Counter.FRAGMENTS_DROPPED)).isOne();
    }

    @Test
    void aSequenceRestartReleasesTheUnfinishedUnit() {
        TrackReceiver rx = h264(false);
        send(rx, 1, 0, false, fuA(true, false, 1));
        send(rx, 40000, 3000, false, fuA(true, false, 2)); // on probation: dropped
        send(rx, 40001, 3000, false, fuA(false, false, 3)); // confirmed: restart
        assertThat(rx.stats().get(Counter.SEQUENCE_RESTARTS)).isOne();
        assertThat(held()).as("only the new run's continuation (whose start was on probation) is not kept").isZero();
        send(rx, 40002, 6000, false, fuA(true, false, 4));
        assertThat(held()).isOne();
        rx.close();
    }

    @Test
    void anSsrcChangeReleasesTheUnfinishedUnit() {
        TrackReceiver rx = h264(true);
        send(rx, 1, 0, false, fuA(true, false, 1));
        send(rx, 3, 0, false, fuA(false, false, 3)); // held in the reorder window
        assertThat(held()).isEqualTo(2);
        clock.advanceMillis(6000);
        send(rx, PT, 700, 90_000, 0xB, true, IDR);
        assertThat(rx.stats().get(Counter.SSRC_RELOCKS)).isOne();
        assertThat(held()).isZero();
    }

    @Test
    void closeReleasesHeldFragmentsAndTheReorderWindow() {
        TrackReceiver rx = h264(true);
        send(rx, 1, 0, false, fuA(true, false, 1));
        send(rx, 2, 0, false, fuA(false, false, 2));
        send(rx, 4, 0, false, fuA(false, false, 4)); // waits for 3
        assertThat(held()).isEqualTo(3);
        rx.close();
        assertThat(held()).isZero();
    }

    @Test
    void flushKeepsTheUnfinishedUnitForLaterPacketsAndCloseGivesItBack() {
        TrackReceiver rx = h264(true);
        send(rx, 1, 0, false, fuA(true, false, 1));
        send(rx, 3, 0, false, fuA(false, false, 3)); // waits for 2
        rx.flush(); // the watchdog's periodic flush over UDP: 2 is lost, 3 is then delivered
        assertThat(held()).as("the loss abandoned the unit").isZero();
        send(rx, 4, 3000, false, fuA(true, false, 4));
        rx.flush();
        assertThat(held()).as("a flush is not the end of the stream").isOne();
        rx.close();
    }

    @Test
    void anOversizedUnitIsAbandonedAndReleased() {
        TrackReceiver rx = h264(false);
        byte[] big = new byte[60_000];
        java.util.Arrays.fill(big, (byte) 7);
        int seq = 1;
        send(rx, seq++, 0, false, concat(bytes(0x7C, 0x85), big));
        while (rx.stats().get(Counter.FRAGMENTS_DROPPED) == 0) send(rx, seq++, 0, false, concat(bytes(0x7C, 0x05), big));
        assertThat(seq).isGreaterThan(8_000_000 / 60_000);
        send(rx, seq, 0, true, concat(bytes(0x7C, 0x45), big)); // the rest of the broken unit: dropped
        assertThat(held()).isZero();
        assertThat(sink.units).isEmpty();
    }

    @Test
    void aThrowingSinkLeavesNothingHeld() {
        TrackReceiver rx = new TrackReceiver(TrackConfig.tcp(0, Codec.H264, PT, 90_000, Map.of()), new AccessUnitSink() {
            @Override
            public void accept(AccessUnit au) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public void gap(Gap gap) {}
        }, clock);
        send(rx, 1, 0, false, fuA(true, false, 1));
        assertThatThrownBy(() -> send(rx, 2, 0, true, fuA(false, true, 2))).hasMessage("disk full");
        assertThat(held()).isZero();
    }

    @Test
    void h265FragmentsAreReleasedOnLossAndAtClose() {
        TrackReceiver rx = new TrackReceiver(TrackConfig.tcp(0, Codec.H265, PT, 90_000, Map.of()), sink, clock);
        // FU (type 49) of an IDR_W_RADL (19): payload header 0x62 0x01, FU header S/E | 19.
        send(rx, 1, 0, false, bytes(0x62, 0x01, 0x80 | 19, 1, 2));
        send(rx, 2, 0, false, bytes(0x62, 0x01, 19, 3));
        assertThat(held()).isEqualTo(2);
        send(rx, 4, 0, false, bytes(0x62, 0x01, 19, 5)); // 3 lost
        assertThat(held()).isZero();
        send(rx, 5, 3000, false, bytes(0x62, 0x01, 0x80 | 19, 6));
        send(rx, 6, 3000, true, bytes(0x62, 0x01, 0x40 | 19, 7));
        assertThat(held()).isZero();
        assertThat(sink.nals(0)).containsExactly(bytes(0x26, 0x01, 6, 7));
        send(rx, 7, 6000, false, bytes(0x62, 0x01, 0x80 | 19, 8));
        assertThat(held()).isOne();
        rx.close();
    }

    @Test
    void audioKeepsNoBuffers() {
        TrackReceiver aac = new TrackReceiver(TrackConfig.tcp(1, Codec.AAC, 97, 16000,
                Fmtp.parse("mode=AAC-hbr; config=1408; sizelength=13; indexlength=3; indexdeltalength=3")), sink, clock);
        // One AU of 6 bytes over two packets: AU header (size 6 << 3), then 3 bytes each.
        send(aac, 97, 1, 0, SSRC, false, bytes(0x00, 0x10, 0x00, 0x30, 1, 2, 3));
        assertThat(held()).isZero();
        send(aac, 97, 2, 0, SSRC, true, bytes(0x00, 0x10, 0x00, 0x30, 4, 5, 6));
        TrackReceiver pcmu = new TrackReceiver(TrackConfig.tcp(2, Codec.PCMU, 0, 8000, Map.of()), sink, clock);
        send(pcmu, 0, 1, 0, SSRC, true, bytes(1, 2, 3));
        assertThat(sink.units).hasSize(2);
        assertThat(sink.units.get(0).unitBytes(0)).endsWith(1, 2, 3, 4, 5, 6);
        assertThat(sink.units.get(1).unitBytes(0)).containsExactly(1, 2, 3);
    }
}
