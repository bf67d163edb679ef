package dev.vigil.storage.rf1;

/** Entries {@code [from, to)} of one track. */
public record EntryRange(int from, int to) {
    public EntryRange {
        if (from < 0 || to < from) throw new IllegalArgumentException("bad entry range [" + from + ", " + to + ")");
    }

    public int size() {
        return to - from;
    }

    public boolean isEmpty() {
        return from == to;
    }
}
