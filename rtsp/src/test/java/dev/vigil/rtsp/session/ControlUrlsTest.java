package dev.vigil.rtsp.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlUrlsTest {

    @Test
    void hikvisionAbsoluteControlsAreUsedAsTheyAre() {
        ControlUrls urls = ControlUrls.of(Sdp.parse(SdpFixtures.HIKVISION),
                "rtsp://192.168.1.64:554/Streaming/Channels/101", "rtsp://192.168.1.64:554/Streaming/Channels/101/",
                null);

        assertThat(urls.aggregate()).isEqualTo("rtsp://192.168.1.64:554/Streaming/Channels/101/?transportmode=unicast");
        assertThat(urls.media()).containsExactly(
                "rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=1?transportmode=unicast",
                "rtsp://192.168.1.64:554/Streaming/Channels/101/trackID=2?transportmode=unicast");
    }

    @Test
    void dahuaContentBaseWithTheSlashAfterTheQuery() {
        ControlUrls urls = ControlUrls.of(Sdp.parse(SdpFixtures.DAHUA),
                "rtsp://192.168.1.108:554/cam/realmonitor?channel=1&subtype=0",
                "rtsp://192.168.1.108:554/cam/realmonitor?channel=1&subtype=0/", null);

        assertThat(urls.aggregate()).isEqualTo("rtsp://192.168.1.108:554/cam/realmonitor?channel=1&subtype=0/");
        assertThat(urls.media()).containsExactly(
                "rtsp://192.168.1.108:554/cam/realmonitor?channel=1&subtype=0/trackID=0",
                "rtsp://192.168.1.108:554/cam/realmonitor?channel=1&subtype=0/trackID=1",
                "rtsp://192.168.1.108:554/cam/realmonitor?channel=1&subtype=0/trackID=4");
    }

    @Test
    void live555ContentBaseWithTrailingSlash() {
        ControlUrls urls = ControlUrls.of(Sdp.parse(SdpFixtures.LIVE555), "rtsp://192.168.1.2:8554/test",
                "rtsp://192.168.1.2:8554/test/", null);

        assertThat(urls.aggregate()).isEqualTo("rtsp://192.168.1.2:8554/test/");
        assertThat(urls.media()).containsExactly("rtsp://192.168.1.2:8554/test/track1");
    }

    @Test
    void reolinkTrackIds() {
        ControlUrls urls = ControlUrls.of(Sdp.parse(SdpFixtures.REOLINK), "rtsp://192.168.1.10:554/h264Preview_01_main",
                "rtsp://192.168.1.10:554/h264Preview_01_main/", null);

        assertThat(urls.media()).containsExactly("rtsp://192.168.1.10:554/h264Preview_01_main/trackID=1",
                "rtsp://192.168.1.10:554/h264Preview_01_main/trackID=2");
    }

    @Test
    void gstreamerAndAxisAbsoluteControls() {
        ControlUrls gst = ControlUrls.of(Sdp.parse(SdpFixtures.GSTREAMER), "rtsp://127.0.0.1:8554/test",
                "rtsp://127.0.0.1:8554/test/", null);
        ControlUrls axis = ControlUrls.of(Sdp.parse(SdpFixtures.AXIS),
                "rtsp://192.168.0.90/axis-media/media.amp?videocodec=h264&audio=1", null, null);

        assertThat(gst.aggregate()).isEqualTo("rtsp://127.0.0.1:8554/test");
        assertThat(gst.media()).containsExactly("rtsp://127.0.0.1:8554/test/stream=0", "rtsp://127.0.0.1:8554/test/stream=1");
        assertThat(axis.media().get(1)).isEqualTo("rtsp://192.168.0.90/axis-media/media.amp/stream=1?videocodec=h264&audio=1");
    }

    @Test
    void baseWithoutTrailingSlashStillGetsOneBeforeTheControl() {
        // live555/Hikvision behaviour, not RFC 3986 (which would give rtsp://h/trackID=1).
        assertThat(ControlUrls.resolve("rtsp://h/stream", "trackID=1")).isEqualTo("rtsp://h/stream/trackID=1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "rtsp://h/s/ | *               | rtsp://h/s/",
        "rtsp://h/s/ | null            | rtsp://h/s/",
        "rtsp://h/s/ | '  '            | rtsp://h/s/",
        "rtsp://h/s/ | ' trackID=1 '   | rtsp://h/s/trackID=1",
        "rtsp://h/s  | RTSP://o:1/x    | RTSP://o:1/x",
        "rtsp://h/s  | rtsps://o/x     | rtsps://o/x",
        "rtsp://h:8554/a/b?q=1 | /other/track | rtsp://h:8554/other/track",
        "rtsp://h/s  | ?track=2        | rtsp://h/s?track=2",
        "rtsp://h    | track1          | rtsp://h/track1",
    })
    void controlValues(String base, String control, String expected) {
        assertThat(ControlUrls.resolve(base, control)).isEqualTo(expected);
    }

    @Test
    void baseIsContentBaseThenContentLocationThenRequest() {
        assertThat(ControlUrls.base("rtsp://h/req", "rtsp://h/base/", "rtsp://h/loc/")).isEqualTo("rtsp://h/base/");
        assertThat(ControlUrls.base("rtsp://h/req", null, "rtsp://h/loc/")).isEqualTo("rtsp://h/loc/");
        assertThat(ControlUrls.base("rtsp://h/req", " ", null)).isEqualTo("rtsp://h/req");
    }

    @Test
    void relativeContentLocationIsResolvedAgainstTheRequest() {
        assertThat(ControlUrls.base("rtsp://h:554/live/main", null, "sub/")).isEqualTo("rtsp://h:554/live/sub/");
    }

    @Test
    void noContentBaseUsesTheRequestUrl() {
        ControlUrls urls = ControlUrls.of(Sdp.parse(SdpFixtures.REOLINK), "rtsp://cam/Preview_01_main", null, null);

        assertThat(urls.aggregate()).isEqualTo("rtsp://cam/Preview_01_main");
        assertThat(urls.media()).containsExactly("rtsp://cam/Preview_01_main/trackID=1",
                "rtsp://cam/Preview_01_main/trackID=2");
    }

    @Test
    void mediaWithoutControlUsesTheBase() {
        ControlUrls urls = ControlUrls.of(Sdp.parse("v=0\nm=video 0 RTP/AVP 96\n"), "rtsp://cam/live", null, null);

        assertThat(urls.aggregate()).isEqualTo("rtsp://cam/live");
        assertThat(urls.media()).containsExactly("rtsp://cam/live");
    }

    @Test
    void credentialsNeverAppearInResultingUrls() {
        Sdp sdp = Sdp.parse("v=0\na=control:rtsp://admin:hunter2@cam/live/\nm=video 0 RTP/AVP 96\n"
                + "a=control:trackID=1\nm=audio 0 RTP/AVP 0\na=control:rtsp://admin:p@ss@cam/live/trackID=2\n");

        ControlUrls urls = ControlUrls.of(sdp, "rtsp://admin:hunter2@cam/live", "rtsp://admin:hunter2@cam/live/", null);

        assertThat(urls.aggregate()).isEqualTo("rtsp://cam/live/");
        assertThat(urls.media()).containsExactly("rtsp://cam/live/trackID=1", "rtsp://cam/live/trackID=2");
        assertThat(ControlUrls.base("rtsp://a:b@cam/x", null, null)).isEqualTo("rtsp://cam/x");
    }
}
