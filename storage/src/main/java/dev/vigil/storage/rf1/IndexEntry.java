package dev.vigil.storage.rf1;

/**
 * One 8-byte index entry: {@code pts << 42 | location << 12 | flags}, stored as a little-endian u64.
 *
 * <p>{@code pts} is in 1/4096 s ticks after the track's time base (22 bits), {@code location} the
 * byte offset of the NAL unit in the packets file (30 bits). The hot paths work on the packed
 * {@code long}s through the static accessors; the record is for callers that want a value.
 */
public record IndexEntry(int pts, long location, int flags) {
    public static final int MAX_PTS = (1 << 22) - 1;
    public static final long MAX_LOCATION = (1L << 30) - 1;
    /** Entries in one index, the sentinel included. */
    public static final int MAX_ENTRIES = 65535;
    public static final int BYTES = 8;
    /** Ticks per second of {@code pts}. */
    public static final int TICKS_PER_SECOND = 4096;

    public IndexEntry {
        if (pts < 0 || pts > MAX_PTS) throw new IllegalArgumentException("pts " + pts + " outside 0.." + MAX_PTS);
        if (location < 0 || location > MAX_LOCATION)
            throw new IllegalArgumentException("location " + location + " outside 0.." + MAX_LOCATION);
        if ((flags & ~0xFFF) != 0) throw new IllegalArgumentException("flags " + flags + " wider than 12 bits");
    }

    public static long pack(int pts, long location, int flags) {
        return (long) pts << 42 | location << 12 | flags;
    }

    public static int ptsOf(long packed) {
        return (int) (packed >>> 42);
    }

    public static long locationOf(long packed) {
        return (packed >>> 12) & MAX_LOCATION;
    }

    public static int flagsOf(long packed) {
        return (int) (packed & 0xFFF);
    }

    public static IndexEntry of(long packed) {
        return new IndexEntry(ptsOf(packed), locationOf(packed), flagsOf(packed));
    }

    public long packed() {
        return pack(pts, location, flags);
    }

    /** Ticks for a time offset, truncating as the spec requires: {@code floor(ns * 4096 / 1e9)}. */
    public static long ticksFromNanos(long offsetNanos) {
        return Math.floorDiv(Math.multiplyExact(offsetNanos, 4096L), 1_000_000_000L);
    }

    /** Ticks for a time offset in microseconds (truncating, same as {@link #ticksFromNanos}). */
    public static long ticksFromMicros(long offsetMicros) {
        return Math.floorDiv(Math.multiplyExact(offsetMicros, 4096L), 1_000_000L);
    }

    /** The first whole microsecond that falls in tick {@code ticks}. */
    public static long microsFromTicks(long ticks) {
        return -Math.floorDiv(-ticks * 1_000_000L, 4096L);
    }
}
