package dev.vigil.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CameraNamesTest {
    @Test
    void plainNamesAreSafe() {
        assertThat(CameraNames.isSafe("front")).isTrue();
        assertThat(CameraNames.isSafe("Back_door-2")).isTrue();
        assertThat(CameraNames.isSafe("a".repeat(64))).isTrue();
    }

    @Test
    void anythingThatCouldNameAnotherPathIsNot() {
        for (String bad : new String[] {"", ".", "..", "../front", "a/b", "a\\b", "/etc", "/", "front\0", "\0", "%2e%2e", "a b",
                "front.", "~root", "C:", "a".repeat(65)}) {
            assertThat(CameraNames.isSafe(bad)).as(CameraNames.quote(bad)).isFalse();
        }
        assertThat(CameraNames.isSafe(null)).isFalse();
    }

    @Test
    void quotesControlCharactersVisibly() {
        assertThat(CameraNames.quote("a\0b")).isEqualTo("'a\\u0000b'");
    }
}
