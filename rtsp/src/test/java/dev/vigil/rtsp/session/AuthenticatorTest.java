package dev.vigil.rtsp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    private static final Credentials MUFASA_2617 = new Credentials("Mufasa", "Circle Of Life");
    private static final Credentials MUFASA_7616 = new Credentials("Mufasa", "Circle of Life");
    private static final String NONCE_7616 = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String CNONCE_7616 = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final String OPAQUE_7616 = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

    private static String challenge7616(String algorithm) {
        return "Digest\r\n    realm=\"http-auth@example.org\",\r\n    qop=\"auth, auth-int\",\r\n    algorithm="
                + algorithm + ",\r\n    nonce=\"" + NONCE_7616 + "\",\r\n    opaque=\"" + OPAQUE_7616 + "\"";
    }

    private static Supplier<String> cnonces(String... values) {
        Deque<String> q = new ArrayDeque<>(List.of(values));
        return q::removeFirst;
    }

    /** Reads our Authorization value back with the challenge syntax, which it shares. */
    private static Map<String, String> params(String authorization) {
        return Challenge.parseAll(List.of(authorization)).get(0).params();
    }

    @Test
    void rfc2617Section35Example() {
        String response = Digest.response(DigestAlgorithm.MD5, MUFASA_2617, "testrealm@host.com",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "GET", "/dir/index.html", "00000001", "0a4f113b");

        assertThat(response).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void rfc2617ExampleThroughTheAuthenticator() {
        Authenticator auth = new Authenticator(MUFASA_2617, cnonces("0a4f113b"));
        auth.onUnauthorized(List.of("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""));

        String header = auth.authorization("GET", "/dir/index.html");

        assertThat(header).startsWith("Digest ");
        assertThat(params(header)).containsOnly(
                Map.entry("username", "Mufasa"), Map.entry("realm", "testrealm@host.com"),
                Map.entry("nonce", "dcd98b7102dd2f0e8b11d0f600bfb0c093"), Map.entry("uri", "/dir/index.html"),
                Map.entry("qop", "auth"), Map.entry("nc", "00000001"), Map.entry("cnonce", "0a4f113b"),
                Map.entry("response", "6629fae49393a05397450978507c4ef1"),
                Map.entry("opaque", "5ccc069c403ebaf9f0171e9517f40e41"));
    }

    @Test
    void rfc7616Section391Md5() {
        Authenticator auth = new Authenticator(MUFASA_7616, cnonces(CNONCE_7616));
        auth.onUnauthorized(List.of(challenge7616("MD5")));

        Map<String, String> p = params(auth.authorization("GET", "/dir/index.html"));

        assertThat(p).containsEntry("response", "8ca523f5e9506fed4657c9700eebdbec")
                .containsEntry("algorithm", "MD5")
                .containsEntry("opaque", OPAQUE_7616)
                .containsEntry("nc", "00000001")
                .containsEntry("cnonce", CNONCE_7616);
    }

    @Test
    void rfc7616Section391Sha256IsPreferredOverMd5() {
        Authenticator auth = new Authenticator(MUFASA_7616, cnonces(CNONCE_7616));
        // The RFC's server sends both; order must not matter.
        AuthResult result = auth.onUnauthorized(List.of(challenge7616("MD5"), challenge7616("SHA-256")));

        Map<String, String> p = params(auth.authorization("GET", "/dir/index.html"));

        assertThat(result).isInstanceOf(AuthResult.Retry.class);
        assertThat(p).containsOnly(
                Map.entry("username", "Mufasa"), Map.entry("realm", "http-auth@example.org"),
                Map.entry("uri", "/dir/index.html"), Map.entry("algorithm", "SHA-256"),
                Map.entry("nonce", NONCE_7616), Map.entry("nc", "00000001"), Map.entry("cnonce", CNONCE_7616),
                Map.entry("qop", "auth"),
                Map.entry("response", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
                Map.entry("opaque", OPAQUE_7616));
    }

    @Test
    void digestIsPreferredOverBasic() {
        Authenticator auth = new Authenticator(new Credentials("admin", "pw"), new Random(1));

        AuthResult r = auth.onUnauthorized(List.of("Basic realm=\"cam\"", "Digest realm=\"cam\", nonce=\"n1\""));

        assertThat(((AuthResult.Retry) r).challenge().isDigest()).isTrue();
    }

    @Test
    void basic() {
        Authenticator auth = new Authenticator(new Credentials("Aladdin", "open sesame"), new Random(1));
        auth.onUnauthorized(List.of("Basic realm=\"WallyWorld\""));

        assertThat(auth.authorization("DESCRIBE", "rtsp://cam/live")).isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    @Test
    void basicWithUtf8() {
        Authenticator auth = new Authenticator(new Credentials("test", "123£"), new Random(1));
        auth.onUnauthorized(List.of("Basic realm=\"foo\", charset=\"UTF-8\""));

        // RFC 7617 §2.1 example.
        assertThat(auth.authorization("OPTIONS", "rtsp://cam/")).isEqualTo("Basic dGVzdDoxMjPCow==");
    }

    @Test
    void noAuthorizationBeforeAChallenge() {
        Authenticator auth = new Authenticator(new Credentials("admin", "pw"));

        assertThat(auth.authorization("OPTIONS", "rtsp://cam/")).isNull();
    }

    @Test
    void ncCountsRequestsPerNonceAndRestartsWithANewNonce() {
        Authenticator auth = new Authenticator(new Credentials("admin", "pw"), cnonces("c1", "c2", "c3", "c4"));
        auth.onUnauthorized(List.of("Digest realm=\"cam\", nonce=\"n1\", qop=\"auth\""));

        assertThat(params(auth.authorization("DESCRIBE", "rtsp://cam/live")).get("nc")).isEqualTo("00000001");
        assertThat(params(auth.authorization("SETUP", "rtsp://cam/live/trackID=1")))
                .containsEntry("nc", "00000002").containsEntry("cnonce", "c2");
        auth.onAccepted();
        // Later the nonce expires; the camera does not say stale (many don't): answered once more.
        AuthResult r = auth.onUnauthorized(List.of("Digest realm=\"cam\", nonce=\"n2\", qop=\"auth\""));

        assertThat(r).isInstanceOf(AuthResult.Retry.class);
        assertThat(params(auth.authorization("GET_PARAMETER", "rtsp://cam/live/")))
                .containsEntry("nc", "00000001").containsEntry("nonce", "n2");
    }

    @Test
    void ncIsEightHexDigits() {
        Authenticator auth = new Authenticator(new Credentials("a", "b"), new Random(7));
        auth.onUnauthorized(List.of("Digest realm=\"cam\", nonce=\"n\", qop=auth"));
        String nc = null;
        for (int i = 0; i < 26; i++) {
            nc = params(auth.authorization("OPTIONS", "*")).get("nc");
        }

        assertThat(nc).isEqualTo("0000001a");
    }

    @Test
    void withoutQopTheResponseIsTheRfc2069FormAndHasNoNcOrCnonce() {
        Authenticator auth = new Authenticator(MUFASA_2617, cnonces());
        auth.onUnauthorized(List.of("Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\""));

        Map<String, String> p = params(auth.authorization("GET", "/dir/index.html"));

        DigestAlgorithm md5 = DigestAlgorithm.MD5;
        String expected = md5.hex(md5.hex("Mufasa:testrealm@host.com:Circle Of Life")
                + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:" + md5.hex("GET:/dir/index.html"));
        assertThat(p).containsEntry("response", expected).doesNotContainKeys("qop", "nc", "cnonce", "algorithm", "opaque");
    }

    @Test
    void md5SessMixesNonceAndCnonceIntoHa1() {
        Authenticator auth = new Authenticator(new Credentials("u", "p"), cnonces("cn"));
        auth.onUnauthorized(List.of("Digest realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm=MD5-sess"));

        Map<String, String> p = params(auth.authorization("PLAY", "rtsp://cam/s/"));

        DigestAlgorithm md5 = DigestAlgorithm.MD5;
        String ha1 = md5.hex(md5.hex("u:r:p") + ":n:cn");
        String expected = md5.hex(ha1 + ":n:00000001:cn:auth:" + md5.hex("PLAY:rtsp://cam/s/"));
        assertThat(p).containsEntry("response", expected).containsEntry("algorithm", "MD5-sess");
    }

    @Test
    void randomCnonceComesFromTheInjectedSource() {
        String first = cnonceWithSeed(42);

        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(cnonceWithSeed(42)).isEqualTo(first);
        assertThat(cnonceWithSeed(43)).isNotEqualTo(first);
    }

    private static String cnonceWithSeed(long seed) {
        Authenticator auth = new Authenticator(new Credentials("u", "p"), new Random(seed));
        auth.onUnauthorized(List.of("Digest realm=\"r\", nonce=\"n\", qop=\"auth\""));
        return params(auth.authorization("OPTIONS", "*")).get("cnonce");
    }

    @Test
    void usernameWithQuotesIsEscaped() {
        Authenticator auth = new Authenticator(new Credentials("a\"b\\c", "p"), cnonces("c"));
        auth.onUnauthorized(List.of("Digest realm=\"r\", nonce=\"n\""));

        String header = auth.authorization("OPTIONS", "*");

        assertThat(header).contains("username=\"a\\\"b\\\\c\"");
        assertThat(params(header)).containsEntry("username", "a\"b\\c");
    }

    @Test
    void second401WithTheSameNonceMeansWrongCredentials() {
        Authenticator auth = new Authenticator(new Credentials("admin", "hunter2"), new Random(1));
        String hik = "Digest realm=\"IP Camera(C6512)\", nonce=\"abc\", stale=\"FALSE\"";
        assertThat(auth.onUnauthorized(List.of(hik, "Basic realm=\"IP Camera(C6512)\"")))
                .isInstanceOf(AuthResult.Retry.class);
        auth.authorization("DESCRIBE", "rtsp://cam/live");

        AuthResult r = auth.onUnauthorized(List.of(hik, "Basic realm=\"IP Camera(C6512)\""));

        assertThat(r).isEqualTo(new AuthResult.Fail(
                "camera rejected user 'admin' (Digest realm=\"IP Camera(C6512)\"): wrong user or password", true));
        assertThat(r.toString()).doesNotContain("hunter2");
    }

    @Test
    void second401ToBasicMeansWrongCredentials() {
        Authenticator auth = new Authenticator(new Credentials("admin", "hunter2"), new Random(1));
        auth.onUnauthorized(List.of("Basic realm=\"cam\""));
        auth.authorization("DESCRIBE", "rtsp://cam/live");

        AuthResult r = auth.onUnauthorized(List.of("Basic realm=\"cam\""));

        assertThat(r).isInstanceOfSatisfying(AuthResult.Fail.class, f -> {
            assertThat(f.wrongCredentials()).isTrue();
            assertThat(f.message()).contains("'admin'").doesNotContain("hunter2");
        });
    }

    @Test
    void a401BeforeTheAnswerWasSentIsNotAVerdict() {
        // Two requests in flight when the challenge came: both get 401 with the same nonce.
        Authenticator auth = new Authenticator(new Credentials("admin", "pw"), new Random(1));
        String c = "Digest realm=\"cam\", nonce=\"n\"";

        assertThat(auth.onUnauthorized(List.of(c))).isInstanceOf(AuthResult.Retry.class);
        assertThat(auth.onUnauthorized(List.of(c))).isInstanceOf(AuthResult.Retry.class);
    }

    @Test
    void staleNonceIsRetriedWithTheSameCredentials() {
        Authenticator auth = new Authenticator(new Credentials("admin", "pw"), new Random(1));
        auth.onUnauthorized(List.of("Digest realm=\"cam\", nonce=\"n1\""));
        auth.authorization("DESCRIBE", "rtsp://cam/live");

        AuthResult r = auth.onUnauthorized(List.of("Digest realm=\"cam\", nonce=\"n2\", stale=true"));

        assertThat(r).isInstanceOf(AuthResult.Retry.class);
        assertThat(params(auth.authorization("DESCRIBE", "rtsp://cam/live"))).containsEntry("nonce", "n2");
    }

    @Test
    void freshNonceWithEvery401StillEndsAsWrongCredentials() {
        // Cameras that mint a new nonce per 401 and never say stale: bounded, not an endless loop.
        Authenticator auth = new Authenticator(new Credentials("admin", "pw"), new Random(1));
        AuthResult last = null;
        int attempts = 0;
        for (int i = 1; i <= 10 && !(last instanceof AuthResult.Fail); i++) {
            last = auth.onUnauthorized(List.of("Digest realm=\"cam\", nonce=\"n" + i + "\""));
            auth.authorization("DESCRIBE", "rtsp://cam/live");
            attempts++;
        }

        assertThat(last).isInstanceOfSatisfying(AuthResult.Fail.class, f -> assertThat(f.wrongCredentials()).isTrue());
        assertThat(attempts).isEqualTo(Authenticator.MAX_ANSWERS + 1);
    }

    @Test
    void endlessStaleIsBoundedToo() {
        Authenticator auth = new Authenticator(new Credentials("admin", "pw"), new Random(1));
        AuthResult last = null;
        int attempts = 0;
        for (int i = 1; i <= 10 && !(last instanceof AuthResult.Fail); i++) {
            last = auth.onUnauthorized(List.of("Digest realm=\"cam\", nonce=\"n" + i + "\", stale=TRUE"));
            auth.authorization("DESCRIBE", "rtsp://cam/live");
            attempts++;
        }

        assertThat(last).isInstanceOf(AuthResult.Fail.class);
        assertThat(attempts).isEqualTo(Authenticator.MAX_STALE_ANSWERS + 1);
    }

    @Test
    void noCredentialsConfigured() {
        AuthResult r = new Authenticator(null).onUnauthorized(List.of("Digest realm=\"cam\", nonce=\"n\""));

        assertThat(r).isEqualTo(new AuthResult.Fail(
                "camera requires authentication (Digest realm=\"cam\") but no user and password are configured", false));
    }

    @Test
    void nothingSupportedIsNamed() {
        AuthResult r = new Authenticator(new Credentials("a", "b"))
                .onUnauthorized(List.of("Negotiate", "Digest realm=\"cam\", nonce=\"n\", algorithm=SHA-512-256"));

        assertThat(r).isEqualTo(new AuthResult.Fail("camera offers no authentication this client supports: "
                + "Negotiate, Digest realm=\"cam\" algorithm=SHA-512-256", false));
    }

    @Test
    void missingChallenge() {
        AuthResult r = new Authenticator(new Credentials("a", "b")).onUnauthorized(List.of());

        assertThat(r).isInstanceOfSatisfying(AuthResult.Fail.class,
                f -> assertThat(f.message()).contains("without a WWW-Authenticate challenge"));
    }

    @Test
    void toStringHoldsNoPassword() {
        Authenticator auth = new Authenticator(new Credentials("admin", "hunter2"), new Random(1));
        auth.onUnauthorized(List.of("Digest realm=\"cam\", nonce=\"n\""));

        assertThat(auth.toString()).contains("admin").doesNotContain("hunter2");
    }
}
