package dev.vigil.rtsp.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The camera really has the quirks it is asked for, seen by a plain socket rather than by the
 * client under test, so that the client's quirk tests cannot pass because a quirk is missing.
 */
class SimulatedCameraQuirksTest {
    static final String TCP = "RTP/AVP/TCP;unicast;interleaved=0-1";

    /** A bare RTSP conversation on one connection (header names come lower-cased); the read limit is a hang guard. */
    static final class Conversation implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final String url;
        int cseq;

        Conversation(SimulatedCamera camera) throws IOException {
            socket = new Socket("127.0.0.1", camera.port());
            socket.setSoTimeout(20_000);
            in = socket.getInputStream();
            url = camera.url("cam");
        }

        /** Sends a request with the given extra header lines; returns the answer's head and body. */
        String ask(String method, String... headers) throws IOException {
            StringBuilder req = new StringBuilder(method + " " + url + " RTSP/1.0\r\nCSeq: " + ++cseq + "\r\n");
            for (String h : headers) req.append(h).append("\r\n");
            socket.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            String head = readHead();
            Matcher length = Pattern.compile("(?im)^Content-Length:\\s*(\\d+)").matcher(head);
            return length.find() ? head + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.US_ASCII) : head;
        }

        private String readHead() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (!out.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) throw new IOException("connection closed after " + out);
                out.write(b);
            }
            return out.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static SimulatedCamera camera(Quirks quirks) throws InterruptedException {
        return SimulatedCamera.start(Clip.demo(), 0, quirks);
    }

    @Test
    void malformedSdpHasTrailingSpacesAndNoOriginLine() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.MALFORMED_SDP)); Conversation c = new Conversation(camera)) {
            String answer = c.ask("DESCRIBE");
            String sdp = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertThat(sdp).startsWith("v=0  \r\n").doesNotContain("\no=").contains("a=control:trackID=0  \r\n");
            assertThat(sdp.split("\r\n")).allMatch(line -> line.endsWith("  "));
        }
    }

    @Test
    void sessionHeaderCarriesTheTimeoutUnlessTheQuirkLeavesItOut() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.NONE.sessionTimeout(7)); Conversation c = new Conversation(camera)) {
            assertThat(c.ask("SETUP", "Transport: " + TCP)).containsPattern("(?im)^Session: \\w+;timeout=7$");
        }
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.NO_SESSION_TIMEOUT)); Conversation c = new Conversation(camera)) {
            assertThat(c.ask("SETUP", "Transport: " + TCP)).containsPattern("(?im)^Session: \\w+$");
        }
    }

    @Test
    void aConnectionNobodyKeepsAliveIsClosedAfterTheTimeout() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.NONE.sessionTimeout(1)); Conversation c = new Conversation(camera)) {
            c.ask("OPTIONS");
            assertThat(c.in.read()).as("end of stream").isEqualTo(-1);
        }
    }

    @Test
    void staleCseqEchoesThePreviousRequests() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.STALE_CSEQ)); Conversation c = new Conversation(camera)) {
            assertThat(c.ask("OPTIONS")).containsPattern("(?im)^CSeq: 1$");
            assertThat(c.ask("OPTIONS")).containsPattern("(?im)^CSeq: 1$");
            assertThat(c.ask("OPTIONS")).containsPattern("(?im)^CSeq: 2$");
        }
    }

    @Test
    void refusedMethodsAndTransports() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.of(Quirk.SET_PARAMETER_400, Quirk.GET_PARAMETER_454, Quirk.REFUSE_UDP));
             Conversation c = new Conversation(camera)) {
            assertThat(c.ask("OPTIONS")).contains("GET_PARAMETER, SET_PARAMETER");
            assertThat(c.ask("SET_PARAMETER")).startsWith("RTSP/1.0 400 ");
            assertThat(c.ask("GET_PARAMETER")).startsWith("RTSP/1.0 454 ");
            assertThat(c.ask("SETUP", "Transport: RTP/AVP;unicast;client_port=5000-5001")).startsWith("RTSP/1.0 461 ");
        }
    }

    @Test
    void digestAdmitsOnlyTheRightAnswer() throws Exception {
        try (SimulatedCamera camera = camera(Quirks.NONE.digest("admin", "s3cret")); Conversation c = new Conversation(camera)) {
            assertThat(c.ask("OPTIONS")).startsWith("RTSP/1.0 200 ");
            String challenge = c.ask("DESCRIBE");
            assertThat(challenge).startsWith("RTSP/1.0 401 ");
            Matcher nonce = Pattern.compile("(?i)WWW-Authenticate: Digest realm=\"([^\"]+)\", nonce=\"([^\"]+)\"").matcher(challenge);
            assertThat(nonce.find()).as(challenge).isTrue();
            assertThat(c.ask("DESCRIBE", authorization(c.url, nonce.group(1), nonce.group(2), "wrong"))).startsWith("RTSP/1.0 401 ");
            assertThat(c.ask("DESCRIBE", authorization(c.url, nonce.group(1), nonce.group(2), "s3cret"))).startsWith("RTSP/1.0 200 ");
        }
    }

    /** RFC 2617 without qop, worked out here rather than by either side's code. */
    static String authorization(String uri, String realm, String nonce, String password) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        HexFormat hex = HexFormat.of();
        String ha1 = hex.formatHex(md5.digest(("admin:" + realm + ":" + password).getBytes(StandardCharsets.UTF_8)));
        String ha2 = hex.formatHex(md5.digest(("DESCRIBE:" + uri).getBytes(StandardCharsets.UTF_8)));
        String response = hex.formatHex(md5.digest((ha1 + ":" + nonce + ":" + ha2).getBytes(StandardCharsets.UTF_8)));
        return "Authorization: Digest username=\"admin\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\"";
    }
}
