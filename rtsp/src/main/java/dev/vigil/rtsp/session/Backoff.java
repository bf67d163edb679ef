package dev.vigil.rtsp.session;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from a minimum to a maximum, each drawn at random from its upper
 * half, so that many cameras dropped together (a switch reboot) do not come back in lockstep.
 */
final class Backoff {
    private final long minNanos;
    private final long maxNanos;
    private final RandomGenerator random;
    private int failures;

    Backoff(Duration min, Duration max, RandomGenerator random) {
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The delay before the next attempt, after one more failure. */
    long nextDelayNanos() {
        long ceiling = minNanos << Math.min(failures, 30);
        if (ceiling <= 0 || ceiling > maxNanos) ceiling = maxNanos;
        failures++;
        long floor = ceiling / 2;
        return floor + (ceiling > floor ? random.nextLong(ceiling - floor + 1) : 0);
    }

    /** A session played: the next failure starts from the minimum again. */
    void reset() {
        failures = 0;
    }
}
