package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataSizeTest {

    @ParameterizedTest
    @CsvSource({
        "0B, 0",
        "1B, 1",
        "500MB, 500000000",
        "1kB, 1000",
        "1KB, 1000",
        "1TB, 1000000000000",
        "2GiB, 2147483648",
        "1KiB, 1024",
        "1TiB, 1099511627776",
        "1.5GB, 1500000000",
        "1.5KiB, 1536",
        "0.5B, 0",
        "' 10 MB ', 10000000",
    })
    void parsesDecimalAndBinaryUnits(String text, long bytes) {
        assertThat(DataSize.parse(text).bytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({
        "500, '''500'' has no unit; expected " + DataSize.EXPECTED + "'",
        "1Mb, '''1Mb'' has an unknown unit ''Mb''; expected " + DataSize.EXPECTED + "'",
        "1mb, '''1mb'' has an unknown unit ''mb''; expected " + DataSize.EXPECTED + "'",
        "-1GB, '''-1GB'' is negative; expected " + DataSize.EXPECTED + "'",
        "lots, '''lots'' is not a size; expected " + DataSize.EXPECTED + "'",
        "9EiB, '''9EiB'' has an unknown unit ''EiB''; expected " + DataSize.EXPECTED + "'",
        "10000PiB, '''10000PiB'' is too large (at most 8EiB)'",
    })
    void rejectsWithWhatIsExpected(String text, String message) {
        assertThatThrownBy(() -> DataSize.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0B", "1B", "999B", "1kB", "1KiB", "1500kB", "2GiB", "1TB", "1TiB", "3PB"})
    void rendersTheShortestExactSpellingThatParsesBack(String text) {
        DataSize size = DataSize.parse(text);
        assertThat(size.toString()).isEqualTo(text);
        assertThat(DataSize.parse(size.toString())).isEqualTo(size);
    }

    @org.junit.jupiter.api.Test
    void aNegativeSizeCannotBeBuilt() {
        assertThatThrownBy(() -> DataSize.ofBytes(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
