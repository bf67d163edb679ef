package dev.vigil.storage.segment;

import dev.vigil.storage.rf1.IndexEntry;
import java.time.Duration;

/**
 * When a segment rolls. Soft thresholds roll at the first key frame past them, so that segments
 * start decodable; the RF1 limits themselves roll hard, at whatever frame would pass them.
 *
 * @param maxDuration soft: roll at the first key frame this long after the segment's start
 * @param stagger shortens the first segment of a camera, so that cameras started together do not
 *     all roll (and allocate, and sync) at the same instant ever after
 * @param softBytes soft: roll at the first key frame once the largest track holds this many bytes
 * @param softEntries soft: roll at the first key frame once a track holds this many entries
 */
public record RollPolicy(Duration maxDuration, Duration stagger, long softBytes, int softEntries) {
    /** The hard pts limit, 2^22-1 ticks: just under 1024 s. */
    public static final Duration HARD_DURATION = Duration.ofNanos((IndexEntry.MAX_PTS * 1_000_000_000L) / IndexEntry.TICKS_PER_SECOND);
    /** 1024 s less a margin that leaves a 24 s GOP room to end before the hard limit. */
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofSeconds(1000);

    public RollPolicy {
        if (maxDuration.isNegative() || maxDuration.isZero() || maxDuration.compareTo(HARD_DURATION) > 0)
            throw new IllegalArgumentException("maxDuration " + maxDuration + " must be positive and at most " + HARD_DURATION);
        if (stagger.isNegative() || stagger.compareTo(maxDuration) >= 0)
            throw new IllegalArgumentException("stagger " + stagger + " must be at least 0 and less than maxDuration " + maxDuration);
        if (softBytes <= 0 || softBytes > IndexEntry.MAX_LOCATION)
            throw new IllegalArgumentException("softBytes " + softBytes + " must be in 1.." + IndexEntry.MAX_LOCATION);
        if (softEntries <= 0 || softEntries >= IndexEntry.MAX_ENTRIES)
            throw new IllegalArgumentException("softEntries " + softEntries + " must be in 1.." + (IndexEntry.MAX_ENTRIES - 1));
    }

    public static RollPolicy defaults() {
        return of(DEFAULT_MAX_DURATION, Duration.ZERO);
    }

    /** Soft byte and entry thresholds at 15/16 of the hard limits. */
    public static RollPolicy of(Duration maxDuration, Duration stagger) {
        return new RollPolicy(maxDuration, stagger, IndexEntry.MAX_LOCATION / 16 * 15, IndexEntry.MAX_ENTRIES / 16 * 15);
    }

    long softTicks(boolean firstSegment) {
        Duration d = firstSegment ? maxDuration.minus(stagger) : maxDuration;
        return IndexEntry.ticksFromNanos(d.toNanos());
    }
}
