package dev.vigil.rtsp.session;

/**
 * What a camera's session is doing, for health and logs.
 *
 * @param phase where it is
 * @param lastError the last failure as one line, credentials redacted; null if none yet
 * @param reconnects connections made after the first
 */
public record SessionState(Phase phase, String lastError, long reconnects) {
    public enum Phase {
        IDLE, CONNECTING, PLAYING, WAITING_TO_RECONNECT, STOPPED
    }
}
