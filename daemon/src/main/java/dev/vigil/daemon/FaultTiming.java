package dev.vigil.daemon;

import java.time.Duration;

/**
 * The durations of a fault run: the short ones keep every scenario together to a few minutes
 * (CI); the long ones are the (a 30 s stall, a minute of loss).
 *
 * @param full         the long form
 * @param stallTimeout every camera's stall timeout
 * @param segment      the segment length
 * @param down         how long a restarting camera is away
 * @param stall        how long a stalled camera sends nothing
 * @param lossWindow   how long a camera loses packets
 * @param jumpBack     how long after jumping an hour ahead the clock jumps back
 * @param observe      how long a run goes on after a lasting fault
 * @param garbageBytes the junk put on the interleaved connection
 */
record FaultTiming(boolean full, Duration stallTimeout, Duration segment, Duration down, Duration stall, Duration lossWindow,
                   Duration jumpBack, Duration observe, int garbageBytes) {
    static final FaultTiming SHORT = new FaultTiming(false, Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5),
            Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(6), 2_000);
    static final FaultTiming LONG = new FaultTiming(true, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(20), 65_536);

    /** The longest reconnect backoff of {@link RtspSource}'s sessions. */
    static final Duration BACKOFF_MAX = Duration.ofSeconds(30);

    /** The longest a session takes to come back after an outage it noticed: a stall timeout, the longest backoff, a connect. */
    Duration reconnectBound() {
        return stallTimeout.plus(BACKOFF_MAX).plus(Duration.ofSeconds(5));
    }
}
