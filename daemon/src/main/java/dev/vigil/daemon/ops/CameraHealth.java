package dev.vigil.daemon.ops;

import dev.vigil.config.CameraConfig;
import dev.vigil.config.Redactor;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One camera's health for {@code /healthz}.
 *
 * @param secondsSinceLastFrame empty before the first frame
 * @param lastError             the last connection or recording error, already free of credentials
 *                              (masked once more here all the same: this text leaves the machine)
 * @param stallTimeout          the camera's {@code stallTimeout}: it is healthy when enabled and a
 *                              frame came at most this long ago
 */
public record CameraHealth(String name, boolean enabled, CameraState state, OptionalDouble secondsSinceLastFrame,
        Optional<String> lastError, Duration stallTimeout) {

    public CameraHealth {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(secondsSinceLastFrame, "secondsSinceLastFrame");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        lastError = lastError.map(Redactor::maskUrl);
    }

    /** Whether this camera lets the daemon report healthy: disabled, or recorded within its stall timeout. */
    public boolean healthy() {
        if (!enabled) return true;
        return secondsSinceLastFrame.isPresent() && secondsSinceLastFrame.getAsDouble() <= stallTimeout.toNanos() / 1e9;
    }

    /**
     * Derives the state from what the daemon knows of a camera.
     *
     * @param sessionUp          an RTSP session is established (PLAY answered)
     * @param lastFrameNanos     monotonic time of the last frame, {@link Long#MIN_VALUE} before any
     * @param nowNanos           the same clock, now
     * @param lastError          redacted, if there was one
     */
    public static CameraHealth of(CameraConfig camera, boolean sessionUp, long lastFrameNanos, long nowNanos, Optional<String> lastError) {
        OptionalDouble age = lastFrameNanos == Long.MIN_VALUE ? OptionalDouble.empty()
                : OptionalDouble.of(Math.max(0, nowNanos - lastFrameNanos) / 1e9);
        boolean fresh = age.isPresent() && age.getAsDouble() <= camera.stallTimeout().toNanos() / 1e9;
        CameraState state = !camera.enabled() ? CameraState.DISABLED
                : sessionUp && fresh ? CameraState.RECORDING
                : sessionUp ? CameraState.STALLED
                : CameraState.CONNECTING;
        return new CameraHealth(camera.name(), camera.enabled(), state, age, lastError, camera.stallTimeout());
    }
}
