package dev.vigil.rtsp.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the {@link Quirk}s do to one connection's media, kept apart so {@link MediaStream} reads
 * as a well-behaved camera. Runs on the connection's event loop.
 */
final class MediaQuirks {
    /** Bytes that cannot begin an interleaved frame ({@code $}) or an RTSP message (an upper-case method or "RTSP/"). */
    private static final byte[] GARBAGE = "\0\0\r\n\u00ffjunk from a confused camera\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final Quirks quirks;
    private final boolean firstConnection;
    private final MediaStream stream;
    /** The other session's stream (STALE_STREAM, FOREIGN_RTP_BEFORE_PLAY): another SSRC, sequence and clock. */
    private final int foreignSsrc = ThreadLocalRandom.current().nextInt();
    private final long foreignTimestampBase = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
    private final H264Packetizer foreign = new H264Packetizer(1400, foreignSsrc, ThreadLocalRandom.current().nextInt(0x10000));
    private long foreignFrame;

    MediaQuirks(Quirks quirks, int connection, MediaStream stream) {
        this.quirks = quirks;
        this.firstConnection = connection == 1;
        this.stream = stream;
    }

    boolean bogusRtpInfo() {
        return quirks.has(Quirk.BOGUS_RTP_INFO);
    }

    boolean silentUdp() {
        return quirks.has(Quirk.SILENT_UDP);
    }

    /** Whether the first frame goes out before the PLAY answer (after a foreign one). */
    boolean mediaBeforePlayAnswer() {
        return quirks.has(Quirk.FOREIGN_RTP_BEFORE_PLAY);
    }

    void beforePlayAnswer() {
        if (quirks.has(Quirk.FOREIGN_RTP_BEFORE_PLAY)) sendForeignFrame();
    }

    void afterSetup() {
        if (quirks.has(Quirk.FOREIGN_RTP_BEFORE_PLAY)) sendForeignFrame();
        if (quirks.has(Quirk.CHANNEL_7)) channel7();
        stream.flush();
    }

    long timestampOffset(long frame) {
        if (!quirks.has(Quirk.TIMESTAMP_JUMPS)) return 0;
        int fps = stream.clip().fps();
        if (frame < fps + 5) return 0;
        if (frame < 2L * fps + 5) return Quirks.TIMESTAMP_JUMP;
        return -Quirks.TIMESTAMP_JUMP;
    }

    void beforeFrame(long frame) {
        if (quirks.has(Quirk.STALE_STREAM)) sendForeignFrame();
    }

    void afterFrame(long frame, long timestamp, H264Packetizer packetizer) {
        int fps = stream.clip().fps();
        if (quirks.has(Quirk.PAYLOAD_TYPE_50) && frame % 5 == 2) {
            stream.send(packetizer.other(50, timestamp, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, stream.ctx().alloc()), false);
        }
        if (quirks.has(Quirk.FOREIGN_RTCP) && frame % fps == 3) foreignRtcp();
        if (!stream.tcp()) return;
        if (quirks.has(Quirk.CHANNEL_7) && frame % 10 == 5) channel7();
        if (quirks.has(Quirk.GARBAGE) && frame % 7 == 1) {
            stream.raw(Unpooled.wrappedBuffer(GARBAGE));
            stream.interleaved(200, Unpooled.wrappedBuffer(GARBAGE), 0);
            stream.raw(Unpooled.wrappedBuffer(GARBAGE));
        }
        if (firstConnection && frame == fps && quirks.has(Quirk.BOGUS_LENGTH)) {
            // The next frame's first 8 bytes are taken for this one's: the framing is lost.
            stream.interleaved(stream.rtpChannel(), foreignPacket(), 8);
        }
        if (frame == fps && quirks.has(Quirk.LYING_LENGTH)) {
            ByteBuf packet = foreignPacket();
            stream.interleaved(stream.rtpChannel(), packet, Quirks.LYING_LENGTH - packet.readableBytes());
        }
        if (firstConnection && frame == fps && quirks.has(Quirk.ENDLESS_HEADER)) {
            byte[] padding = new byte[70_000];
            java.util.Arrays.fill(padding, (byte) 'a');
            stream.raw(Unpooled.copiedBuffer("RTSP/1.0 200 OK\r\nCSeq: 1\r\nX-Padding: ", StandardCharsets.US_ASCII));
            stream.raw(Unpooled.wrappedBuffer(padding));
        }
    }

    /** A key frame of the clip, but not its first, from the foreign source. */
    private void sendForeignFrame() {
        Clip clip = stream.clip();
        long n = foreignFrame++;
        long timestamp = foreignTimestampBase + n * MediaStream.CLOCK_RATE / clip.fps();
        List<byte[]> frame = clip.frames().get((int) ((n + clip.fps()) % clip.frames().size()));
        foreign.packetize(frame, timestamp, stream.ctx().alloc(), p -> stream.send(p, false));
    }

    private ByteBuf foreignPacket() {
        return foreign.other(H264Packetizer.PAYLOAD_TYPE, foreignTimestampBase, new byte[] {0x09, 0x10}, stream.ctx().alloc());
    }

    private void channel7() {
        stream.interleaved(7, foreignPacket(), 0);
    }

    /** A sender report (wallclock a day off, a random RTP time) and a BYE, from the foreign SSRC. */
    private void foreignRtcp() {
        ByteBuf sr = stream.senderReport(foreignSsrc, System.currentTimeMillis() - 86_400_000L, ThreadLocalRandom.current().nextInt(), 1, 1);
        ByteBuf bye = stream.ctx().alloc().buffer(8).writeByte(0x81).writeByte(203).writeShort(1).writeInt(foreignSsrc);
        stream.send(Unpooled.wrappedBuffer(sr, bye), true);
    }
}
