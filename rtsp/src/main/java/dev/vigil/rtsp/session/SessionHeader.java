package dev.vigil.rtsp.session;

import java.util.Locale;

/**
 * The {@code Session: <id>[;timeout=<seconds>]} response header (RFC 2326 §12.37).
 *
 * @param id             the session id, sent back verbatim on every later request
 * @param timeoutSeconds the idle timeout; 60 when absent or unusable (RFC 2326's default)
 */
record SessionHeader(String id, int timeoutSeconds) {

    static final int DEFAULT_TIMEOUT_SECONDS = 60;

    /** @throws IllegalArgumentException when there is no id, naming the header as received */
    static SessionHeader parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("response has no Session header");
        }
        // Limit -1: without it ";" splits into no parts at all, and parts[0] would not exist.
        String[] parts = value.split(";", -1);
        String id = parts[0].strip();
        // The id is 1*(ALPHA / DIGIT / safe) with safe = $-_.+ ; cameras add others, which are kept
        // as long as they cannot break the header they are echoed in.
        if (id.isEmpty() || id.chars().anyMatch(c -> c <= ' ' || c == 127 || c == ',')) {
            throw new IllegalArgumentException("Session header '" + value.strip() + "' has no usable session id");
        }
        int timeout = DEFAULT_TIMEOUT_SECONDS;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("timeout")) {
                int t = Numbers.parseInt(p.substring(eq + 1).replace("\"", ""), -1);
                // timeout=0 (seen in the wild) would mean a keepalive storm; treat it as unusable.
                timeout = t > 0 ? t : DEFAULT_TIMEOUT_SECONDS;
            }
        }
        return new SessionHeader(id, timeout);
    }
}
