package dev.vigil.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimesTest {
    private static final long T = 1_795_248_000_000_000L; // 2026-11-21T08:00:00Z

    @Test
    void isoInstantsOffsetsAndEpochMillis() {
        assertThat(Times.parseMicros("start", "2026-11-21T08:00:00Z")).isEqualTo(T);
        assertThat(Times.parseMicros("start", "2026-11-21T09:00:00+01:00")).isEqualTo(T);
        assertThat(Times.parseMicros("start", "2026-11-21T03:00:00-05:00")).isEqualTo(T);
        assertThat(Times.parseMicros("start", "2026-11-21T08:00:00.250Z")).isEqualTo(T + 250_000);
        assertThat(Times.parseMicros("start", "1795248000000")).isEqualTo(T);
        assertThat(Times.parseMicros("start", " 1795248000123 ")).isEqualTo(T + 123_000);
    }

    @Test
    void aPlusDecodedAsASpaceInAQueryStringStillMeansAnOffset() {
        assertThat(Times.parseMicros("start", "2026-11-21T09:00:00 01:00")).isEqualTo(T);
    }

    @Test
    void rejectsWhatIsNotATimeNamingTheParameterAndTheFormats() {
        for (String bad : new String[] {"yesterday", "2026-11-21", "2026-11-21T08:00:00", "2026-13-01T00:00:00Z", "12.5", "99999999999999999999"}) {
            assertThatThrownBy(() -> Times.parseMicros("end", bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'end'").hasMessageContaining("ISO-8601").hasMessageContaining("epoch milliseconds");
        }
        assertThatThrownBy(() -> Times.parseMicros("start", null)).hasMessageContaining("missing 'start'");
        assertThatThrownBy(() -> Times.parseMicros("start", "")).hasMessageContaining("missing 'start'");
    }

    @Test
    void writesUtcIsoWithMillisecondsWhenThereAreAny() {
        assertThat(Times.iso(T)).isEqualTo("2026-11-21T08:00:00Z");
        assertThat(Times.iso(T + 40_000)).isEqualTo("2026-11-21T08:00:00.040Z");
        assertThat(Times.millis(T + 999)).isEqualTo(T / 1000);
    }

    @Test
    void rangesMustBeForwardAndNotTooLong() {
        assertThat(TimeRange.of(Optional.of("1795248000000"), Optional.of("1795248060000"), TimeRange.DAY))
                .isEqualTo(new TimeRange(T, T + 60_000_000));
        assertThatThrownBy(() -> TimeRange.of(Optional.of("1795248000000"), Optional.of("1795248000000"), TimeRange.DAY))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("must be after");
        assertThatThrownBy(() -> TimeRange.of(Optional.of("2026-11-21T08:00:00Z"), Optional.of("2026-11-22T08:00:01Z"), TimeRange.DAY))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("longer than the 1 days");
        assertThatThrownBy(() -> TimeRange.of(Optional.empty(), Optional.of("1795248000000"), TimeRange.DAY))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("missing 'start'");
    }
}
