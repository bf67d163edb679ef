package dev.vigil.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.CameraConfig;
import dev.vigil.config.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CameraHealthTest {
    private static final long S = 1_000_000_000L;
    private static final long NOW = 1_000 * S;
    private final CameraConfig cam = CameraConfig.of("front", URI.create("rtsp://cam/live"));

    @Test
    void statesFollowTheSessionAndTheStallTimeout() {
        assertThat(CameraHealth.of(cam, true, NOW - 2 * S, NOW, Optional.empty()).state()).isEqualTo(CameraState.RECORDING);
        assertThat(CameraHealth.of(cam, true, NOW - 11 * S, NOW, Optional.empty()).state()).isEqualTo(CameraState.STALLED);
        assertThat(CameraHealth.of(cam, true, Long.MIN_VALUE, NOW, Optional.empty()).state()).isEqualTo(CameraState.STALLED);
        assertThat(CameraHealth.of(cam, false, NOW - 2 * S, NOW, Optional.empty()).state()).isEqualTo(CameraState.CONNECTING);
        CameraConfig off = new CameraConfig("back", URI.create("rtsp://cam/2"), Optional.empty(), Optional.empty(),
                Transport.TCP, false, false, Duration.ofSeconds(10));
        CameraHealth disabled = CameraHealth.of(off, false, Long.MIN_VALUE, NOW, Optional.empty());
        assertThat(disabled.state()).isEqualTo(CameraState.DISABLED);
        assertThat(disabled.healthy()).isTrue();
    }

    @Test
    void healthyMeansAFrameWithinTheStallTimeout() {
        CameraHealth atLimit = CameraHealth.of(cam, true, NOW - 10 * S, NOW, Optional.empty());
        assertThat(atLimit.secondsSinceLastFrame()).hasValue(10.0);
        assertThat(atLimit.healthy()).isTrue();
        assertThat(CameraHealth.of(cam, true, NOW - 10 * S - 1, NOW, Optional.empty()).healthy()).isFalse();
        assertThat(CameraHealth.of(cam, true, Long.MIN_VALUE, NOW, Optional.empty()).healthy()).isFalse();
        // Reconnecting after a recent frame still counts: the stall timeout is the grace period.
        assertThat(CameraHealth.of(cam, false, NOW - S, NOW, Optional.empty()).healthy()).isTrue();
    }

    @Test
    void errorsAreMaskedAgain() {
        CameraHealth h = CameraHealth.of(cam, false, Long.MIN_VALUE, NOW, Optional.of("401 from rtsp://admin:pw@cam/live"));
        assertThat(h.lastError()).contains("401 from rtsp://admin:***@cam/live");
    }
}
