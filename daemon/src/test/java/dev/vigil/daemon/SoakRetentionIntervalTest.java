package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Retention keeps up with short segments (an accelerated soak) and stays at a minute for real ones. */
class SoakRetentionIntervalTest {

    @Test
    void everyMinuteForRealSegmentsEverySegmentForShortOnesNeverBelowASecond() {
        assertThat(Daemon.retentionEvery(Duration.ofSeconds(1000))).isEqualTo(Duration.ofSeconds(60));
        assertThat(Daemon.retentionEvery(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(60));
        assertThat(Daemon.retentionEvery(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
        assertThat(Daemon.retentionEvery(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(Daemon.retentionEvery(Duration.ofMillis(200))).isEqualTo(Duration.ofSeconds(1));
    }
}
