package dev.vigil.daemon.record;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The frame bytes received but not yet written, summed over every camera, against one limit.
 *
 * <p>Each recorder has its own cap, but 64 cameras times that cap is more than a recorder box's
 * heap: when the disk stalls (or, at start, while recovery holds the gate) every camera queues at
 * once. This bound is what keeps a stall from becoming an {@code OutOfMemoryError} that would stop
 * every camera; past it, a camera drops video to its next key frame exactly as when its own cap is
 * reached. Thread-safe: event loops add, I/O threads remove.
 */
public final class WriteBacklog {
    /** Never less than this, whatever the heap: a few seconds of a few HD cameras. */
    static final long MIN_LIMIT = 16L << 20;

    /** A backlog this big outlived young collections: what it held was promoted to the old generation. */
    static final long BURST = 16L << 20;
    /**
     * ... and this small again (or a sixteenth of the burst, if more) means it is over. Not the
     * sampled level but the lowest since the peak: with 64 cameras several megabytes are on their way
     * to the disk at any instant, and a level sampled every few seconds seldom caught the dips
     * below 1 MiB, so the heap stayed grown for a minute or for good (BENCHMARKS.md).
     */
    static final long DRAINED = 1L << 20;

    private final long limit;
    private final AtomicLong bytes = new AtomicLong();
    /** The most bytes waiting since the last burst ended. */
    private final AtomicLong peak = new AtomicLong();
    /** The fewest bytes waiting since {@link #peak} was reached. */
    private final AtomicLong low = new AtomicLong();

    public WriteBacklog(long limit) {
        if (limit <= 0) throw new IllegalArgumentException("limit must be positive: " + limit);
        this.limit = limit;
    }

    /** A quarter of the heap: the rest stays for everything else, and for the garbage collector's headroom. */
    public static WriteBacklog forHeap(long maxHeapBytes) {
        return new WriteBacklog(Math.max(MIN_LIMIT, maxHeapBytes / 4));
    }

    /** No limit but the recorders' own (tests, tools recording one camera). */
    public static WriteBacklog unbounded() {
        return new WriteBacklog(Long.MAX_VALUE);
    }

    /** Counts {@code n} more bytes if they fit under the limit; false (and nothing counted) if not. */
    boolean tryAdd(long n) {
        while (true) {
            long now = bytes.get();
            if (now + n > limit) return false;
            if (bytes.compareAndSet(now, now + n)) {
                // A new peak: the drain is measured from here. (Racing threads may leave the two a
                // frame apart; the result is a hint to collect, nothing more.)
                if (peak.accumulateAndGet(now + n, Math::max) == now + n) low.set(now + n);
                return true;
            }
        }
    }

    /**
     * True once after each burst: a backlog of at least {@link #BURST} bytes that has since drained,
     * at some moment, to {@link #DRAINED} or a sixteenth of its peak. The frames of such a burst (the start, while the gate holds them; a
     * disk stall) waited long enough to be promoted to the old generation, where the serial
     * collector would keep their memory until the old generation fills, which may be never. One
     * full collection at this moment gives it back.
     */
    public boolean burstDrained() {
        long p = peak.get();
        if (p < BURST || low.get() > Math.max(DRAINED, p / 16)) return false;
        long now = bytes.get();
        peak.set(now);
        low.set(now);
        return true;
    }

    void remove(long n) {
        low.accumulateAndGet(bytes.addAndGet(-n), Math::min);
    }

    public long bytes() {
        return bytes.get();
    }

    public long limit() {
        return limit;
    }
}
