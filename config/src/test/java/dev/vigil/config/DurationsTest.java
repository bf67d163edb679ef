package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "1s, PT1S",
        "10m, PT10M",
        "12h, PT12H",
        "30d, PT720H",
        "0s, PT0S",
        "' 5 s', PT5S",
    })
    void parsesEveryUnit(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "10, '''10'' has no unit; expected " + Durations.EXPECTED + "'",
        "-5s, '''-5s'' is negative; expected " + Durations.EXPECTED + "'",
        "1.5h, '''1.5h'' is not a duration; expected " + Durations.EXPECTED + "'",
        "1h30m, '''1h30m'' is not a duration; expected " + Durations.EXPECTED + "'",
        "5 sec, '''5 sec'' is not a duration; expected " + Durations.EXPECTED + "'",
        "10S, '''10S'' is not a duration; expected " + Durations.EXPECTED + "'",
        "99999999999999999999d, '''99999999999999999999d'' is too long; expected " + Durations.EXPECTED + "'",
    })
    void rejectsWithWhatIsExpected(String text, String message) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "1ms", "1500ms", "1s", "90s", "1m", "90m", "1h", "25h", "1d", "30d"})
    void formatsTheLargestExactUnitAndParsesBack(String text) {
        Duration d = Durations.parse(text);
        assertThat(Durations.format(d)).isEqualTo(text);
    }
}
