package dev.vigil.rtsp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Parses the parameter list of an SDP {@code a=fmtp:<pt> } line. */
public final class Fmtp {
    private Fmtp() {}

    /**
     * {@code "packetization-mode=1; sprop-parameter-sets=Z0IA,aM4="} → map. Keys are lower-cased
     * (RFC 3640 parameters are case-insensitive and cameras spell {@code SizeLength} any way);
     * values keep their case (base64). Entries without {@code =} map to "". A leading payload
     * type ("96 ") is tolerated.
     */
    public static Map<String, String> parse(String params) {
        Map<String, String> out = new LinkedHashMap<>();
        if (params == null) return out;
        String s = params.trim();
        if (s.startsWith("a=fmtp:")) s = s.substring(7);
        int sp = s.indexOf(' ');
        if (sp > 0 && s.substring(0, sp).chars().allMatch(Character::isDigit)) s = s.substring(sp + 1);
        for (String part : s.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : p.substring(eq + 1).trim();
            if (!key.isEmpty()) out.putIfAbsent(key, value); // the first of a repeated key wins
        }
        return Collections.unmodifiableMap(out);
    }
}
