package dev.vigil.daemon.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The flush-latency histogram behind vigil bench's p50/p99. */
class BenchFlushHistogramTest {

    @Test
    void percentilesAreUpperBoundsWithinABucketOfTheTruth() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) h.record(i * 1_000_000L); // 1..100 ms
        LatencyHistogram.Snapshot s = h.snapshot();
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.quantileMicros(0.5)).isBetween(50_000L, 50_000L * 5 / 4);
        assertThat(s.quantileMicros(0.99)).isBetween(99_000L, 99_000L * 5 / 4);
        assertThat(s.maxMicros()).isBetween(100_000L, 125_000L);
    }

    @Test
    void everyValueLandsInABucketThatHoldsIt() {
        for (long micros = 1; micros < 5_000_000_000L; micros = micros * 3 / 2 + 1) {
            int b = LatencyHistogram.bucket(micros);
            assertThat(LatencyHistogram.upperMicros(b)).as("upper bound of %d", micros).isGreaterThanOrEqualTo(micros);
            if (b > 0) assertThat(LatencyHistogram.upperMicros(b - 1)).as("bucket below %d", micros).isLessThan(micros);
        }
    }

    @Test
    void aWindowIsTheDifferenceOfTwoSnapshots() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(10_000_000_000L); // a 10 s flush before the window
        LatencyHistogram.Snapshot before = h.snapshot();
        h.record(2_000_000);
        h.record(3_000_000);
        LatencyHistogram.Snapshot window = h.snapshot().minus(before);
        assertThat(window.count()).isEqualTo(2);
        assertThat(window.maxMicros()).isLessThan(4_000);
        assertThat(LatencyHistogram.Snapshot.empty().quantileMicros(0.99)).isZero();
    }
}
