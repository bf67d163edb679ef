package dev.vigil.rtsp.session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A camera URL split into what a connection needs and the credentials, which never go on the wire
 * in the URL (RTSP authenticates with a header) nor into a log.
 *
 * @param scheme      {@code rtsp} or {@code rtsps}, lower-case
 * @param host        the host as written, IPv6 literals with their brackets
 * @param port        the port to connect to: as written, else 554 ({@code rtsp}) or 322 ({@code rtsps})
 * @param portGiven   whether the URL spelled the port (kept in request URLs only if it did)
 * @param pathAndQuery the raw path and query, encoding untouched; "" if none
 * @param credentials from the URL's user info (percent-decoded) or given separately; null if none
 */
public record RtspUrl(String scheme, String host, int port, boolean portGiven, String pathAndQuery,
        Credentials credentials) {

    public static final int DEFAULT_PORT = 554;
    public static final int DEFAULT_TLS_PORT = 322;

    /** Parses a URL; credentials in it are kept. */
    public static RtspUrl parse(String url) {
        return parse(url, null);
    }

    /**
     * @param url   {@code rtsp[s]://[user[:password]@]host[:port][/path][?query]}
     * @param given credentials configured apart from the URL; when not null they win over the URL's
     * @throws IllegalArgumentException saying what is wrong, with any password masked
     */
    public static RtspUrl parse(String url, Credentials given) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no RTSP URL given; expected rtsp://host[:port]/path");
        }
        String text = url.strip();
        int sep = text.indexOf("://");
        String scheme = sep < 0 ? "" : text.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!scheme.equals("rtsp") && !scheme.equals("rtsps")) {
            throw new IllegalArgumentException("'" + redact(text) + "' is not an RTSP URL; expected "
                    + "rtsp://host[:port]/path or rtsps://host[:port]/path");
        }
        String rest = text.substring(sep + 3);
        // The user info ends at the last '@' before the path: cameras accept an unencoded '@' (and
        // '#', '?') in passwords, but a '/' must be percent-encoded, or the path could not be told apart.
        int slash = rest.indexOf('/');
        int searchEnd = slash < 0 ? rest.length() : slash;
        int at = rest.lastIndexOf('@', searchEnd - 1);
        String userInfo = at < 0 ? null : rest.substring(0, at);
        String afterUser = at < 0 ? rest : rest.substring(at + 1);
        int pathStart = indexOfAny(afterUser, "/?");
        String authority = pathStart < 0 ? afterUser : afterUser.substring(0, pathStart);
        String pathAndQuery = pathStart < 0 ? "" : afterUser.substring(pathStart);

        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw bad(text, "an IPv6 host without its closing ']'");
            }
            host = authority.substring(0, close + 1);
            String tail = authority.substring(close + 1);
            if (tail.startsWith(":")) {
                portText = tail.substring(1);
            } else if (!tail.isEmpty()) {
                throw bad(text, "text after the IPv6 host: " + tail);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '@')) {
            throw bad(text, "no valid host");
        }
        int defaultPort = scheme.equals("rtsps") ? DEFAULT_TLS_PORT : DEFAULT_PORT;
        int port = defaultPort;
        boolean portGiven = portText != null && !portText.isEmpty();
        if (portGiven) {
            port = Numbers.parseInt(portText, -1);
            if (port < 1 || port > 65535 || !portText.chars().allMatch(Character::isDigit)) {
                throw bad(text, "port '" + portText + "' is not 1..65535");
            }
        }
        Credentials credentials = given != null ? given : fromUserInfo(userInfo);
        return new RtspUrl(scheme, host, port, portGiven, pathAndQuery, credentials);
    }

    public Optional<Credentials> credentialsIfAny() {
        return Optional.ofNullable(credentials);
    }

    public RtspUrl withCredentials(Credentials c) {
        return new RtspUrl(scheme, host, port, portGiven, pathAndQuery, c);
    }

    /** The URL to put in requests: no user info; the port only if the camera URL had one. */
    public String withoutCredentials() {
        return scheme + "://" + host + (portGiven ? ":" + port : "") + pathAndQuery;
    }

    /** For logs: {@code rtsp://user:***@host/...}; a user without a password is shown as is. */
    public String redacted() {
        if (credentials == null) {
            return withoutCredentials();
        }
        String user = credentials.user();
        String info = credentials.password().isEmpty() ? user : user + ":***";
        return scheme + "://" + info + "@" + host + (portGiven ? ":" + port : "") + pathAndQuery;
    }

    @Override
    public String toString() {
        return redacted();
    }

    /**
     * Masks the password of any text that may hold an RTSP URL with user info, for messages about
     * URLs that did not parse.
     */
    static String redact(String text) {
        int start = text.indexOf("://");
        if (start < 0) {
            return text;
        }
        int slash = text.indexOf('/', start + 3);
        int end = slash < 0 ? text.length() : slash;
        int at = text.lastIndexOf('@', end - 1);
        if (at < start) {
            return text;
        }
        int colon = text.indexOf(':', start + 3);
        if (colon < 0 || colon > at) {
            return text;
        }
        return text.substring(0, colon + 1) + "***" + text.substring(at);
    }

    private static Credentials fromUserInfo(String userInfo) {
        if (userInfo == null) {
            return null;
        }
        int colon = userInfo.indexOf(':');
        String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        return new Credentials(user, password);
    }

    /**
     * Percent-decoding that keeps a '%' not followed by two hex digits (a password "100%" typed
     * unencoded) and leaves '+' alone (it is not a space in user info).
     */
    static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("'" + redact(text) + "' is not a usable RTSP URL: " + why);
    }
}
