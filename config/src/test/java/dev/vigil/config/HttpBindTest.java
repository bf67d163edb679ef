package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpBindTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:8080, 127.0.0.1, 8080",
        "0.0.0.0:1, 0.0.0.0, 1",
        "nvr.home.arpa:65535, nvr.home.arpa, 65535",
        "[::1]:8080, ::1, 8080",
        "[::]:80, ::, 80",
    })
    void parsesHostAndPort(String text, String host, int port) {
        HttpBind bind = HttpBind.parse(text);
        assertThat(bind).isEqualTo(new HttpBind(host, port));
        assertThat(bind.toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "8080 | '8080' is not host:port; expected " + HttpBind.EXPECTED,
        ":8080 | ':8080' has no host; expected " + HttpBind.EXPECTED + " (use 0.0.0.0 to listen on every interface)",
        "localhost:0 | 'localhost:0' has port 0 out of range; expected " + HttpBind.EXPECTED,
        "localhost:65536 | 'localhost:65536' has port 65536 out of range; expected " + HttpBind.EXPECTED,
        "localhost:http | 'localhost:http' has a bad port 'http'; expected " + HttpBind.EXPECTED,
        "::1:8080 | '::1:8080' looks like an IPv6 address; put it in brackets, e.g. [::1]:8080",
        "[::1]8080 | '[::1]8080' is not host:port; expected " + HttpBind.EXPECTED,
    })
    void rejectsWithWhatIsExpected(String text, String message) {
        assertThatThrownBy(() -> HttpBind.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void theDefaultIsLoopback8080() {
        assertThat(HttpBind.DEFAULT).isEqualTo(new HttpBind("127.0.0.1", 8080));
    }
}
