package dev.vigil.rtsp.session;

/** The Digest response computation of RFC 7616 §3.4.1 (and RFC 2617 §3.2.2), nothing else. */
final class Digest {

    private Digest() {
    }

    /**
     * @param nc     8 hex digits when qop=auth is used; null for the RFC 2069 form without qop
     * @param cnonce the client nonce; needed with qop or a -sess algorithm, else ignored
     * @return the lower-case hex response
     */
    static String response(DigestAlgorithm alg, Credentials credentials, String realm, String nonce,
            String method, String uri, String nc, String cnonce) {
        String ha1 = alg.hex(credentials.user() + ":" + realm + ":" + credentials.password());
        if (alg.session()) {
            ha1 = alg.hex(ha1 + ":" + nonce + ":" + cnonce);
        }
        String ha2 = alg.hex(method + ":" + uri);
        if (nc == null) {
            return alg.hex(ha1 + ":" + nonce + ":" + ha2);
        }
        return alg.hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
    }
}
