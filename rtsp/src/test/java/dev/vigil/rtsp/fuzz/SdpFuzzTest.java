package dev.vigil.rtsp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.rtsp.Codec;
import dev.vigil.rtsp.TrackConfig;
import dev.vigil.rtsp.TrackReceiver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A DESCRIBE answer's body, through everything the client does with it before SETUP
 * (RtspConnection.onDescribe): {@code Sdp.parse}, the control URLs, and for each usable media
 * section its track configuration and receiver (whose depacketizer decodes the sprop parameter
 * sets of the fmtp). None of it may throw, whatever the camera wrote.
 */
class SdpFuzzTest {
    static final String REQUEST_URL = "rtsp://cam.example:554/stream";

    @FuzzTest(maxDuration = "60s")
    void describe(byte[] input) {
        // The client decodes the body as UTF-8 (malformed sequences become U+FFFD).
        String text = new String(input, StandardCharsets.UTF_8);
        Object sdp = Reflect.callStatic("Sdp", "parse", text);

        assertThat((int) Reflect.call(sdp, "version")).isGreaterThanOrEqualTo(-1);
        List<?> media = (List<?>) Reflect.call(sdp, "media");
        for (Object m : media) {
            assertThat((int) Reflect.call(m, "port")).isBetween(0, 65535);
            for (Object pt : (List<?>) Reflect.call(m, "payloadTypes")) assertThat((Integer) pt).isBetween(0, 127);
        }

        Object controls = Reflect.callStatic("ControlUrls", "of", sdp, REQUEST_URL, null, null);
        List<?> urls = (List<?>) Reflect.call(controls, "media");
        assertThat(urls).hasSameSizeAs(media);
        assertNoUserInfo((String) Reflect.call(controls, "aggregate"));
        for (Object u : urls) assertNoUserInfo((String) u);

        for (int i = 0; i < media.size(); i++) track(i, media.get(i));
    }

    /** The track set-up of onDescribe, for every section that carries a supported codec. */
    private static void track(int index, Object m) {
        Object direction = Reflect.call(m, "direction");
        if (!(boolean) Reflect.call(direction, "mayCarryMedia")) return;
        Codec codec = (Codec) Reflect.callStatic("SetupTrack", "outputCodec", Reflect.call(m, "codec"));
        if (codec == null) return;
        int clockRate = (int) Reflect.call(m, "clockRate");
        Object fmtp = Reflect.call(m, "fmtp");
        @SuppressWarnings("unchecked")
        Map<String, String> params = fmtp == null ? Map.of() : (Map<String, String>) Reflect.call(fmtp, "parameters");
        TrackConfig config = TrackConfig.tcp(index, codec, (int) Reflect.call(m, "payloadType"),
                clockRate > 0 ? clockRate : 90_000, params);
        new TrackReceiver(config, new CheckingSink(config), () -> 0L);
    }

    /** ControlUrls promises that no URL it returns carries user info, whatever the SDP held. */
    private static void assertNoUserInfo(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) return;
        int slash = url.indexOf('/', scheme + 3);
        String authority = url.substring(scheme + 3, slash < 0 ? url.length() : slash);
        assertThat(authority).as("authority of %s", url).doesNotContain("@");
    }
}
