package dev.vigil.rtsp.rtp;

/**
 * Decides which SSRC a track follows. A UDP port can receive packets from a second source (a
 * stale session of the same camera, a misrouted stream); those are ignored. But a camera that
 * reboots comes back with a new SSRC and would otherwise be ignored forever, so once the locked
 * source has been silent for {@code relockAfterNanos}, the next source seen takes over.
 */
public final class SsrcLock {
    public enum Verdict {
        /** The packet is from the followed source (or is the first one and now locked). */
        ACCEPT,
        /** The previous source went silent; this packet's source is followed from now on. */
        RELOCKED,
        /** A packet from another source while the followed one is alive: ignore it. */
        FOREIGN
    }

    private final long relockAfterNanos;
    private boolean locked;
    private int ssrc;
    private long lastSeenNanos;

    public SsrcLock(long relockAfterNanos) {
        this.relockAfterNanos = relockAfterNanos;
    }

    /**
     * Pre-locks to the SSRC the server announced (RTSP {@code Transport: ssrc=}); if it lied, the
     * real source still takes over after the silence period, counted from now.
     */
    public void expect(int ssrc, long nowNanos) {
        this.locked = true;
        this.ssrc = ssrc;
        this.lastSeenNanos = nowNanos;
    }

    public Verdict check(int packetSsrc, long nowNanos) {
        if (!locked) {
            expect(packetSsrc, nowNanos);
            return Verdict.ACCEPT;
        }
        if (packetSsrc == ssrc) {
            lastSeenNanos = nowNanos;
            return Verdict.ACCEPT;
        }
        if (nowNanos - lastSeenNanos >= relockAfterNanos) {
            expect(packetSsrc, nowNanos);
            return Verdict.RELOCKED;
        }
        return Verdict.FOREIGN;
    }

    public boolean isLocked() {
        return locked;
    }

    public int ssrc() {
        return ssrc;
    }
}
