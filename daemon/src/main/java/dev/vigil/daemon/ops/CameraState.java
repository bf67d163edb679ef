package dev.vigil.daemon.ops;

import java.util.Locale;

/** What a camera is doing, as {@code /healthz} reports it (in lower case). */
public enum CameraState {
    /** Frames arrive and are stored. */
    RECORDING,
    /** No session yet, or re-establishing one. */
    CONNECTING,
    /** A session is up, but no frame came within the camera's stall timeout. */
    STALLED,
    /** {@code enabled: false} in the config. */
    DISABLED;

    String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
