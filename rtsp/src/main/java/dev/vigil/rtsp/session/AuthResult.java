package dev.vigil.rtsp.session;

/** What to do after a 401, as decided by {@link Authenticator#onUnauthorized}. */
sealed interface AuthResult {

    /** Send the request again; {@link Authenticator#authorization} now answers {@code challenge}. */
    record Retry(Challenge challenge) implements AuthResult {
    }

    /**
     * Give up: the session reports {@code message}, one line that never holds the password.
     *
     * @param wrongCredentials true when the camera rejected the credentials we sent (as opposed to
     *                         asking for something this client cannot do)
     */
    record Fail(String message, boolean wrongCredentials) implements AuthResult {
    }
}
