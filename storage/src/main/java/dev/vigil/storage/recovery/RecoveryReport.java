package dev.vigil.storage.recovery;

import java.time.Duration;
import java.util.List;

/**
 * What startup recovery found and did.
 *
 * @param segments segments found on disk
 * @param closed segments that were left open and have now been closed
 * @param droppedEntries entries lost to torn tails (written after the last completed flush)
 * @param registered segments the catalog did not know, now registered
 * @param emptyRemoved segments with no entries at all, removed
 * @param missing catalog rows whose files are gone, now marked missing
 * @param problems one line per segment that could not be recovered (its files are left untouched)
 */
public record RecoveryReport(int segments, int closed, int droppedEntries, int registered, int emptyRemoved, int missing,
                             List<String> problems, Duration took) {
    public RecoveryReport {
        problems = List.copyOf(problems);
    }

    /** One line for the log. */
    public String summary() {
        return "recovery: " + segments + " segments on disk, " + closed + " left open closed (" + droppedEntries
                + " torn entries dropped), " + registered + " registered, " + emptyRemoved + " empty removed, " + missing
                + " catalog rows missing their files, " + problems.size() + " unrecoverable; took " + took.toMillis() + " ms";
    }
}
