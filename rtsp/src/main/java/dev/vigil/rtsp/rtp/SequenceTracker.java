package dev.vigil.rtsp.rtp;

/**
 * Puts RTP packets back in sequence order and counts what is missing.
 *
 * <p>Over UDP packets arrive out of order now and then; a small window of {@code window}
 * packets (a power of two, or 0 for TCP where nothing is ever reordered) holds early packets
 * until the hole before them is filled. A hole is given up as lost once a packet {@code window}
 * or more ahead of it arrives — a count, not a timer, so the tracker needs no clock and at
 * worst delays delivery by {@code window} packets. {@link #flush} drains the window at the end.
 *
 * <p>A jump of more than {@value #MAX_DROPOUT} forward or {@value #MAX_MISORDER} backward is
 * not believed at once (one stray packet must not reset the stream); if the next packet follows
 * the jumped-to number the source is taken to have restarted (RFC 3550 appendix A.1 does the same).
 *
 * <p><b>Ownership</b> (see {@link RtpPacket}): {@link #push} takes over the caller's packet. The
 * tracker releases what it drops (duplicates, late packets, junk during probation, anything
 * still held at {@link #reset}) and hands everything else to {@link Output#deliver}, reference
 * and all.
 */
public final class SequenceTracker {
    static final int MAX_DROPOUT = 3000;
    static final int MAX_MISORDER = 100;

    /** Receives packets in order. */
    public interface Output {
        /**
         * Takes over {@code packet}: the output releases it (or hands it on) exactly once, also
         * when it throws.
         *
         * @param lostBefore packets missing immediately before this one (0 if none)
         */
        void deliver(RtpPacket packet, int lostBefore);

        /** The sequence restarted; the next delivered packet starts a new run. */
        default void restarted() {}
    }

    private final RtpPacket[] slots;
    private final int mask;
    private boolean started;
    private int expected;
    private int pendingLost;
    private int buffered;
    private int probation = -1;

    private long lost;
    private long reordered;
    private long duplicates;
    private long restarts;

    public SequenceTracker(int window) {
        if (window < 0 || (window & (window - 1)) != 0) {
            throw new IllegalArgumentException("window must be 0 or a power of two: " + window);
        }
        this.slots = new RtpPacket[window];
        this.mask = window - 1;
    }

    /** Takes over {@code p} (see the class comment on ownership). */
    public void push(RtpPacket p, Output out) {
        int seq = p.sequence();
        if (!started) {
            start(p, out);
            return;
        }
        int d = (short) (seq - expected); // signed distance modulo 2^16
        if (d < -MAX_MISORDER || d > MAX_DROPOUT) {
            if (seq == probation) {
                restarts++;
                flush(out);
                out.restarted();
                start(p, out);
            } else {
                probation = (seq + 1) & 0xFFFF;
                duplicates++; // counted as junk until confirmed
                p.release();
            }
            return;
        }
        probation = -1;
        if (d < 0) {
            duplicates++; // late (already given up) or a duplicate
            p.release();
            return;
        }
        if (d == 0) {
            if (buffered > 0) reordered++; // it arrived after later ones that were held
            emit(p, out);
            drain(out);
            return;
        }
        if (slots.length == 0) {
            // TCP: a hole is final.
            pendingLost += d;
            expected = seq;
            emit(p, out);
            return;
        }
        // Too far ahead for the window: give up the oldest holes until it fits.
        while (((seq - expected) & 0xFFFF) >= slots.length) {
            skipOne(out);
        }
        int i = seq & mask;
        if (slots[i] != null) {
            duplicates++;
            p.release();
            return;
        }
        slots[i] = p;
        buffered++;
        drain(out);
    }

    /** Delivers everything still held, counting the holes between as lost. */
    public void flush(Output out) {
        while (buffered > 0) skipOne(out);
    }

    /** Forgets the stream, releasing the packets still held. */
    public void reset() {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null) slots[i].release();
            slots[i] = null;
        }
        buffered = 0;
        started = false;
        pendingLost = 0;
        probation = -1;
    }

    private void start(RtpPacket p, Output out) {
        reset();
        started = true;
        expected = p.sequence();
        emit(p, out);
    }

    private void skipOne(Output out) {
        int i = expected & mask;
        RtpPacket held = slots[i];
        if (held != null && held.sequence() == expected) {
            slots[i] = null;
            buffered--;
            emit(held, out);
        } else {
            pendingLost++;
            expected = (expected + 1) & 0xFFFF;
        }
    }

    private void drain(Output out) {
        while (buffered > 0) {
            int i = expected & mask;
            RtpPacket held = slots[i];
            if (held == null || held.sequence() != expected) return;
            slots[i] = null;
            buffered--;
            emit(held, out);
        }
    }

    private void emit(RtpPacket p, Output out) {
        int lostNow = pendingLost;
        lost += lostNow;
        pendingLost = 0;
        expected = (p.sequence() + 1) & 0xFFFF;
        out.deliver(p, lostNow);
    }

    public long lost() {
        return lost;
    }

    public long reordered() {
        return reordered;
    }

    public long duplicates() {
        return duplicates;
    }

    public long restarts() {
        return restarts;
    }
}
