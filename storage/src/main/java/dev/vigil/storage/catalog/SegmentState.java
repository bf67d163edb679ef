package dev.vigil.storage.catalog;

import java.util.Locale;

/** Where a segment is in its life, as stored in {@code segments.state}. */
public enum SegmentState {
    /** Being written; its end is updated every few seconds. */
    OPEN,
    /** Closed cleanly by its writer. */
    CLOSED,
    /** Left open by a crash and closed by startup recovery. */
    RECOVERED,
    /** Its files are gone from the disk. */
    MISSING,
    /** Retention is removing it: the files may already be unlinked. */
    DELETING;

    String sql() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SegmentState of(String sql) {
        return valueOf(sql.toUpperCase(Locale.ROOT));
    }
}
