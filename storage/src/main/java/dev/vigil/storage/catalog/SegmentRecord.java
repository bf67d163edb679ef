package dev.vigil.storage.catalog;

import java.util.List;

/** One row of the catalog's segments table. Times are microseconds since the epoch. */
public record SegmentRecord(long id, String camera, String base, long startMicros, long endMicros, List<String> tracks,
                            int entries, long bytes, SegmentState state, boolean startsWithKeyFrame) {
    public SegmentRecord {
        tracks = List.copyOf(tracks);
    }
}
