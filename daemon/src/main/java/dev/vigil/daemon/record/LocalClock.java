package dev.vigil.daemon.record;

import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * Wall time derived from the monotonic clock: immune to the system clock being stepped while a
 * recording runs, and re-anchored to the system clock at each segment roll so that the two never
 * drift apart by more than one segment's worth (a peer lost 16 s a day by never re-anchoring).
 * Thread-safe.
 */
public final class LocalClock {
    private final Clock wall;
    private final LongSupplier monotonicNanos;
    private volatile long[] anchor; // {wall micros, monotonic nanos}

    public LocalClock(Clock wall, LongSupplier monotonicNanos) {
        this.wall = wall;
        this.monotonicNanos = monotonicNanos;
        reanchor();
    }

    /** Takes the system clock's current reading as the truth from now on. */
    public void reanchor() {
        long mono = monotonicNanos.getAsLong();
        java.time.Instant now = wall.instant();
        anchor = new long[] {now.getEpochSecond() * 1_000_000L + now.getNano() / 1000, mono};
    }

    /** Wall time, microseconds since the epoch, of the monotonic instant {@code monoNanos}. */
    public long microsAt(long monoNanos) {
        long[] a = anchor;
        return a[0] + Math.floorDiv(monoNanos - a[1], 1000);
    }

    public long nowMicros() {
        return microsAt(monotonicNanos.getAsLong());
    }

    public long monotonicNanos() {
        return monotonicNanos.getAsLong();
    }
}
