package dev.vigil.rtsp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtspUrlTest {

    @Test
    void fullUrl() {
        RtspUrl url = RtspUrl.parse("rtsp://admin:hunter2@192.168.1.64:8554/Streaming/Channels/101?transportmode=unicast");

        assertThat(url.scheme()).isEqualTo("rtsp");
        assertThat(url.host()).isEqualTo("192.168.1.64");
        assertThat(url.port()).isEqualTo(8554);
        assertThat(url.pathAndQuery()).isEqualTo("/Streaming/Channels/101?transportmode=unicast");
        assertThat(url.credentials()).isEqualTo(new Credentials("admin", "hunter2"));
        assertThat(url.withoutCredentials())
                .isEqualTo("rtsp://192.168.1.64:8554/Streaming/Channels/101?transportmode=unicast");
        assertThat(url.redacted())
                .isEqualTo("rtsp://admin:***@192.168.1.64:8554/Streaming/Channels/101?transportmode=unicast");
    }

    @Test
    void defaultPorts() {
        RtspUrl plain = RtspUrl.parse("rtsp://cam/live");
        RtspUrl tls = RtspUrl.parse("RTSPS://cam/live");

        assertThat(plain.port()).isEqualTo(554);
        assertThat(plain.portGiven()).isFalse();
        assertThat(plain.withoutCredentials()).isEqualTo("rtsp://cam/live");
        assertThat(tls.port()).isEqualTo(322);
        assertThat(tls.withoutCredentials()).isEqualTo("rtsps://cam/live");
    }

    @Test
    void percentEncodedCredentialsAreDecodedAndPlusIsNotASpace() {
        RtspUrl url = RtspUrl.parse("rtsp://user%40site:p%3Ass%2Fw+rd%25@cam/");

        assertThat(url.credentials()).isEqualTo(new Credentials("user@site", "p:ss/w+rd%"));
    }

    @Test
    void unencodedAtSignAndHashInThePasswordAsCamerasAcceptThem() {
        RtspUrl url = RtspUrl.parse("rtsp://admin:p@ss#1@cam:554/live");

        assertThat(url.credentials()).isEqualTo(new Credentials("admin", "p@ss#1"));
        assertThat(url.host()).isEqualTo("cam");
        assertThat(url.redacted()).isEqualTo("rtsp://admin:***@cam:554/live");
    }

    @Test
    void strayPercentInThePasswordIsKept() {
        assertThat(RtspUrl.parse("rtsp://admin:100%@cam/").credentials().password()).isEqualTo("100%");
    }

    @Test
    void utf8Credentials() {
        assertThat(RtspUrl.parse("rtsp://J%C3%BCrgen:%E2%82%AC@cam/").credentials())
                .isEqualTo(new Credentials("Jürgen", "€"));
    }

    @Test
    void givenCredentialsWinOverTheUrls() {
        RtspUrl url = RtspUrl.parse("rtsp://admin:old@cam/live", new Credentials("viewer", "new"));

        assertThat(url.credentials()).isEqualTo(new Credentials("viewer", "new"));
        assertThat(url.redacted()).isEqualTo("rtsp://viewer:***@cam/live");
    }

    @Test
    void userWithoutPassword() {
        RtspUrl url = RtspUrl.parse("rtsp://admin@cam/live");

        assertThat(url.credentials()).isEqualTo(new Credentials("admin", ""));
        assertThat(url.redacted()).isEqualTo("rtsp://admin@cam/live");
    }

    @Test
    void noPathNoCredentials() {
        RtspUrl url = RtspUrl.parse(" rtsp://cam:1554 ");

        assertThat(url.pathAndQuery()).isEmpty();
        assertThat(url.credentials()).isNull();
        assertThat(url.credentialsIfAny()).isEmpty();
        assertThat(url.redacted()).isEqualTo("rtsp://cam:1554");
    }

    @Test
    void queryWithoutPath() {
        RtspUrl url = RtspUrl.parse("rtsp://a:b@cam?channel=1");

        assertThat(url.host()).isEqualTo("cam");
        assertThat(url.pathAndQuery()).isEqualTo("?channel=1");
    }

    @Test
    void pathEncodingIsKept() {
        assertThat(RtspUrl.parse("rtsp://cam/my%20stream/x?a=%2F").withoutCredentials())
                .isEqualTo("rtsp://cam/my%20stream/x?a=%2F");
    }

    @Test
    void atSignInThePathIsNotUserInfo() {
        RtspUrl url = RtspUrl.parse("rtsp://cam/live@main");

        assertThat(url.host()).isEqualTo("cam");
        assertThat(url.credentials()).isNull();
        assertThat(url.pathAndQuery()).isEqualTo("/live@main");
    }

    @Test
    void ipv6Host() {
        RtspUrl url = RtspUrl.parse("rtsp://u:p@[fe80::1]:8554/s");

        assertThat(url.host()).isEqualTo("[fe80::1]");
        assertThat(url.port()).isEqualTo(8554);
        assertThat(url.withoutCredentials()).isEqualTo("rtsp://[fe80::1]:8554/s");
        assertThat(RtspUrl.parse("rtsp://[::1]/s").port()).isEqualTo(554);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://admin:hunter2@cam/ | 'http://admin:***@cam/' is not an RTSP URL",
        "cam/live | 'cam/live' is not an RTSP URL",
        "rtsp://admin:hunter2@cam:99999/x | port '99999' is not 1..65535",
        "rtsp://admin:hunter2@cam:http/x | port 'http' is not 1..65535",
        "rtsp://admin:hunter2@/x | no valid host",
        "rtsp://admin:hunter2@[fe80::1/x | an IPv6 host without its closing ']'",
    })
    void badUrlsSayWhatIsWrongWithoutThePassword(String url, String message) {
        assertThatThrownBy(() -> RtspUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void blankUrl() {
        assertThatThrownBy(() -> RtspUrl.parse("  ")).hasMessageContaining("no RTSP URL given");
    }

    @Test
    void toStringsNeverShowThePassword() {
        RtspUrl url = RtspUrl.parse("rtsp://admin:hunter2@cam/live");

        assertThat(url.toString()).doesNotContain("hunter2").contains("admin");
        assertThat(url.credentials().toString()).isEqualTo("Credentials[user=admin, password=***]");
    }
}
