package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rtsp://admin:hunter2@cam.local/live | rtsp://admin:***@cam.local/live",
        "rtsps://admin:hunter2@10.0.0.5:322/s?x=1 | rtsps://admin:***@10.0.0.5:322/s?x=1",
        // cameras accept an unencoded '@' in the password: everything up to the last '@' goes
        "rtsp://admin:p@ss@cam/live | rtsp://admin:***@cam/live",
        "rtsp://admin:p%40ss@cam | rtsp://admin:***@cam",
        "rtsp://:secret@cam | rtsp://:***@cam",
        // a user alone is no secret
        "rtsp://admin@cam/live | rtsp://admin@cam/live",
        "rtsp://cam/live | rtsp://cam/live",
        "rtsp://cam/live?user=admin&password=hunter2&ch=1 | rtsp://cam/live?user=admin&password=***&ch=1",
        "jdbc:postgresql://db/vigil?user=v&password=hunter2 | jdbc:postgresql://db/vigil?user=v&password=***",
        "jdbc:postgresql://v:hunter2@db/vigil | jdbc:postgresql://v:***@db/vigil",
        "jdbc:sqlserver://db;user=v;Password=hunter2;x=1 | jdbc:sqlserver://db;user=v;Password=***;x=1",
        "jdbc:sqlite:/var/lib/vigil/catalog.db | jdbc:sqlite:/var/lib/vigil/catalog.db",
        "DESCRIBE rtsp://a:b1@h1/x failed, then rtsp://c:d2@h2 | DESCRIBE rtsp://a:***@h1/x failed, then rtsp://c:***@h2",
    })
    void masksPasswordsAndKeepsTheRest(String url, String masked) {
        assertThat(Redactor.maskUrl(url)).isEqualTo(masked);
    }

    @Test
    void nullStaysNull() {
        assertThat(Redactor.maskUrl(null)).isNull();
    }
}
