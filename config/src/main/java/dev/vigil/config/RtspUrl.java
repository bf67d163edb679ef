package dev.vigil.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Camera URL parsing: {@code rtsp://} or {@code rtsps://} with a host, credentials split out.
 *
 * @param url      the URL without user info
 * @param user     from {@code user[:password]@}, percent-decoded; null if none
 * @param password from {@code user:password@}, percent-decoded; null if none
 */
record RtspUrl(URI url, String user, String password) {

    static final String EXPECTED = "rtsp://host[:port]/path or rtsps://host[:port]/path";

    /** @throws IllegalArgumentException saying what is wrong and what is expected */
    static RtspUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            // No index: it would count characters of the unmasked text the user cannot see.
            throw new IllegalArgumentException("'" + maskBroken(text) + "' is not a valid URL ("
                    + e.getReason() + "); expected " + EXPECTED
                    + ", with special characters in the password percent-encoded");
        }
        String problem = check(uri);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        String rawUserInfo = uri.getRawUserInfo();
        if (rawUserInfo == null) {
            return new RtspUrl(uri, null, null);
        }
        int colon = rawUserInfo.indexOf(':');
        String user = decode(colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon));
        String password = colon < 0 ? null : decode(rawUserInfo.substring(colon + 1));
        // Rebuild from the raw parts so that the path and query keep their exact encoding.
        String rebuilt = uri.getScheme() + "://" + uri.getRawAuthority().substring(rawUserInfo.length() + 1)
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        return new RtspUrl(URI.create(rebuilt), user, password);
    }

    /** Null if the URL is a usable camera URL, else why not. */
    static String check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("rtsp") && !scheme.equals("rtsps")) {
            return "'" + Redactor.maskUrl(uri.toString()) + "' is not an RTSP URL; expected " + EXPECTED;
        }
        if (uri.getHost() == null) {
            return "'" + Redactor.maskUrl(uri.toString()) + "' has no host; expected " + EXPECTED
                    + " (percent-encode special characters in the user or password, e.g. @ as %40)";
        }
        return null;
    }

    /**
     * Masks the password of a URL that does not parse, where {@link Redactor} cannot know where
     * the user info ends (it may hold spaces): everything from the first ':' after the user up to
     * the last '@' goes.
     */
    static String maskBroken(String text) {
        int start = text.indexOf("://");
        int at = text.lastIndexOf('@');
        if (start < 0 || at < start) {
            return text;
        }
        int colon = text.indexOf(':', start + 3);
        if (colon < 0 || colon > at) {
            return text; // a user alone
        }
        return text.substring(0, colon + 1) + Redactor.MASK + text.substring(at);
    }

    private static String decode(String s) {
        // URLDecoder would turn '+' into a space, which is wrong in user info.
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
