package dev.vigil.daemon.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteBacklogTest {
    @Test
    void refusesWhatWouldPassTheLimitAndCountsNothingThen() {
        WriteBacklog b = new WriteBacklog(100);
        assertThat(b.tryAdd(60)).isTrue();
        assertThat(b.tryAdd(41)).isFalse();
        assertThat(b.bytes()).isEqualTo(60);
        assertThat(b.tryAdd(40)).isTrue();
        b.remove(100);
        assertThat(b.bytes()).isZero();
    }

    @Test
    void aQuarterOfTheHeapButNeverLessThanTheMinimum() {
        assertThat(WriteBacklog.forHeap(1L << 30).limit()).isEqualTo(256L << 20);
        assertThat(WriteBacklog.forHeap(32L << 20).limit()).isEqualTo(WriteBacklog.MIN_LIMIT);
    }

    @Test
    void aBurstIsReportedOnceItHasDrainedAndOnlyOnce() {
        WriteBacklog b = WriteBacklog.unbounded();
        b.tryAdd(WriteBacklog.BURST - 1);
        b.remove(WriteBacklog.BURST - 1);
        assertThat(b.burstDrained()).as("below a burst").isFalse();

        b.tryAdd(WriteBacklog.BURST);
        assertThat(b.burstDrained()).as("not drained yet").isFalse();
        b.remove(WriteBacklog.BURST - WriteBacklog.DRAINED);
        assertThat(b.burstDrained()).isTrue();
        assertThat(b.burstDrained()).as("once per burst").isFalse();

        b.tryAdd(WriteBacklog.BURST);
        b.remove(WriteBacklog.BURST);
        assertThat(b.burstDrained()).as("the next burst").isTrue();
    }

    @Test
    void aBurstHasDrainedOnceTheBacklogDippedLowEvenIfItRoseAgainBeforeTheCheck() {
        WriteBacklog b = WriteBacklog.unbounded();
        b.tryAdd(WriteBacklog.BURST);
        b.remove(WriteBacklog.BURST - WriteBacklog.DRAINED);
        b.tryAdd(3 * WriteBacklog.DRAINED); // the next frames: several megabytes in flight is normal
        assertThat(b.bytes()).isGreaterThan(WriteBacklog.DRAINED);
        assertThat(b.burstDrained()).isTrue();
    }

    @Test
    void aBigBurstHasDrainedAtASixteenthOfItsPeak() {
        WriteBacklog b = WriteBacklog.unbounded();
        long peak = 160L << 20;
        b.tryAdd(peak);
        b.remove(peak - peak / 16 - 1);
        assertThat(b.burstDrained()).as("just above a sixteenth").isFalse();
        b.remove(1);
        assertThat(b.burstDrained()).isTrue();
    }

    @Test
    void aDipBeforeTheBurstPeakedDoesNotCount() {
        WriteBacklog b = WriteBacklog.unbounded();
        b.tryAdd(WriteBacklog.DRAINED);
        b.remove(WriteBacklog.DRAINED); // low: 0, before any burst
        b.tryAdd(WriteBacklog.BURST);
        assertThat(b.burstDrained()).as("the burst is still all waiting").isFalse();
    }
}
