package dev.vigil.rtsp.rtp;

import io.netty.buffer.ByteBuf;

/**
 * A parsed RTP packet (RFC 3550 §5.1). Internal to the rtsp module (public only because the
 * depacketizers live in a sibling package).
 *
 * <p>{@code payload} is a retained slice of the network buffer (padding, CSRCs and the header
 * extension already cut off), not a copy: copying every video byte here was the receive path's
 * first of three copies.
 *
 * <p><b>Ownership.</b> A packet owns one reference to its payload, and so does whoever holds the
 * packet: the holder either hands the packet on (and with it the reference) or calls
 * {@link #release()} exactly once. {@link RtpParser#parse(ByteBuf)} hands a new packet to its
 * caller; {@link SequenceTracker#push} takes it over; {@link SequenceTracker.Output#deliver}
 * hands it to the output. Whatever must outlive the call that received the packet takes
 * references of its own ({@code retain()}).
 *
 * @param timestamp the 32-bit RTP timestamp as an unsigned value
 * @param ssrc      the SSRC as the raw 32 bits
 */
public record RtpPacket(
        boolean marker,
        int payloadType,
        int sequence,
        long timestamp,
        int ssrc,
        int csrcCount,
        boolean padding,
        boolean extension,
        ByteBuf payload) {

    /** Gives up the holder's reference to the payload. */
    public void release() {
        payload.release();
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + ", seq=" + sequence + ", ts=" + timestamp
                + ", ssrc=" + Integer.toHexString(ssrc) + (marker ? ", M" : "") + ", " + payload.readableBytes() + "B]";
    }
}
