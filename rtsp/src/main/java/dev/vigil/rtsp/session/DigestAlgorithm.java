package dev.vigil.rtsp.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** The Digest algorithms this client answers (RFC 7616 §3.2), weakest first. */
enum DigestAlgorithm {
    MD5("MD5", "MD5", false),
    MD5_SESS("MD5-sess", "MD5", true),
    SHA_256("SHA-256", "SHA-256", false),
    SHA_256_SESS("SHA-256-sess", "SHA-256", true);

    private final String token;
    private final String javaName;
    private final boolean session;

    DigestAlgorithm(String token, String javaName, boolean session) {
        this.token = token;
        this.javaName = javaName;
        this.session = session;
    }

    /** The name as RFC 7616 spells it. */
    String token() {
        return token;
    }

    /** Whether HA1 mixes in the nonce and cnonce ({@code -sess}). */
    boolean session() {
        return session;
    }

    /** @param token the algorithm parameter; null means MD5 (RFC 7616 §3.3) */
    static DigestAlgorithm of(String token) {
        if (token == null || token.isBlank()) {
            return MD5;
        }
        String t = token.strip().toUpperCase(Locale.ROOT);
        for (DigestAlgorithm a : values()) {
            if (a.token.toUpperCase(Locale.ROOT).equals(t)) {
                return a;
            }
        }
        return null; // e.g. SHA-512-256: not supported, the challenge is skipped
    }

    /** Lower-case hex of the hash of the UTF-8 text. */
    String hex(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance(javaName);
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide MD5 and SHA-256.
            throw new IllegalStateException(javaName + " is missing from this Java runtime", e);
        }
    }
}
