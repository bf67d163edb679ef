package dev.vigil.rtsp.codec;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Arrays for the large NAL units that fragments are reassembled into, reused once the sink has
 * written them ({@link dev.vigil.rtsp.AccessUnit#release()}).
 *
 * <p>Why: a new array is zeroed before the fragments are copied into it, and being new it lies in
 * memory no cache has seen since the young generation last went round. At 64 cameras, allocating
 * 32 MB/s of such arrays cost the network threads nine times what copying into a reused one does
 * (BENCHMARKS.md), and frames queued for the disk when a young collection came were copied once
 * more. Arrays come in sizes of 2<sup>k</sup> and 1.5 &times; 2<sup>k</sup> bytes from
 * {@link #SMALLEST} (a unit wastes a sixth of its array on average, a third at most); a unit smaller
 * than that is cheap to allocate and is not pooled.
 *
 * <p>An array is given back only by the one access unit it was lent to, once; one never given back
 * is simply collected. Idle arrays are bounded by {@link #maxIdleBytes}: past it a given-back
 * array is left to the collector, so a burst of key frames does not stay in the heap.
 *
 * <p>Thread-safe: taken on the network threads, given back on the writers'.
 */
final class NalArrays {
    static final int SMALLEST = 4096;
    /** The array sizes: 4, 6, 8, 12, 16, 24 KiB... up to the largest NAL unit. */
    private static final int[] SIZES = sizes();
    static final NalArrays SHARED = new NalArrays(16L << 20);

    private final long maxIdleBytes;
    @SuppressWarnings("unchecked")
    private final Queue<byte[]>[] free = new Queue[SIZES.length];
    private final AtomicLong idleBytes = new AtomicLong();

    NalArrays(long maxIdleBytes) {
        this.maxIdleBytes = maxIdleBytes;
        for (int i = 0; i < SIZES.length; i++) free[i] = new ConcurrentLinkedQueue<>();
    }

    /** An array of at least {@code length} bytes ({@link #SMALLEST} to the largest NAL unit), its contents stale. */
    byte[] take(int length) {
        int c = sizeClass(length);
        byte[] b = free[c].poll();
        if (b == null) return new byte[SIZES[c]];
        idleBytes.addAndGet(-b.length);
        return b;
    }

    /** Gives back an array from {@link #take} that nothing reads any more. */
    void give(byte[] b) {
        int c = sizeClass(b.length);
        if (SIZES[c] != b.length) throw new IllegalArgumentException("not an array of this pool: " + b.length + " bytes");
        if (idleBytes.addAndGet(b.length) > maxIdleBytes) {
            idleBytes.addAndGet(-b.length);
            return;
        }
        free[c].add(b);
    }

    long idleBytes() {
        return idleBytes.get();
    }

    private static int sizeClass(int length) {
        if (length < SMALLEST || length > VideoDepacketizer.MAX_NAL_SIZE) throw new IllegalArgumentException(length + " bytes");
        int c = 0;
        while (SIZES[c] < length) c++;
        return c;
    }

    private static int[] sizes() {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int s = SMALLEST; s < VideoDepacketizer.MAX_NAL_SIZE; s *= 2) {
            out.add(s);
            out.add(s + s / 2);
        }
        out.add(VideoDepacketizer.MAX_NAL_SIZE);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** What one access unit gives back on release: its arrays, once, however often it is released. */
    static final class Lease implements Runnable {
        private final NalArrays pool;
        private final AtomicReference<byte[][]> arrays;

        Lease(NalArrays pool, byte[][] arrays) {
            this.pool = pool;
            this.arrays = new AtomicReference<>(arrays);
        }

        @Override
        public void run() {
            byte[][] a = arrays.getAndSet(null);
            if (a != null) for (byte[] b : a) pool.give(b);
        }
    }
}
