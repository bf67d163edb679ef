package dev.vigil.daemon.record;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Durations in fixed log-scale buckets: four per power of two of microseconds (each at most 19%
 * wide), from 1 µs to over an hour. Recording is one array increment, no allocation and no lock,
 * so the flush path can afford it on every flush; percentiles come from a {@link Snapshot}, and
 * the difference of two snapshots gives them for a window of time.
 */
public final class LatencyHistogram {
    /** 4 sub-buckets for each of 33 powers of two of microseconds (2^32 µs is 71 minutes). */
    static final int BUCKETS = 4 * 33;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void record(long nanos) {
        counts.incrementAndGet(bucket(Math.max(0, nanos) / 1000));
    }

    /** The bucket of {@code micros}: its power of two and the two bits below the top one. */
    static int bucket(long micros) {
        if (micros < 1) return 0;
        int msb = 63 - Long.numberOfLeadingZeros(micros);
        int sub = msb >= 2 ? (int) (micros >>> (msb - 2)) & 3 : (int) (micros << (2 - msb)) & 3;
        return Math.min(BUCKETS - 1, 4 * msb + sub);
    }

    /** The largest duration in microseconds that falls in bucket {@code b} (what a percentile reports: an upper bound). */
    static long upperMicros(int b) {
        int msb = b / 4, sub = b % 4;
        // [2^msb * (4+sub)/4, 2^msb * (5+sub)/4)
        return ((1L << msb) * (5 + sub) + 3) / 4 - 1; // rounded up: the bucket's last whole microsecond
    }

    public Snapshot snapshot() {
        long[] c = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) c[i] = counts.get(i);
        return new Snapshot(c);
    }

    /** Counts at one moment; {@link #minus} and {@link #plus} give windows and sums over cameras. */
    public record Snapshot(long[] counts) {
        public static Snapshot empty() {
            return new Snapshot(new long[BUCKETS]);
        }

        public Snapshot minus(Snapshot earlier) {
            long[] c = counts.clone();
            for (int i = 0; i < c.length; i++) c[i] -= earlier.counts[i];
            return new Snapshot(c);
        }

        public Snapshot plus(Snapshot other) {
            long[] c = counts.clone();
            for (int i = 0; i < c.length; i++) c[i] += other.counts[i];
            return new Snapshot(c);
        }

        public long count() {
            long n = 0;
            for (long c : counts) n += c;
            return n;
        }

        /** The {@code q}-quantile (0..1) in microseconds, as its bucket's upper bound; 0 when empty. */
        public long quantileMicros(double q) {
            long n = count();
            if (n == 0) return 0;
            long rank = Math.max(1, (long) Math.ceil(q * n));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) return upperMicros(i);
            }
            return upperMicros(counts.length - 1);
        }

        /** The upper bound of the highest non-empty bucket, in microseconds; 0 when empty. */
        public long maxMicros() {
            for (int i = counts.length - 1; i >= 0; i--) if (counts[i] > 0) return upperMicros(i);
            return 0;
        }
    }
}
