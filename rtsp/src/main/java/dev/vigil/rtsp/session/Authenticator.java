package dev.vigil.rtsp.session;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * RTSP authentication for one connection: reads 401 challenges, picks the strongest it can answer
 * (Digest SHA-256, then Digest MD5, then Basic) and produces {@code Authorization} values (RFC
 * 7617, RFC 7616, RFC 2617). Not thread-safe: a session uses it from its event loop only.
 *
 * <p>Retry policy, "once per challenge": after a 401 the request is sent again with an answer. A
 * 401 to that answer with the same nonce (or again Basic), not marked {@code stale=true}, means the
 * user or password is wrong. Cameras that issue a fresh nonce with every 401 would otherwise loop
 * forever, so a session also gives up after {@value #MAX_ANSWERS} answered challenges in a row
 * ({@value #MAX_STALE_ANSWERS} when the server says stale), until {@link #onAccepted()}.
 */
final class Authenticator {

    static final int MAX_ANSWERS = 2;
    static final int MAX_STALE_ANSWERS = 4;

    private final Credentials credentials;
    private final Supplier<String> cnonces;

    private Challenge current;
    /** Whether a request was sent with {@link #current}: only then does a 401 judge the answer. */
    private boolean sent;
    private int nc;
    private int answersInARow;

    /** @param credentials null if none are configured: any 401 then fails with a clear message */
    Authenticator(Credentials credentials) {
        this(credentials, new SecureRandom());
    }

    /** @param random the source of client nonces; inject a seeded one in tests */
    Authenticator(Credentials credentials, RandomGenerator random) {
        this(credentials, () -> randomCnonce(random));
    }

    /** @param cnonces the client nonces, verbatim: lets tests replay the RFC examples */
    Authenticator(Credentials credentials, Supplier<String> cnonces) {
        this.credentials = credentials;
        this.cnonces = Objects.requireNonNull(cnonces, "cnonces");
    }

    /** Any answer other than 401: the credentials work, the next 401 starts afresh. */
    void onAccepted() {
        answersInARow = 0;
    }

    /** @param wwwAuthenticate every {@code WWW-Authenticate} value of the 401 response */
    AuthResult onUnauthorized(List<String> wwwAuthenticate) {
        List<Challenge> challenges = Challenge.parseAll(wwwAuthenticate);
        if (challenges.isEmpty()) {
            return new AuthResult.Fail("camera answered 401 Unauthorized without a WWW-Authenticate challenge", false);
        }
        Challenge best = challenges.stream()
                .filter(c -> c.strength() > 0)
                .max(Comparator.comparingInt(Challenge::strength))
                .orElse(null);
        if (best == null) {
            return new AuthResult.Fail("camera offers no authentication this client supports: "
                    + String.join(", ", challenges.stream().map(Challenge::describe).toList()), false);
        }
        if (credentials == null) {
            return new AuthResult.Fail("camera requires authentication (" + best.describe()
                    + ") but no user and password are configured", false);
        }
        if (current != null && sent) {
            boolean sameChallenge = best.isBasic()
                    ? current.isBasic()
                    : current.isDigest() && Objects.equals(current.nonce(), best.nonce());
            int limit = best.stale() ? MAX_STALE_ANSWERS : MAX_ANSWERS;
            if ((sameChallenge && !best.stale()) || answersInARow >= limit) {
                return new AuthResult.Fail("camera rejected user '" + credentials.user() + "' (" + best.describe()
                        + "): wrong user or password", true);
            }
        }
        if (current == null || !Objects.equals(current.nonce(), best.nonce()) || !current.scheme().equals(best.scheme())) {
            nc = 0; // nc counts requests per nonce
        }
        current = best;
        sent = false;
        answersInARow++;
        return new AuthResult.Retry(best);
    }

    /**
     * The {@code Authorization} value for a request; null before any challenge (cameras that need
     * none never send one, and credentials are not volunteered in the clear).
     *
     * @param uri the request URI exactly as on the request line (without user info)
     */
    String authorization(String method, String uri) {
        if (current == null || credentials == null) {
            return null;
        }
        sent = true;
        if (current.isBasic()) {
            String pair = credentials.user() + ":" + credentials.password();
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return digest(method, uri);
    }

    private String digest(String method, String uri) {
        DigestAlgorithm alg = current.algorithm();
        boolean qop = current.qop().contains("auth");
        String cnonce = qop || alg.session() ? cnonces.get() : null;
        String ncText = qop ? String.format("%08x", ++nc) : null;
        String response = Digest.response(alg, credentials, current.realm(), current.nonce(), method, uri,
                ncText, cnonce);

        StringBuilder sb = new StringBuilder("Digest ");
        sb.append("username=").append(quote(credentials.user()));
        sb.append(", realm=").append(quote(current.realm()));
        sb.append(", nonce=").append(quote(current.nonce()));
        sb.append(", uri=").append(quote(uri));
        sb.append(", response=").append(quote(response));
        if (current.algorithmToken() != null) {
            sb.append(", algorithm=").append(current.algorithmToken()); // echoed as the server spelled it
        }
        if (current.opaque() != null) {
            sb.append(", opaque=").append(quote(current.opaque()));
        }
        if (qop) {
            sb.append(", qop=auth, nc=").append(ncText);
        }
        if (cnonce != null) {
            sb.append(", cnonce=").append(quote(cnonce));
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String randomCnonce(RandomGenerator random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        return "Authenticator[user=" + (credentials == null ? null : credentials.user())
                + ", scheme=" + (current == null ? null : current.describe()) + "]";
    }
}
