package dev.vigil.rtsp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeParserTest {

    private static List<Challenge> parse(String... values) {
        return Challenge.parseAll(List.of(values));
    }

    @Test
    void hikvisionDigestAndBasicInTwoHeaders() {
        List<Challenge> cs = parse("Digest realm=\"IP Camera(C6512)\", nonce=\"68d1a6a5e5d38ec58ac1b56a4ae1ffce\", stale=\"FALSE\"",
                "Basic realm=\"IP Camera(C6512)\"");

        assertThat(cs).hasSize(2);
        assertThat(cs.get(0).isDigest()).isTrue();
        assertThat(cs.get(0).realm()).isEqualTo("IP Camera(C6512)");
        assertThat(cs.get(0).nonce()).isEqualTo("68d1a6a5e5d38ec58ac1b56a4ae1ffce");
        assertThat(cs.get(0).stale()).isFalse();
        assertThat(cs.get(0).algorithm()).isEqualTo(DigestAlgorithm.MD5);
        assertThat(cs.get(1).isBasic()).isTrue();
        assertThat(cs.get(1).strength()).isEqualTo(1);
    }

    @Test
    void severalChallengesInOneValue() {
        List<Challenge> cs = parse("Digest realm=\"a\", nonce=\"n\", algorithm=SHA-256, Basic realm=\"a\", "
                + "Digest realm=\"a\", nonce=\"n\"");

        assertThat(cs).extracting(Challenge::scheme).containsExactly("Digest", "Basic", "Digest");
        assertThat(cs).extracting(Challenge::strength).containsExactly(3, 1, 2);
    }

    @Test
    void commasAndEscapesInsideQuotedStrings() {
        Challenge c = parse("Digest realm=\"Cam, \\\"lobby\\\" \\\\ 1\", qop=\"auth,auth-int\", nonce=\"x,y\"").get(0);

        assertThat(c.realm()).isEqualTo("Cam, \"lobby\" \\ 1");
        assertThat(c.nonce()).isEqualTo("x,y");
        assertThat(c.qop()).containsExactly("auth", "auth-int");
    }

    @Test
    void unquotedTokensAndUpperCaseNames() {
        Challenge c = parse("DIGEST Realm=cam, NONCE=abc, Algorithm=md5-SESS, Stale=TRUE, QOP=auth").get(0);

        assertThat(c.isDigest()).isTrue();
        assertThat(c.realm()).isEqualTo("cam");
        assertThat(c.nonce()).isEqualTo("abc");
        assertThat(c.algorithm()).isEqualTo(DigestAlgorithm.MD5_SESS);
        assertThat(c.stale()).isTrue();
        assertThat(c.qop()).containsExactly("auth");
    }

    @Test
    void missingCommasBetweenParametersAsSomeOldCamerasSendThem() {
        Challenge c = parse("Digest realm=\"cam\" nonce=\"abc\"  opaque=\"o\"").get(0);

        assertThat(c.params()).containsExactly(Map.entry("realm", "cam"), Map.entry("nonce", "abc"),
                Map.entry("opaque", "o"));
    }

    @Test
    void foldedHeaderAsInTheRfcExamples() {
        Challenge c = parse("Digest\r\n    realm=\"http-auth@example.org\",\r\n    qop=\"auth, auth-int\",\r\n"
                + "    algorithm=SHA-256,\r\n    nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\"").get(0);

        assertThat(c.algorithm()).isEqualTo(DigestAlgorithm.SHA_256);
        assertThat(c.qop()).containsExactly("auth", "auth-int");
        assertThat(c.nonce()).isEqualTo("7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v");
    }

    @Test
    void token68SchemesDoNotSwallowTheNextChallenge() {
        List<Challenge> cs = parse("Negotiate YIIabc==, Basic realm=\"x\"", "NTLM");

        assertThat(cs).extracting(Challenge::scheme).containsExactly("Negotiate", "Basic", "NTLM");
        assertThat(cs.get(0).params()).isEmpty();
        assertThat(cs.get(0).strength()).isZero();
    }

    @Test
    void unsupportedDigestVariantsHaveNoStrength() {
        assertThat(parse("Digest realm=\"a\", nonce=\"n\", algorithm=SHA-512-256").get(0).strength()).isZero();
        assertThat(parse("Digest realm=\"a\", nonce=\"n\", qop=\"auth-int\"").get(0).strength()).isZero();
        assertThat(parse("Digest realm=\"a\"").get(0).strength()).isZero();
    }

    @Test
    void garbageNeverThrows() {
        assertThat(parse("", " , ,", "=\"\"", "Digest realm=\"unterminated", "Basic ===", "\"x\"")).isNotNull();
        assertThat(parse("Digest realm=\"unterminated").get(0).realm()).isEqualTo("unterminated");
    }

    @Test
    void describeNamesSchemeRealmAndAlgorithmButNotTheNonce() {
        Challenge c = parse("Digest realm=\"cam\", nonce=\"secret-ish\", algorithm=SHA-256").get(0);

        assertThat(c.describe()).isEqualTo("Digest realm=\"cam\" algorithm=SHA-256");
    }
}
