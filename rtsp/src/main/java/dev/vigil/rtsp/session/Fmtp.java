package dev.vigil.rtsp.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code a=fmtp:<pt> k=v;k=v} attribute.
 *
 * @param payloadType the RTP payload type it applies to
 * @param parameters  every parameter, keys lower-cased (cameras mix {@code Profile-Level-Id} and
 *                    {@code profile-level-id}), values trimmed, in the camera's order; a parameter
 *                    without {@code =} has an empty value
 * @param raw         the text after the payload type, as received, for logs
 */
record Fmtp(int payloadType, Map<String, String> parameters, String raw) {

    Fmtp {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Null if there is no payload type to attach it to. */
    static Fmtp parse(String value) {
        String v = value.strip();
        int space = indexOfWhitespace(v);
        String ptText = space < 0 ? v : v.substring(0, space);
        int pt = Numbers.parseInt(ptText, -1);
        if (pt < 0 || pt > 127) {
            return null;
        }
        String rest = space < 0 ? "" : v.substring(space).strip();
        // One parser for fmtp parameters in the module: the depacketizers read the same map.
        Map<String, String> params = dev.vigil.rtsp.Fmtp.parse(rest);
        return new Fmtp(pt, params, rest);
    }

    /** The value of a parameter, case-insensitively; null if absent. */
    String get(String key) {
        return parameters.get(key.toLowerCase(Locale.ROOT));
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
