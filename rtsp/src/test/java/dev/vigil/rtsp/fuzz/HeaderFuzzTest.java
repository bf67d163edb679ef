package dev.vigil.rtsp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The response headers the client parses. Netty hands header values over as ISO-8859-1 strings,
 * so every byte becomes one char here too. Transport and Session may refuse a value with
 * IllegalArgumentException (their documented way of saying "unusable"); nothing else may escape,
 * and what they return must be within the ranges they promise.
 */
class HeaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void wwwAuthenticate(byte[] input) {
        // Several WWW-Authenticate headers arrive as several values: a NUL splits the input.
        List<String> values = List.of(latin1(input).split("\0", -1));
        List<?> challenges = (List<?>) Reflect.callStatic("Challenge", "parseAll", values);
        for (Object c : challenges) {
            String scheme = (String) Reflect.call(c, "scheme");
            assertThat(scheme).isNotEmpty().doesNotContainAnyWhitespaces().doesNotContain(",", "=", "\"");
            @SuppressWarnings("unchecked")
            Map<String, String> params = (Map<String, String>) Reflect.call(c, "params");
            for (String key : params.keySet()) {
                assertThat(key).isNotEmpty().isEqualTo(key.toLowerCase(Locale.ROOT));
            }
            // What the authenticator asks of every challenge when it picks one.
            assertThat((int) Reflect.call(c, "strength")).isBetween(0, 3);
            Reflect.call(c, "describe");
            Reflect.call(c, "stale");
            Reflect.call(c, "qop");
        }
    }

    @FuzzTest(maxDuration = "60s")
    void transport(byte[] input) {
        Object t;
        try {
            t = Reflect.callStatic("TransportHeader", "parse", latin1(input));
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertThat(((String) Reflect.call(t, "profile")).toUpperCase(Locale.ROOT)).startsWith("RTP/");
        for (String pair : new String[] {"interleaved", "clientPort", "serverPort"}) {
            Object p = Reflect.call(t, pair);
            if (p == null) continue;
            assertThat((int) Reflect.call(p, "first")).isBetween(0, 65535);
            assertThat((int) Reflect.call(p, "second")).isBetween(0, 65535);
        }
        OptionalLong ssrc = (OptionalLong) Reflect.call(t, "ssrc");
        if (ssrc.isPresent()) assertThat(ssrc.getAsLong()).isBetween(0L, 0xFFFF_FFFFL);
    }

    @FuzzTest(maxDuration = "60s")
    void session(byte[] input) {
        Object s;
        try {
            s = Reflect.callStatic("SessionHeader", "parse", latin1(input));
        } catch (IllegalArgumentException refused) {
            return;
        }
        String id = (String) Reflect.call(s, "id");
        // The id is echoed in every later request: it must not be able to break that header.
        assertThat(id).isNotEmpty();
        assertThat(id.chars().noneMatch(c -> c <= ' ' || c == 127 || c == ',' || c == ';')).as("id %s", id).isTrue();
        assertThat((int) Reflect.call(s, "timeoutSeconds")).isPositive();
    }

    @FuzzTest(maxDuration = "60s")
    void rtpInfo(byte[] input) {
        String value = latin1(input);
        List<?> infos = (List<?>) Reflect.callStatic("RtpInfo", "parse", value);
        for (Object i : infos) {
            assertThat((String) Reflect.call(i, "url")).isNotEmpty();
            OptionalInt seq = (OptionalInt) Reflect.call(i, "seq");
            if (seq.isPresent()) assertThat(seq.getAsInt()).isBetween(0, 0xFFFF);
            OptionalLong time = (OptionalLong) Reflect.call(i, "rtpTime");
            if (time.isPresent()) assertThat(time.getAsLong()).isBetween(0L, 0xFFFF_FFFFL);
        }
        // Matching entries to tracks, as PLAY does, with a URL taken from the header itself.
        String setupUrl = infos.isEmpty() ? "rtsp://cam.example/stream/trackID=1" : (String) Reflect.call(infos.get(0), "url");
        Object match = Reflect.callStatic("RtpInfo", "forTrack", infos, setupUrl, 0, Math.max(1, infos.size()));
        if (!infos.isEmpty()) assertThat(match).isNotNull();
    }

    private static String latin1(byte[] input) {
        return new String(input, StandardCharsets.ISO_8859_1);
    }
}
