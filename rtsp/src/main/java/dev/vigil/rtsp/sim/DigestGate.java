package dev.vigil.rtsp.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The camera side of Digest authentication (RFC 2617, MD5), as most cameras do it: a 401 with
 * realm and nonce, then each request's {@code Authorization} checked against the login. A
 * verifier of its own rather than the client's helpers: a shared bug would then go unnoticed.
 */
final class DigestGate {
    static final String REALM = "Vigil simulated camera";
    private static final Pattern PARAM = Pattern.compile("(\\w+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]*))");

    private final Quirks.Login login;
    private final String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong());

    DigestGate(Quirks.Login login) {
        this.login = login;
    }

    String challenge() {
        return "Digest realm=\"" + REALM + "\", nonce=\"" + nonce + "\"";
    }

    /** Whether {@code authorization} (null if absent) is a right answer for this request. */
    boolean admits(String method, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Digest ", 0, 7)) return false;
        Map<String, String> p = new HashMap<>();
        Matcher m = PARAM.matcher(authorization.substring(7));
        while (m.find()) p.put(m.group(1).toLowerCase(), m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3));
        if (!login.user().equals(p.get("username")) || !REALM.equals(p.get("realm")) || !nonce.equals(p.get("nonce"))
                || p.get("uri") == null || p.get("response") == null) {
            return false;
        }
        String ha1 = md5(login.user() + ":" + REALM + ":" + login.password());
        String ha2 = md5(method + ":" + p.get("uri"));
        String expected = p.containsKey("qop")
                ? md5(ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":" + p.get("qop") + ":" + ha2)
                : md5(ha1 + ":" + nonce + ":" + ha2);
        return expected.equalsIgnoreCase(p.get("response"));
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has MD5", e);
        }
    }
}
