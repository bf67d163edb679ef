package dev.vigil.rtsp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    static final long SECOND = 1_000_000_000L;

    @Test
    void doublesFromTheMinimumToTheMaximumEachDelayInTheUpperHalf() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(4));
        long[] ceilings = {1, 2, 4, 8, 16, 30, 30, 30};
        for (long c : ceilings) {
            long d = b.nextDelayNanos();
            assertThat(d).isBetween(c * SECOND / 2, c * SECOND);
        }
    }

    @Test
    void resetStartsAgainFromTheMinimum() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(5));
        for (int i = 0; i < 10; i++) b.nextDelayNanos();
        b.reset();
        assertThat(b.nextDelayNanos()).isLessThanOrEqualTo(SECOND);
    }

    @Test
    void jitterSpreadsCamerasThatFailedTogether() {
        long[] first = new long[20];
        for (int i = 0; i < first.length; i++) {
            Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(i));
            for (int k = 0; k < 4; k++) b.nextDelayNanos();
            first[i] = b.nextDelayNanos();
        }
        assertThat(java.util.Arrays.stream(first).distinct().count()).isGreaterThan(15);
    }
}
