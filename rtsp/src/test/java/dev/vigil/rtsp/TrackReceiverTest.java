package dev.vigil.rtsp;

import static dev.vigil.rtsp.testing.Rtp.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.TrackStats.Counter;
import dev.vigil.rtsp.testing.CollectingSink;
import dev.vigil.rtsp.testing.FakeClock;
import dev.vigil.rtsp.testing.Rtp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The receiver's own policies; the depacketizers have their own tests. */
class TrackReceiverTest {
    static final int PT = 96;
    static final byte[] SPS = bytes(0x67, 0x42, 0x00, 0x0B, 0xF8, 0x50, 0x3D, 0x20); // not parsed here
    static final byte[] IDR = bytes(0x65, 0x88, 0x80);
    static final byte[] P = bytes(0x41, 0x9A, 0x00);

    final FakeClock clock = new FakeClock();
    final CollectingSink sink = new CollectingSink();
    final TrackReceiver rx = new TrackReceiver(TrackConfig.tcp(0, Codec.H264, PT, 90_000, Map.of()), sink, clock);

    void send(int seq, long ts, int ssrc, byte[] nal) {
        rx.onRtp(Unpooled.wrappedBuffer(Rtp.packet(PT, seq, ts, ssrc, true, nal)));
    }

    @Test
    void foreignSsrcIsIgnoredWhileTheFollowedOneIsAlive() {
        send(1, 0, 0xA, IDR);
        clock.advanceMillis(100);
        send(500, 0, 0xB, IDR); // another source on the same port
        send(2, 3000, 0xA, P);
        assertThat(sink.units).hasSize(2);
        assertThat(rx.stats().get(Counter.FOREIGN_SSRC)).isEqualTo(1);
        assertThat(sink.gaps).isEmpty();
    }

    @Test
    void aRebootedCameraIsFollowedAfterTheSilenceWithAGapAndAFreshKeyFrame() {
        send(1, 0, 0xA, IDR);
        send(2, 3000, 0xA, P);
        clock.advanceMillis(6000);
        send(9000, 777, 0xB, P); // new SSRC, new sequence: not a key frame, dropped
        send(9001, 3777, 0xB, IDR);
        assertThat(sink.units).hasSize(3);
        AccessUnit after = sink.units.get(2);
        assertThat(after.lossBefore()).isTrue();
        assertThat(after.receiveNanos()).isEqualTo(clock.getAsLong());
        assertThat(sink.gaps).extracting(Gap::reason).containsExactly(Gap.Reason.SOURCE_RESTART);
        assertThat(rx.stats().get(Counter.SSRC_RELOCKS)).isEqualTo(1);
        assertThat(rx.stats().get(Counter.LOST)).as("a new sequence is not loss").isZero();
    }

    @Test
    void confirmedSequenceJumpRestartsTheStream() {
        send(1, 0, 0xA, IDR);
        send(30000, 3000, 0xA, P);
        send(30001, 6000, 0xA, IDR);
        assertThat(sink.units).hasSize(2);
        assertThat(sink.units.get(1).lossBefore()).isTrue();
        assertThat(rx.stats().get(Counter.SEQUENCE_RESTARTS)).isEqualTo(1);
    }

    @Test
    void malformedPacketsAreCountedAndDoNotDisturbTheStream() {
        send(1, 0, 0xA, IDR);
        rx.onRtp(Unpooled.wrappedBuffer(bytes(0x80, 0x60, 0, 2)));
        rx.onRtp(Unpooled.wrappedBuffer(new byte[40]));
        send(2, 3000, 0xA, P);
        assertThat(sink.units).hasSize(2);
        assertThat(rx.stats().get(Counter.MALFORMED)).isEqualTo(2);
        assertThat(rx.stats().get(Counter.PACKETS)).isEqualTo(4);
    }

    @Test
    void doesNotReleaseOrMoveTheCallersBuffer() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        buf.writeBytes(Rtp.packet(PT, 1, 0, 0xA, true, IDR));
        rx.onRtp(buf);
        assertThat(buf.refCnt()).isEqualTo(1);
        assertThat(buf.readerIndex()).isZero();
        assertThat(buf.release()).isTrue();
        assertThat(sink.units).hasSize(1);
    }

    @Test
    void senderReportMapsTimestampsToCameraTime() {
        send(1, 0xFFFF_0000L, 0xA, IDR);
        assertThat(rx.cameraUnixNanos(0)).isEqualTo(Long.MIN_VALUE);
        // SR of another source is ignored; ours says RTP 0x00000010 (after the wrap) is 2024-01-01T00:00:00Z.
        rx.onRtcp(Unpooled.wrappedBuffer(Rtp.hex("80C80006 0000000B E93C7F00 00000000 00000010 00000001 00000001")));
        assertThat(rx.lastSenderReport()).isNull();
        rx.onRtcp(Unpooled.wrappedBuffer(Rtp.hex("80C80006 0000000A E93C7F00 00000000 00000010 00000001 00000001")));
        long t0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli() * 1_000_000L;
        assertThat(rx.cameraUnixNanos(0x1_0000_0010L)).isEqualTo(t0);
        assertThat(rx.cameraUnixNanos(0x1_0000_0010L + 90_000)).isEqualTo(t0 + 1_000_000_000L);
        assertThat(rx.stats().get(Counter.SENDER_REPORTS)).isEqualTo(1);
    }
}
