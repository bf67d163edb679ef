package dev.vigil.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The arrival times (monotonic ns) of one camera's written frames, as sampled during a fault run,
 * in order: when it recorded again after an instant, and its longest outage. Not thread-safe.
 */
final class FrameArrivals {
    private final List<Long> times = new ArrayList<>();

    /** Notes an arrival; the same one sampled twice counts once. */
    void add(long nanos) {
        if (times.isEmpty() || times.get(times.size() - 1) != nanos) times.add(nanos);
    }

    /** The first arrival at or after {@code nanos}. */
    OptionalLong firstSince(long nanos) {
        for (long t : times) if (t - nanos >= 0) return OptionalLong.of(t);
        return OptionalLong.empty();
    }

    /**
     * The longest time between two arrivals from {@code since} to {@code until}, counting from the
     * last arrival before {@code since} (or {@code since} itself) and to {@code until} after the last.
     */
    long longestGap(long since, long until) {
        long prev = since;
        long longest = 0;
        for (long t : times) {
            if (t - since < 0) {
                prev = t;
                continue;
            }
            if (t - until > 0) break;
            longest = Math.max(longest, t - prev);
            prev = t;
        }
        return Math.max(longest, until - prev);
    }
}
