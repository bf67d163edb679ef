package dev.vigil.rtsp.session;

import java.util.Locale;

/**
 * One {@code a=rtpmap:<pt> <encoding>/<clock>[/<channels>]} attribute.
 *
 * @param payloadType the RTP payload type, 0..127
 * @param encoding    the encoding name as the camera spelled it (compare case-insensitively)
 * @param clockRate   the RTP clock rate in Hz
 * @param channels    the audio channel count; 1 when not given (RFC 8866 §6.6)
 */
record RtpMap(int payloadType, String encoding, int clockRate, int channels) {

    /**
     * Parses the value after {@code a=rtpmap:}; null if it is unusable (the caller records why),
     * because one broken attribute must not cost the whole description.
     */
    static RtpMap parse(String value) {
        String[] ptAndRest = value.strip().split("\\s+", 2);
        if (ptAndRest.length < 2) {
            return null;
        }
        int pt = Numbers.parseInt(ptAndRest[0], -1);
        if (pt < 0 || pt > 127) {
            return null;
        }
        String[] parts = ptAndRest[1].strip().split("/", -1);
        String encoding = parts[0].strip();
        if (encoding.isEmpty() || parts.length < 2) {
            return null;
        }
        int clock = Numbers.parseInt(parts[1], -1);
        if (clock <= 0) {
            return null;
        }
        // "MPEG4-GENERIC/16000/" (empty channel field) happens; treat it as absent.
        int channels = parts.length > 2 && !parts[2].isBlank() ? Numbers.parseInt(parts[2], 1) : 1;
        return new RtpMap(pt, encoding, clock, Math.max(channels, 1));
    }

    String encodingUpper() {
        return encoding.toUpperCase(Locale.ROOT);
    }
}
