package dev.vigil.daemon.api;

import java.util.Optional;

/** A requested {@code [start, end)} in µs since the epoch, checked: end after start, not longer than a limit. */
record TimeRange(long start, long end) {
    static final long HOUR = 3_600_000_000L;
    static final long DAY = 24 * HOUR;

    /**
     * @param max the longest range allowed, in µs
     * @throws ApiProblem 400 with what is wrong and what is accepted
     */
    static TimeRange of(Optional<String> start, Optional<String> end, long max) {
        long s, e;
        try {
            s = Times.parseMicros("start", start.orElse(null));
            e = Times.parseMicros("end", end.orElse(null));
        } catch (IllegalArgumentException ex) {
            throw new ApiProblem(400, ex.getMessage());
        }
        if (e <= s) throw new ApiProblem(400, "'end' (" + Times.iso(e) + ") must be after 'start' (" + Times.iso(s) + ")");
        if (e - s > max) {
            throw new ApiProblem(400, "the range " + Times.iso(s) + " to " + Times.iso(e) + " is longer than the "
                    + describe(max) + " allowed here; ask for a shorter one");
        }
        return new TimeRange(s, e);
    }

    private static String describe(long micros) {
        return micros % DAY == 0 ? micros / DAY + " days" : micros / HOUR + " hours";
    }
}
