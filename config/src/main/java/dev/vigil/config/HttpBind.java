package dev.vigil.config;

/**
 * Where the HTTP server listens, written {@code host:port}, IPv6 in brackets ({@code [::1]:8080}).
 * The host is not resolved here: the config module does no I/O beyond reading the file.
 *
 * @param host a name or literal address, without brackets
 * @param port 1..65535
 */
public record HttpBind(String host, int port) {

    static final String EXPECTED =
            "host:port such as 127.0.0.1:8080, 0.0.0.0:8080 or [::1]:8080 (port 1..65535)";

    /** Loopback only: exposing recordings must be a deliberate choice. */
    public static final HttpBind DEFAULT = new HttpBind("127.0.0.1", 8080);

    public HttpBind {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the HTTP bind needs a host; expected " + EXPECTED);
        }
        if (!host.matches("[^\\s/\\[\\]]+")) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or address; expected "
                    + EXPECTED);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range; expected " + EXPECTED);
        }
    }

    static HttpBind parse(String text) {
        String t = text.strip();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + text + "' is not host:port; expected " + EXPECTED);
            }
            host = t.substring(1, close);
            port = t.substring(close + 2);
        } else {
            int colon = t.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + text + "' is not host:port; expected " + EXPECTED);
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
            if (host.contains(":")) {
                throw new IllegalArgumentException("'" + text
                        + "' looks like an IPv6 address; put it in brackets, e.g. [::1]:8080");
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host; expected " + EXPECTED
                    + " (use 0.0.0.0 to listen on every interface)");
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a bad port '" + port + "'; expected "
                    + EXPECTED);
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("'" + text + "' has port " + p + " out of range; expected "
                    + EXPECTED);
        }
        return new HttpBind(host, p);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
