package dev.vigil.rtsp.rtp;

/**
 * A parsed RTP packet (RFC 3550 §5.1). Internal to the rtsp module (public only because the
 * depacketizers live in a sibling package).
 *
 * <p>{@code payload} is a private copy with padding, CSRCs and the header extension already
 * removed; it is not shared with any network buffer, so nothing needs releasing.
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
        byte[] payload) {

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + ", seq=" + sequence + ", ts=" + timestamp
                + ", ssrc=" + Integer.toHexString(ssrc) + (marker ? ", M" : "") + ", " + payload.length + "B]";
    }
}
