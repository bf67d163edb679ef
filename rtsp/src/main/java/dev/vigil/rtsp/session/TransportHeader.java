package dev.vigil.rtsp.session;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * One transport specification of a {@code Transport} header (RFC 2326 §12.39), as a SETUP
 * response carries it, and the request values this client sends.
 *
 * @param profile     e.g. {@code RTP/AVP/TCP}, as received
 * @param tcp         true for interleaved RTP over the RTSP connection
 * @param unicast     false only when the server says {@code multicast}
 * @param interleaved the channel pair for TCP; null if absent
 * @param clientPort  the client's RTP/RTCP ports for UDP; null if absent
 * @param serverPort  the server's RTP/RTCP ports for UDP; null if absent
 * @param ssrc        the SSRC the server will use; empty if absent or not hex
 * @param source      the {@code source} address; null if absent
 */
record TransportHeader(String profile, boolean tcp, boolean unicast, Pair interleaved, Pair clientPort,
        Pair serverPort, OptionalLong ssrc, String source) {

    /** A channel or port pair, {@code a-b}; a single number {@code a} stands for {@code a-(a+1)}. */
    record Pair(int first, int second) {

        /** Null if not {@code n} or {@code n-m} with numbers in 0..65535. */
        static Pair parse(String text) {
            String t = text.strip();
            int dash = t.indexOf('-');
            int a = Numbers.parseInt(dash < 0 ? t : t.substring(0, dash), -1);
            int b = dash < 0 ? a + 1 : Numbers.parseInt(t.substring(dash + 1), -1);
            if (a < 0 || a > 65535 || b < 0 || b > 65535) {
                return null;
            }
            return new Pair(a, b);
        }

        @Override
        public String toString() {
            return first + "-" + second;
        }
    }

    /**
     * Parses the first specification of the header (a response has one; a request may list
     * alternatives separated by commas).
     *
     * @throws IllegalArgumentException if there is no RTP profile to read, naming the header
     */
    static TransportHeader parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("response has no Transport header");
        }
        // Limit -1: without it "," or ";" split into no parts at all, and [0] would not exist.
        String spec = value.split(",", -1)[0];
        String[] parts = spec.split(";", -1);
        String profile = parts[0].strip();
        String upper = profile.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("RTP/")) {
            throw new IllegalArgumentException("Transport header '" + value.strip() + "' is not an RTP transport");
        }
        // RTP/AVP, RTP/AVP/UDP, RTP/SAVP, RTP/AVPF/TCP ...: the lower transport is the third part.
        boolean tcp = upper.endsWith("/TCP");
        boolean unicast = true;
        Pair interleaved = null;
        Pair clientPort = null;
        Pair serverPort = null;
        OptionalLong ssrc = OptionalLong.empty();
        String source = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String val = eq < 0 ? "" : p.substring(eq + 1).strip().replace("\"", "");
            switch (key) {
                case "multicast" -> unicast = false;
                case "unicast" -> unicast = true;
                case "interleaved" -> interleaved = Pair.parse(val);
                case "client_port" -> clientPort = Pair.parse(val);
                case "server_port" -> serverPort = Pair.parse(val);
                case "ssrc" -> ssrc = parseSsrc(val);
                case "source" -> source = val.isEmpty() ? null : val;
                default -> {
                    // mode, ttl, destination, ...: nothing this client acts on
                }
            }
        }
        return new TransportHeader(profile, tcp, unicast, interleaved, clientPort, serverPort, ssrc, source);
    }

    /** 8 hex digits; cameras also send fewer digits. Anything else, or more than 32 bits, is ignored. */
    private static OptionalLong parseSsrc(String val) {
        if (val.isEmpty() || val.length() > 8) {
            return OptionalLong.empty();
        }
        // Long.parseLong alone would take a sign ("-1" is 0xFFFFFFFF once cast to the SSRC's int)
        // and non-ASCII digits: check the digits first.
        for (int i = 0; i < val.length(); i++) {
            char c = val.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(val, 16));
    }

    /** The request value for RTP interleaved on the RTSP connection, on channels {@code channel}, +1. */
    static String tcpRequest(int channel) {
        if (channel < 0 || channel > 254) {
            throw new IllegalArgumentException("interleaved channel " + channel + " is not 0..254 (a pair needs n+1 <= 255)");
        }
        return "RTP/AVP/TCP;unicast;interleaved=" + channel + "-" + (channel + 1);
    }

    /** The request value for RTP over UDP to {@code rtpPort} and RTCP to the next port. */
    static String udpRequest(int rtpPort) {
        if (rtpPort < 1 || rtpPort > 65534) {
            throw new IllegalArgumentException("client RTP port " + rtpPort + " is not 1..65534 (RTCP needs port+1)");
        }
        return "RTP/AVP;unicast;client_port=" + rtpPort + "-" + (rtpPort + 1);
    }
}
