package dev.vigil.storage.mp4;

import java.util.Arrays;

/** A growable long array. */
final class LongList {
    private long[] a = new long[64];
    private int n;

    void add(long v) {
        if (n == a.length) a = Arrays.copyOf(a, n * 2);
        a[n++] = v;
    }

    int size() {
        return n;
    }

    long get(int i) {
        return a[i];
    }

    long[] toArray() {
        return Arrays.copyOf(a, n);
    }
}
