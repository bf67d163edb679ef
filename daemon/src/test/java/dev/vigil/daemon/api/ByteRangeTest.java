package dev.vigil.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
    private static ByteRange.Request parse(String header) {
        return ByteRange.parse(Optional.ofNullable(header), 1000);
    }

    private static ByteRange part(String header) {
        return ((ByteRange.Part) parse(header)).range();
    }

    @Test
    void theThreeFormsOfASingleRange() {
        assertThat(part("bytes=0-0")).isEqualTo(new ByteRange(0, 1));
        assertThat(part("bytes=10-19")).isEqualTo(new ByteRange(10, 20));
        assertThat(part("bytes=990-")).isEqualTo(new ByteRange(990, 1000));
        assertThat(part("bytes=-10")).isEqualTo(new ByteRange(990, 1000));
        assertThat(part("Bytes = 5 - 6")).isEqualTo(new ByteRange(5, 7));
    }

    @Test
    void clampsAnEndPastTheFileAndASuffixLongerThanIt() {
        assertThat(part("bytes=900-5000")).isEqualTo(new ByteRange(900, 1000));
        assertThat(part("bytes=-5000")).isEqualTo(new ByteRange(0, 1000));
        assertThat(part("bytes=10-19").contentRange(1000)).isEqualTo("bytes 10-19/1000");
    }

    @Test
    void noHeaderAnotherUnitOrSeveralRangesIsTheWholeFile() {
        assertThat(parse(null)).isInstanceOf(ByteRange.Whole.class);
        assertThat(parse("items=0-5")).isInstanceOf(ByteRange.Whole.class);
        assertThat(parse("bytes=0-5,10-20")).isInstanceOf(ByteRange.Whole.class);
    }

    @Test
    void unsatisfiableOrMalformedRangesSayWhy() {
        assertThat(parse("bytes=1000-")).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(((ByteRange.Unsatisfiable) parse("bytes=1000-1001")).why()).contains("after the end");
        assertThat(((ByteRange.Unsatisfiable) parse("bytes=20-10")).why()).contains("ends before it starts");
        assertThat(((ByteRange.Unsatisfiable) parse("bytes=-0")).why()).contains("empty");
        assertThat(((ByteRange.Unsatisfiable) parse("bytes=abc")).why()).contains("malformed");
        assertThat(((ByteRange.Unsatisfiable) parse("bytes=-")).why()).contains("malformed");
        assertThat(((ByteRange.Unsatisfiable) parse("bytes=99999999999999999999-")).why()).contains("too large");
    }

    @Test
    void ifRangeHonoursTheRangeOnlyForTheCurrentTag() {
        assertThat(ByteRange.ifRangeAllows(Optional.empty(), "\"abc\"")).isTrue();
        assertThat(ByteRange.ifRangeAllows(Optional.of("\"abc\""), "\"abc\"")).isTrue();
        assertThat(ByteRange.ifRangeAllows(Optional.of("\"abd\""), "\"abc\"")).isFalse();
        assertThat(ByteRange.ifRangeAllows(Optional.of("W/\"abc\""), "\"abc\"")).isFalse();
        assertThat(ByteRange.ifRangeAllows(Optional.of("Sat, 21 Nov 2026 08:00:00 GMT"), "\"abc\"")).isFalse();
    }
}
