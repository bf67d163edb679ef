package dev.vigil.config;

import java.util.regex.Pattern;

/**
 * Masks credentials in URLs before they reach a log line or the effective config.
 *
 * <p>A tiny static utility with no dependency on the rest of this module, so the daemon can hand
 * it to code that must not depend on config (rtsp) as a {@code UnaryOperator<String>}.
 */
public final class Redactor {

    /**
     * {@code scheme://user:password@}: the password runs to the last '@' before the path, because
     * cameras happily accept an unencoded '@' in it.
     */
    private static final Pattern USERINFO_PASSWORD =
            Pattern.compile("(\\b[A-Za-z][A-Za-z0-9+.-]*://[^/?#@\\s:]*):[^/?#\\s]*@");

    /** {@code ?password=..}, {@code &pwd=..}, {@code ;password=..} (JDBC, some camera URLs). */
    private static final Pattern QUERY_PASSWORD =
            Pattern.compile("(?i)([?&;](?:password|passwd|pwd|pass)=)[^&;#\\s]*");

    /** Same as {@link Secret#MASK}, repeated so this class stands alone. */
    public static final String MASK = "***";

    private Redactor() {}

    /**
     * {@code rtsp://admin:hunter2@cam/live} becomes {@code rtsp://admin:***@cam/live}; password
     * query parameters are masked too. Works on a bare URL or on a text that contains URLs.
     * A user name alone is kept: it helps debugging and is not a secret.
     */
    public static String maskUrl(String text) {
        if (text == null) {
            return null;
        }
        String masked = USERINFO_PASSWORD.matcher(text).replaceAll("$1:" + MASK + "@");
        return QUERY_PASSWORD.matcher(masked).replaceAll("$1" + MASK);
    }
}
