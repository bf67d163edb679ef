package dev.vigil.storage.rf1;

/**
 * How a track's index was read.
 *
 * @param closedCleanly the header carried {@code indexCount} and it held up
 * @param candidates entries found before validation (by the header count or by scanning)
 * @param dropped candidates dropped by the repair rule (a torn tail, a partial access unit)
 * @param reason why the first entry was dropped, or {@code null} when none was
 */
public record Recovery(boolean closedCleanly, int candidates, int dropped, String reason) {
    public boolean repaired() {
        return dropped > 0;
    }

    @Override
    public String toString() {
        String how = closedCleanly ? "closed cleanly" : "recovered by scanning";
        return dropped == 0 ? how + ", " + candidates + " entries"
                : how + ", kept " + (candidates - dropped) + " of " + candidates + " entries (" + reason + ")";
    }
}
