package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameArrivalsTest {
    private static FrameArrivals of(long... times) {
        FrameArrivals a = new FrameArrivals();
        for (long t : times) a.add(t);
        return a;
    }

    @Test
    void recordingAgainIsTheFirstArrivalAtOrAfterTheInstant() {
        FrameArrivals a = of(-100, 0, 100, 5_000, 5_100);
        assertThat(a.firstSince(101)).hasValue(5_000);
        assertThat(a.firstSince(100)).hasValue(100);
        assertThat(a.firstSince(-150)).hasValue(-100); // monotonic time may be negative
        assertThat(a.firstSince(5_101)).isEmpty();
    }

    @Test
    void theSameSampleTwiceCountsOnce() {
        FrameArrivals a = of(10, 10, 10, 20);
        assertThat(a.longestGap(10, 20)).isEqualTo(10);
    }

    @Test
    void theLongestGapCountsFromTheLastFrameBeforeTheFaultAndToTheEnd() {
        // A frame at 100, the fault at 150, nothing until 5000, then every 100 until the end at 5300.
        FrameArrivals a = of(0, 100, 5_000, 5_100, 5_200);
        assertThat(a.longestGap(150, 5_300)).isEqualTo(4_900);
        // A camera that never records again: the gap runs to the end.
        assertThat(of(0, 100).longestGap(150, 9_000)).isEqualTo(8_900);
        // Nothing before the fault: counted from the fault.
        assertThat(of(500, 600).longestGap(150, 600)).isEqualTo(350);
        // Arrivals after the end are not counted.
        assertThat(of(100, 200, 10_000).longestGap(150, 300)).isEqualTo(100);
    }
}
