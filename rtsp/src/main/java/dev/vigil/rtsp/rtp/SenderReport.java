package dev.vigil.rtsp.rtp;

/**
 * An RTCP sender report's timing (RFC 3550 §6.4.1): the sender's wallclock (NTP format) at the
 * instant its RTP clock read {@code rtpTimestamp}. Lets the daemon put a camera time on frames.
 *
 * @param ntpTimestamp 64-bit NTP time: seconds since 1900 in the high 32 bits, fraction in the low
 * @param rtpTimestamp the 32-bit RTP timestamp, unsigned
 */
public record SenderReport(int ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {
    /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01. */
    static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

    /** The NTP time as nanoseconds since the Unix epoch (era 0 only, i.e. until 2036). */
    public long unixNanos() {
        long seconds = (ntpTimestamp >>> 32) - NTP_UNIX_OFFSET_SECONDS;
        long fraction = ntpTimestamp & 0xFFFF_FFFFL;
        return seconds * 1_000_000_000L + ((fraction * 1_000_000_000L) >>> 32);
    }

    /**
     * The sender's wallclock for another RTP time of the same stream, given both as extended
     * timestamps (see {@link TimestampExtender#peek}) and the stream's clock rate.
     */
    public long unixNanosAt(long extendedTimestamp, long extendedSrTimestamp, int clockRate) {
        long delta = extendedTimestamp - extendedSrTimestamp;
        // Split into whole seconds and a remainder so the multiplication cannot overflow.
        long seconds = delta / clockRate;
        long rest = delta % clockRate;
        return unixNanos() + seconds * 1_000_000_000L + rest * 1_000_000_000L / clockRate;
    }
}
