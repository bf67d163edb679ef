package dev.vigil.rtsp.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One authentication challenge of a {@code WWW-Authenticate} header.
 *
 * @param scheme the scheme as sent, e.g. {@code Digest}
 * @param params the auth-params, keys lower-cased, values unquoted and unescaped
 */
record Challenge(String scheme, Map<String, String> params) {

    Challenge {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    boolean isBasic() {
        return scheme.equalsIgnoreCase("Basic");
    }

    boolean isDigest() {
        return scheme.equalsIgnoreCase("Digest");
    }

    /** "" if absent. */
    String realm() {
        return params.getOrDefault("realm", "");
    }

    /** Null if absent. */
    String nonce() {
        return params.get("nonce");
    }

    /** Null if absent. */
    String opaque() {
        return params.get("opaque");
    }

    /** The algorithm parameter as sent; null if absent. */
    String algorithmToken() {
        return params.get("algorithm");
    }

    /** The supported algorithm asked for; null if it is one this client does not know. */
    DigestAlgorithm algorithm() {
        return DigestAlgorithm.of(algorithmToken());
    }

    /** The qop options, lower-case; empty when the server offers none (RFC 2069 style). */
    List<String> qop() {
        String q = params.get("qop");
        List<String> out = new ArrayList<>();
        if (q != null) {
            for (String s : q.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    /** Whether the server says only the nonce was too old (the credentials were fine). */
    boolean stale() {
        return "true".equalsIgnoreCase(params.getOrDefault("stale", "").strip());
    }

    /**
     * How much this client prefers the challenge: 3 Digest SHA-256, 2 Digest MD5, 1 Basic, 0 when it
     * cannot answer it (unknown scheme or algorithm, no nonce, only qop=auth-int).
     */
    int strength() {
        if (isBasic()) {
            return 1;
        }
        if (!isDigest() || nonce() == null || algorithm() == null) {
            return 0;
        }
        List<String> qop = qop();
        if (!qop.isEmpty() && !qop.contains("auth")) {
            return 0;
        }
        return switch (algorithm()) {
            case SHA_256, SHA_256_SESS -> 3;
            case MD5, MD5_SESS -> 2;
        };
    }

    /** For messages: {@code Digest realm="x" algorithm=SHA-256}; no nonce, it means nothing to a reader. */
    String describe() {
        StringBuilder sb = new StringBuilder(scheme);
        if (params.containsKey("realm")) {
            sb.append(" realm=\"").append(realm()).append('"');
        }
        if (algorithmToken() != null) {
            sb.append(" algorithm=").append(algorithmToken());
        }
        return sb.toString();
    }

    /** Every challenge of one or several {@code WWW-Authenticate} header values, in order. */
    static List<Challenge> parseAll(List<String> headerValues) {
        List<Challenge> out = new ArrayList<>();
        for (String v : headerValues) {
            if (v != null) {
                new ChallengeParser(v).parseInto(out);
            }
        }
        return out;
    }
}
