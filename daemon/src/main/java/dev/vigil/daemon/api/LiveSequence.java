package dev.vigil.daemon.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The media and discontinuity sequence numbers of one camera's live playlist. A fragment gets its
 * number the first time a playlist lists it and keeps it while it stays in the window, so numbers
 * are consecutive across refreshes; a segment (an init) gets a discontinuity number likewise.
 * Forgotten once out of the window: memory stays the size of a window.
 *
 * <p>Numbering starts at the wall clock in epoch milliseconds when the daemon first serves the
 * camera's playlist, not at 0. Numbers grow by one per fragment (a GOP) or segment, far slower
 * than a thousand a second, so a restarted daemon starts above every number the previous one gave
 * out, and a player that polled across the restart sees the numbers go on rising, as RFC 8216
 * requires, instead of falling back to 0 and waiting for numbers it has already played.
 */
final class LiveSequence {
    /** A fragment: the segment it is in and where it starts. */
    record Key(String base, long startMicros) {}

    /** Numbers of a window: its first fragment's, and the discontinuities before it. */
    record Numbers(long media, long discontinuity) {}

    private final Map<Key, Long> fragments = new HashMap<>();
    private final Map<String, Long> segments = new HashMap<>();
    private long nextFragment;
    private long nextSegment;

    /** @param first the first number handed out, of both kinds: the wall clock in epoch ms */
    LiveSequence(long first) {
        this.nextFragment = first;
        this.nextSegment = first;
    }

    /** @param window the window's fragments in time order, not empty */
    synchronized Numbers number(List<Key> window) {
        for (Key k : window) {
            fragments.computeIfAbsent(k, x -> nextFragment++);
            if (!segments.containsKey(k.base())) {
                segments.put(k.base(), nextSegment++);
            }
        }
        Key first = window.get(0);
        long media = fragments.get(first);
        long disc = segments.get(first.base());
        fragments.values().removeIf(n -> n < media);
        segments.values().removeIf(n -> n < disc);
        return new Numbers(media, disc);
    }
}
