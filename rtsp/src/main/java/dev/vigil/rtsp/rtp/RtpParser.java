package dev.vigil.rtsp.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Parses an RTP fixed header. Malformed input is normal on the network (scanners, half-dead
 * cameras, stray RTCP on the RTP port), so it yields {@code null} instead of throwing; the caller
 * counts it.
 */
public final class RtpParser {
    static final int FIXED_HEADER = 12;

    private RtpParser() {}

    /**
     * Parses {@code buf}'s readable bytes as one RTP packet without moving its indices and
     * without taking ownership (the caller still releases it). The packet's payload is a
     * retained slice of {@code buf}: the caller owns the packet too, and releases it once (see
     * {@link RtpPacket}).
     *
     * @return the packet, or {@code null} (nothing retained) if it is not a well-formed RTP
     *         version 2 packet
     */
    public static RtpPacket parse(ByteBuf buf) {
        int start = buf.readerIndex();
        int len = buf.readableBytes();
        if (len < FIXED_HEADER) return null;
        int b0 = buf.getUnsignedByte(start);
        int b1 = buf.getUnsignedByte(start + 1);
        if ((b0 >> 6) != 2) return null;
        boolean padding = (b0 & 0x20) != 0;
        boolean extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0F;
        int pt = b1 & 0x7F;
        // RTCP SR/RR/SDES/BYE/APP (200..204) mistaken for RTP have PT 72..76 with the marker set;
        // RFC 5761 §4 reserves that range, so a muxed RTCP packet must not reach a depacketizer.
        if (pt >= 72 && pt <= 76) return null;
        int offset = FIXED_HEADER + 4 * csrcCount;
        if (offset > len) return null;
        if (extension) {
            if (offset + 4 > len) return null;
            int words = buf.getUnsignedShort(start + offset + 2);
            offset += 4 + 4 * words;
            if (offset > len) return null;
        }
        int end = len;
        if (padding) {
            // The last octet counts the padding octets including itself; 0 is invalid.
            int pad = buf.getUnsignedByte(start + len - 1);
            if (pad == 0 || offset + pad > len) return null;
            end -= pad;
        }
        // slice().retain() rather than retainedSlice(): the same shared reference count, but a plain
        // small object instead of one from Netty's recycler, which cost 13 % of the event loop.
        ByteBuf payload = buf.slice(start + offset, end - offset).retain();
        return new RtpPacket(
                (b1 & 0x80) != 0,
                pt,
                buf.getUnsignedShort(start + 2),
                buf.getUnsignedInt(start + 4),
                buf.getInt(start + 8),
                csrcCount,
                padding,
                extension,
                payload);
    }

    /**
     * Convenience for datagrams already in an array (tests): the payload wraps {@code datagram}
     * without copying; the packet is the caller's to release like any other.
     */
    public static RtpPacket parse(byte[] datagram) {
        ByteBuf buf = Unpooled.wrappedBuffer(datagram);
        try {
            return parse(buf);
        } finally {
            buf.release();
        }
    }
}
