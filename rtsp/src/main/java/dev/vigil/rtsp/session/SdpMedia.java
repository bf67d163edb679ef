package dev.vigil.rtsp.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One {@code m=} section of a session description.
 *
 * @param type         video, audio, application, ... lower-cased
 * @param port         the port of the m= line; 0 in most DESCRIBE answers, meaningless for RTSP
 * @param protocol     e.g. {@code RTP/AVP}, as received
 * @param payloadTypes the numeric formats of the m= line, in order (the first is preferred)
 * @param rtpMaps      {@code a=rtpmap} by payload type
 * @param fmtps        {@code a=fmtp} by payload type
 * @param control      the {@code a=control} value; null if absent
 * @param frameRate    {@code a=framerate}; empty if absent or not a positive number
 * @param direction    sendrecv when no direction attribute is given (RFC 8866 §6.7)
 * @param attributes   every {@code a=} line of the section, known or not, in order
 */
record SdpMedia(String type, int port, String protocol, List<Integer> payloadTypes,
        Map<Integer, RtpMap> rtpMaps, Map<Integer, Fmtp> fmtps, String control,
        OptionalDouble frameRate, Direction direction, List<SdpAttribute> attributes) {

    SdpMedia {
        payloadTypes = List.copyOf(payloadTypes);
        rtpMaps = Collections.unmodifiableMap(new LinkedHashMap<>(rtpMaps));
        fmtps = Collections.unmodifiableMap(new LinkedHashMap<>(fmtps));
        attributes = List.copyOf(attributes);
    }

    boolean isVideo() {
        return type.equals("video");
    }

    boolean isAudio() {
        return type.equals("audio");
    }

    /** The payload type a recorder uses: the first of the m= line; -1 if it lists none. */
    int payloadType() {
        return payloadTypes.isEmpty() ? -1 : payloadTypes.get(0);
    }

    /** The rtpmap of the preferred payload type; null if there is none (static types need none). */
    RtpMap rtpMap() {
        return rtpMaps.get(payloadType());
    }

    /** The fmtp of the preferred payload type; null if there is none. */
    Fmtp fmtp() {
        return fmtps.get(payloadType());
    }

    /** The codec of the preferred payload type. */
    Codec codec() {
        return Codec.of(type, payloadType(), rtpMap());
    }

    /**
     * The preferred payload type's encoding as the camera named it ({@code VP8}), or by its static
     * payload type ({@code JPEG} for 26): what a log line tells an operator the camera offers.
     */
    String encodingName() {
        RtpMap map = rtpMap();
        if (map != null) return map.encoding();
        String name = Codec.staticName(payloadType());
        return name != null ? name : "payload type " + payloadType();
    }

    /** The RTP clock rate of the preferred payload type; -1 if unknown. */
    int clockRate() {
        RtpMap map = rtpMap();
        if (map != null) {
            return map.clockRate();
        }
        return Codec.staticClockRate(payloadType());
    }

    /** The first attribute with this name (case-insensitive); null if absent. */
    SdpAttribute attribute(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (SdpAttribute a : attributes) {
            if (a.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return a;
            }
        }
        return null;
    }

    H264Params h264() {
        return H264Params.of(fmtp());
    }

    H265Params h265() {
        return H265Params.of(fmtp());
    }

    AacParams aac() {
        return AacParams.of(fmtp());
    }
}
