package dev.vigil.storage.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * What was recorded of one camera in a time window: runs of exactly contiguous segments, and the
 * gaps between them (clipped to the window).
 */
public record Recordings(List<Run> runs, List<Gap> gaps) {
    public Recordings {
        runs = List.copyOf(runs);
        gaps = List.copyOf(gaps);
    }

    /** Segments back to back with no time between them: what one uninterrupted recording left. */
    public record Run(long startMicros, long endMicros, int segments, long bytes) {}

    public record Gap(long startMicros, long endMicros) {}

    /**
     * Merges segments (ordered by start) into runs: a segment that starts exactly where the previous
     * one ended continues its run. Gaps are the spaces between runs inside {@code [from, to)}.
     */
    static Recordings of(List<SegmentRecord> segments, long from, long to) {
        List<Run> runs = new ArrayList<>();
        long start = 0, end = 0, bytes = 0;
        int count = 0;
        for (SegmentRecord s : segments) {
            if (count > 0 && s.startMicros() == end) {
                end = Math.max(end, s.endMicros());
                bytes += s.bytes();
                count++;
                continue;
            }
            if (count > 0) runs.add(new Run(start, end, count, bytes));
            start = s.startMicros();
            end = s.endMicros();
            bytes = s.bytes();
            count = 1;
        }
        if (count > 0) runs.add(new Run(start, end, count, bytes));

        List<Gap> gaps = new ArrayList<>();
        long cursor = from;
        for (Run r : runs) {
            if (r.startMicros() > cursor) gaps.add(new Gap(cursor, Math.min(r.startMicros(), to)));
            cursor = Math.max(cursor, r.endMicros());
        }
        if (cursor < to) gaps.add(new Gap(cursor, to));
        return new Recordings(runs, gaps);
    }
}
