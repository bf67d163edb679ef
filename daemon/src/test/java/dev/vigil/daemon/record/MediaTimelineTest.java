package dev.vigil.daemon.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MediaTimelineTest {
    static final long T0_MICROS = 1_704_067_200_000_000L;
    final LocalClock clock = new LocalClock(Clock.fixed(Instant.ofEpochSecond(1_704_067_200L), ZoneOffset.UTC), () -> 0L);
    final MediaTimeline timeline = new MediaTimeline(clock, 500, 5_000_000);

    @Test
    void mediaTimeSpacesFramesWhenTheCameraKeepsTime() {
        assertThat(timeline.place(1000, 90_000, 0)).isEqualTo(T0_MICROS);
        assertThat(timeline.newRun()).isTrue();
        for (int i = 1; i <= 100; i++) {
            long placed = timeline.place(1000 + i * 3000L, 90_000, i * 100_000_000L / 3 + 1);
            assertThat(placed).isEqualTo(T0_MICROS + i * 33_333L + fraction(i));
            assertThat(timeline.newRun()).isFalse();
        }
    }

    /** 3000 ticks at 90 kHz is 33333.33 µs: the thirds are carried, not lost. */
    static long fraction(int i) {
        return i / 3;
    }

    @Test
    void aDriftingCameraIsSlewedAtMost500PpmTowardTheLocalClock() {
        // The camera's clock runs 1% fast: media says 10 ms per frame, the local clock sees 9.9 ms.
        timeline.place(0, 90_000, 0);
        long previous = T0_MICROS;
        for (int i = 1; i <= 1000; i++) {
            long placed = timeline.place(i * 900L, 90_000, i * 9_900_000L);
            long step = placed - previous;
            assertThat(step).isBetween(10_000L - 5, 10_000L);
            previous = placed;
        }
        // Over 10 s of media the local clock is 100 ms behind; the slew closed 5 ms of it.
        assertThat(previous - T0_MICROS).isEqualTo(10_000_000L - 5_000);
    }

    @Test
    void aSmallJitterIsAbsorbedWithoutMovingFramesApart() {
        timeline.place(0, 90_000, 0);
        long a = timeline.place(9000, 90_000, 130_000_000L); // arrived 30 ms late
        assertThat(a).isEqualTo(T0_MICROS + 100_000 + 50);   // moved by at most 500 ppm of 100 ms
    }

    @Test
    void timestampsGoingBackwardsStartANewRunAtArrivalTime() {
        timeline.place(90_000, 90_000, 0);
        timeline.place(93_000, 90_000, 33_333_333L);
        long placed = timeline.place(10, 90_000, 66_666_666L);
        assertThat(timeline.newRun()).isTrue();
        assertThat(placed).isEqualTo(T0_MICROS + 66_666);
    }

    @Test
    void aJumpForwardBeyondTheThresholdStartsANewRun() {
        timeline.place(0, 90_000, 0);
        timeline.place(3000, 90_000, 33_333_333L);
        // One hour ahead in media time, 33 ms later in local time.
        long placed = timeline.place(3000 + 3600 * 90_000L, 90_000, 66_666_666L);
        assertThat(timeline.newRun()).isTrue();
        assertThat(placed).isEqualTo(T0_MICROS + 66_666);
    }

    @Test
    void resetStartsANewRunWithTheNextFrame() {
        timeline.place(0, 8000, 0);
        timeline.reset();
        timeline.place(160, 8000, 20_000_000L);
        assertThat(timeline.newRun()).isTrue();
    }
}
