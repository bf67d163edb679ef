package dev.vigil.rtsp.rtp;

/**
 * Unrolls the 32-bit RTP timestamp into a 64-bit counter. Each step is taken as the signed
 * 32-bit difference to the previous timestamp, so a wrap (0xFFFFFF00 → 0x00000100) moves forward
 * by 0x200, and a backwards jump (B-frames, a camera resetting its clock) moves backwards instead
 * of forward by almost 2^32. Only steps of 2^31 or more are ambiguous, i.e. about 6.6 hours of
 * silence at 90 kHz — the session is long dead by then.
 *
 * <p>The first timestamp seen is its own unsigned 32-bit value, so extended values start in
 * [0, 2^32) and may go slightly negative only if the source jumps back before its first one.
 */
public final class TimestampExtender {
    private boolean started;
    private long last32;
    private long extended;

    public long extend(long timestamp32) {
        long ts = timestamp32 & 0xFFFF_FFFFL;
        if (!started) {
            started = true;
            extended = ts;
        } else {
            extended += (int) (ts - last32);
        }
        last32 = ts;
        return extended;
    }

    /** The extended value {@code timestamp32} would get now, without advancing (for RTCP SRs). */
    public long peek(long timestamp32) {
        long ts = timestamp32 & 0xFFFF_FFFFL;
        return started ? extended + (int) (ts - last32) : ts;
    }

    public boolean started() {
        return started;
    }

    public void reset() {
        started = false;
    }
}
