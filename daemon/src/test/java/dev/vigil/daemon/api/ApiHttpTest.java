package dev.vigil.daemon.api;

import static dev.vigil.daemon.api.TestArchive.SECOND;
import static dev.vigil.daemon.api.TestArchive.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.daemon.ops.HttpServer;
import dev.vigil.daemon.ops.Router;
import dev.vigil.storage.mp4.GapMode;
import dev.vigil.storage.mp4.Mp4File;
import dev.vigil.storage.mp4.Mp4Plan;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API on the real Netty server on 127.0.0.1, over a real recording in a real catalog: camera
 * "front" recorded 40 s from T0 in 10 s segments, nothing for 20 s, then 20 s more from T0+60 s.
 */
class ApiHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    static Path dir;
    static TestArchive archive;
    static Archive api;
    static HttpServer server;

    @BeforeAll
    static void record() throws Exception {
        archive = new TestArchive(dir);
        archive.run("front", T0, 40, Duration.ofSeconds(10));
        archive.run("front", T0 + 60 * SECOND, 20, Duration.ofSeconds(10));
        api = new Archive(dir, archive.catalog, archive.cameras(List.of("front", "side")));
        server = HttpServer.start("127.0.0.1", 0, ApiRoutes.register(new Router(), api, Clock.systemUTC()));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (archive != null) archive.close();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    static HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return JSON.readTree(r.body());
    }

    static String range(long from, long to) {
        return "start=" + (from / 1000) + "&end=" + (to / 1000);
    }

    static byte[] expectedFile(long from, long to, GapMode mode) throws Exception {
        Mp4Plan plan = api.plan("front", from, to, mode);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Mp4File.of(plan).writeTo(out);
        return out.toByteArray();
    }

    @Test
    void camerasListsConfiguredCamerasWithWhatTheyRecorded() throws Exception {
        HttpResponse<byte[]> r = get("/api/cameras");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode cams = json(r).get("cameras");
        assertThat(cams).hasSize(2);
        JsonNode front = cams.get(0);
        assertThat(front.get("name").asText()).isEqualTo("front");
        assertThat(front.get("state").asText()).isEqualTo("recording");
        assertThat(front.get("codec").asText()).isEqualTo("h264");
        assertThat(front.get("width").asInt()).isEqualTo(320);
        assertThat(front.get("height").asInt()).isEqualTo(240);
        assertThat(front.get("fps").asDouble()).isEqualTo(25.0);
        assertThat(front.get("bitrateBps").asLong()).isEqualTo(400_000);
        assertThat(front.get("lastFrameTime").asText()).isEqualTo("2026-11-21T08:00:03Z");
        assertThat(front.get("firstRecorded").asText()).isEqualTo("2026-11-21T08:00:00Z");
        assertThat(front.get("lastRecorded").asText()).isEqualTo("2026-11-21T08:01:20Z");
        assertThat(front.get("firstRecordedMs").asLong()).isEqualTo(T0 / 1000);
        assertThat(front.get("lastRecordedMs").asLong()).isEqualTo((T0 + 80 * SECOND) / 1000);
        JsonNode side = cams.get(1);
        assertThat(side.get("name").asText()).isEqualTo("side");
        assertThat(side.get("state").asText()).isEqualTo("connecting");
        for (String f : List.of("codec", "width", "height", "fps", "bitrateBps", "lastFrameTime", "firstRecorded", "lastRecorded",
                "firstRecordedMs", "lastRecordedMs")) {
            assertThat(side.get(f).isNull()).as(f).isTrue();
        }
    }

    @Test
    void recordingsAreRunsAndGapsInTheWindow() throws Exception {
        HttpResponse<byte[]> r = get("/api/cameras/front/recordings?start=2026-11-21T07:59:00Z&end=2026-11-21T09:02:00%2B01:00");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode o = json(r);
        assertThat(o.get("camera").asText()).isEqualTo("front");
        assertThat(o.get("start").asText()).isEqualTo("2026-11-21T07:59:00Z");
        assertThat(o.get("end").asText()).isEqualTo("2026-11-21T08:02:00Z");
        JsonNode runs = o.get("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).get("start").asText()).isEqualTo("2026-11-21T08:00:00Z");
        assertThat(runs.get(0).get("end").asText()).isEqualTo("2026-11-21T08:00:40Z");
        assertThat(runs.get(0).get("startMs").asLong()).isEqualTo(T0 / 1000);
        assertThat(runs.get(0).get("endMs").asLong()).isEqualTo(T0 / 1000 + 40_000);
        assertThat(runs.get(0).get("segments").asInt()).isEqualTo(4);
        assertThat(runs.get(0).get("bytes").asLong()).isPositive();
        assertThat(runs.get(1).get("startMs").asLong()).isEqualTo(T0 / 1000 + 60_000);
        JsonNode gaps = o.get("gaps");
        assertThat(gaps).hasSize(3);
        assertThat(gaps.get(1).get("start").asText()).isEqualTo("2026-11-21T08:00:40Z");
        assertThat(gaps.get(1).get("end").asText()).isEqualTo("2026-11-21T08:01:00Z");
        assertThat(gaps.get(1).get("endMs").asLong()).isEqualTo(T0 / 1000 + 60_000);
    }

    @Test
    void viewIsTheMp4FileWithItsHeaders() throws Exception {
        long from = T0 + 5 * SECOND, to = T0 + 15 * SECOND;
        HttpResponse<byte[]> r = get("/api/cameras/front/view.mp4?" + range(from, to));
        assertThat(r.statusCode()).isEqualTo(200);
        byte[] expected = expectedFile(from, to, GapMode.STOP);
        assertThat(r.body()).isEqualTo(expected);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(expected.length);
        assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(r.headers().firstValue("ETag")).hasValue(api.plan("front", from, to, GapMode.STOP).etag()).hasValueSatisfying(t -> assertThat(t).matches("\"[0-9a-f]{32}\""));
        assertThat(r.headers().firstValue("X-Vigil-Start")).hasValue(Long.toString(from / 1000));
        assertThat(r.headers().firstValue("X-Vigil-End")).hasValue(Long.toString(to / 1000));
        assertThat(r.headers().firstValue("X-Vigil-Next-Run")).isEmpty();
        assertThat(r.headers().firstValue("Content-Disposition")).isEmpty();
    }

    @Test
    void aFileOfSeveralPiecesStreamsWhole() throws Exception {
        // 40 s spans 4 segments and several 512 KiB pieces.
        long from = T0, to = T0 + 40 * SECOND;
        byte[] expected = expectedFile(from, to, GapMode.STOP);
        assertThat(expected.length).isGreaterThan(2 * 512 * 1024);
        assertThat(get("/api/cameras/front/view.mp4?" + range(from, to)).body()).isEqualTo(expected);
    }

    @Test
    void aRangeOverAGapStopsThereAndSaysWhereTheNextRunStarts() throws Exception {
        HttpResponse<byte[]> r = get("/api/cameras/front/view.mp4?" + range(T0 + 30 * SECOND, T0 + 70 * SECOND));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Vigil-End")).hasValue(Long.toString((T0 + 40 * SECOND) / 1000));
        assertThat(r.headers().firstValue("X-Vigil-Next-Run")).hasValue(Long.toString((T0 + 60 * SECOND) / 1000));
        HttpResponse<byte[]> joined = get("/api/cameras/front/view.mp4?" + range(T0 + 30 * SECOND, T0 + 70 * SECOND) + "&join=1");
        assertThat(joined.body()).isEqualTo(expectedFile(T0 + 30 * SECOND, T0 + 70 * SECOND, GapMode.JOIN));
        assertThat(joined.headers().firstValue("X-Vigil-End")).hasValue(Long.toString((T0 + 70 * SECOND) / 1000));
    }

    @Test
    void randomByteRangesAreExactlyTheBytesOfTheFullResponse() throws Exception {
        String path = "/api/cameras/front/view.mp4?" + range(T0 + 2 * SECOND, T0 + 38 * SECOND);
        HttpResponse<byte[]> full = get(path);
        byte[] all = full.body();
        int n = all.length;
        String etag = full.headers().firstValue("ETag").orElseThrow();
        Random random = new Random(20261121);
        for (int i = 0; i < 150; i++) {
            String header;
            int from, to;
            switch (i % 5) {
                case 0 -> { // anywhere, any length
                    from = random.nextInt(n);
                    to = from + 1 + random.nextInt(n - from);
                    header = "bytes=" + from + "-" + (to - 1);
                }
                case 1 -> { // small, around the header / mdat boundary and piece boundaries
                    int[] marks = {0, 512 * 1024, 1024 * 1024, n / 2, n - 1};
                    from = Math.max(0, Math.min(n - 1, marks[random.nextInt(marks.length)] - 50 + random.nextInt(100)));
                    to = Math.min(n, from + 1 + random.nextInt(200));
                    header = "bytes=" + from + "-" + (to - 1);
                }
                case 2 -> { // open ended
                    from = random.nextInt(n);
                    to = n;
                    header = "bytes=" + from + "-";
                }
                case 3 -> { // suffix
                    int suffix = 1 + random.nextInt(n);
                    from = n - suffix;
                    to = n;
                    header = "bytes=-" + suffix;
                }
                default -> { // an end past the file is clamped
                    from = random.nextInt(n);
                    to = n;
                    header = "bytes=" + from + "-" + (n + random.nextInt(1000));
                }
            }
            HttpResponse<byte[]> r = get(path, "Range", header, "If-Range", etag);
            assertThat(r.statusCode()).as(header).isEqualTo(206);
            assertThat(r.headers().firstValue("Content-Range")).as(header).hasValue("bytes " + from + "-" + (to - 1) + "/" + n);
            assertThat(r.headers().firstValueAsLong("Content-Length")).as(header).hasValue(to - from);
            assertThat(r.body()).as(header).isEqualTo(Arrays.copyOfRange(all, from, to));
        }
    }

    @Test
    void ifRangeWithAnotherTagSendsTheWholeFile() throws Exception {
        String path = "/api/cameras/front/view.mp4?" + range(T0, T0 + 5 * SECOND);
        byte[] all = get(path).body();
        HttpResponse<byte[]> stale = get(path, "Range", "bytes=10-19", "If-Range", "\"not-the-tag\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(all);
        assertThat(stale.headers().firstValue("Content-Range")).isEmpty();
    }

    @Test
    void anUnsatisfiableRangeIs416WithTheLength() throws Exception {
        String path = "/api/cameras/front/view.mp4?" + range(T0, T0 + 5 * SECOND);
        long n = get(path).body().length;
        HttpResponse<byte[]> r = get(path, "Range", "bytes=" + n + "-");
        assertThat(r.statusCode()).isEqualTo(416);
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes */" + n);
        assertThat(json(r).get("error").asText()).contains("starts at or after the end");
        HttpResponse<byte[]> malformed = get(path, "Range", "bytes=x-y");
        assertThat(malformed.statusCode()).isEqualTo(416);
        assertThat(json(malformed).get("error").asText()).contains("malformed Range");
    }

    @Test
    void headHasTheHeadersOfGetAndNoBody() throws Exception {
        String path = "/api/cameras/front/view.mp4?" + range(T0, T0 + 5 * SECOND);
        HttpResponse<byte[]> getting = get(path);
        HttpResponse<byte[]> head = send("HEAD", path);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(getting.body().length);
        assertThat(head.headers().firstValue("ETag")).isEqualTo(getting.headers().firstValue("ETag"));
        HttpResponse<byte[]> ranged = send("HEAD", path, "Range", "bytes=0-99");
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.headers().firstValueAsLong("Content-Length")).hasValue(100);
        // The connection is still usable afterwards (keep-alive): the next GET is whole.
        assertThat(get(path).body()).isEqualTo(getting.body());
    }

    @Test
    void downloadNamesTheFileByCameraAndStart() throws Exception {
        HttpResponse<byte[]> r = send("HEAD", "/api/cameras/front/view.mp4?start=2026-11-21T08:00:05Z&end=2026-11-21T08:00:09Z&download=1");
        assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"front_20261121-080005.mp4\"");
    }

    @Test
    void ffprobeDecodesTheServedFileWithTheRequestedDurationAndFrames(@TempDir Path tmp) throws Exception {
        long from = T0 + 5 * SECOND, to = T0 + 15 * SECOND;
        Path file = tmp.resolve("served.mp4");
        Files.write(file, get("/api/cameras/front/view.mp4?" + range(from, to)).body());
        Map<String, String> s = keyValues(TestArchive.run(List.of("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=codec_name,nb_read_frames,duration,width,height", "-of", "default=noprint_wrappers=1", file.toString())));
        assertThat(s.get("codec_name")).isEqualTo("h264");
        assertThat(s.get("width")).isEqualTo("320");
        assertThat(Integer.parseInt(s.get("nb_read_frames"))).isEqualTo(10 * TestArchive.FPS);
        assertThat(Double.parseDouble(s.get("duration"))).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1.0 / TestArchive.FPS));
        String[] decode = TestArchive.runBoth(List.of("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-"));
        assertThat(decode[2]).isEqualTo("0");
        assertThat(decode[1]).isEmpty();
    }

    @Test
    void hlsVodPlaylistListsOneFragmentPerGopAndFfmpegDecodesIt() throws Exception {
        long from = T0 + 5 * SECOND, to = T0 + 15 * SECOND;
        HttpResponse<byte[]> r = get("/api/cameras/front/hls.m3u8?" + range(from, to));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
        String text = new String(r.body(), StandardCharsets.US_ASCII);
        String q = "?" + range(from, to);
        assertThat(text).startsWith("#EXTM3U\n#EXT-X-VERSION:7\n").contains("#EXT-X-TARGETDURATION:1\n", "#EXT-X-PLAYLIST-TYPE:VOD\n",
                "#EXT-X-MAP:URI=\"hls/init.mp4" + q + "\"\n", "#EXT-X-PROGRAM-DATE-TIME:2026-11-21T08:00:05Z\n", "hls/0.m4s" + q + "\n",
                "hls/9.m4s" + q + "\n").endsWith("#EXT-X-ENDLIST\n").doesNotContain("hls/10.m4s");
        Matcher m = Pattern.compile("#EXTINF:([0-9.]+),").matcher(text);
        double total = 0;
        int count = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
            count++;
        }
        assertThat(count).isEqualTo(10);
        assertThat(total).isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(get("/api/cameras/front/hls/init.mp4" + q).headers().firstValue("Content-Type")).hasValue("video/mp4");

        String playlist = url("/api/cameras/front/hls.m3u8" + q);
        String[] probe = TestArchive.runBoth(List.of("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames", "-of", "default=noprint_wrappers=1:nokey=1", playlist));
        assertThat(probe[2]).as(probe[1]).isEqualTo("0");
        assertThat(probe[0].trim().split("\n")[0]).isEqualTo(Integer.toString(10 * TestArchive.FPS));
        String[] decode = TestArchive.runBoth(List.of("ffmpeg", "-v", "error", "-i", playlist, "-f", "null", "-"));
        assertThat(decode[2]).as(decode[1]).isEqualTo("0");
        assertThat(decode[1]).isEmpty();
    }

    @Test
    void hlsPartsOutsideThePlanAre404() throws Exception {
        String q = "?" + range(T0 + 5 * SECOND, T0 + 7 * SECOND);
        assertThat(get("/api/cameras/front/hls/2.m4s" + q).statusCode()).isEqualTo(404);
        assertThat(json(get("/api/cameras/front/hls/x.m4s" + q)).get("error").asText()).contains("no such HLS part");
        assertThat(get("/api/cameras/front/hls/1.m4s" + q).statusCode()).isEqualTo(200);
    }

    @Test
    void badTimesAre400SayingWhatIsAccepted() throws Exception {
        HttpResponse<byte[]> r = get("/api/cameras/front/view.mp4?start=yesterday&end=1795248010000");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).contains("'start'", "ISO-8601", "epoch milliseconds");
        assertThat(json(get("/api/cameras/front/recordings?end=1795248010000")).get("error").asText()).contains("missing 'start'");
        HttpResponse<byte[]> backwards = get("/api/cameras/front/view.mp4?start=1795248010000&end=1795248000000");
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(json(backwards).get("error").asText()).contains("must be after");
        HttpResponse<byte[]> tooLong = get("/api/cameras/front/view.mp4?start=2026-11-20T08:00:00Z&end=2026-11-21T08:00:01Z");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json(tooLong).get("error").asText()).contains("longer than");
    }

    @Test
    void emptyRangesAre404SayingWhereTheNearestRecordingIs() throws Exception {
        HttpResponse<byte[]> inGap = get("/api/cameras/front/view.mp4?" + range(T0 + 45 * SECOND, T0 + 55 * SECOND));
        assertThat(inGap.statusCode()).isEqualTo(404);
        assertThat(json(inGap).get("error").asText()).contains("no recording of camera 'front'", "ends at 2026-11-21T08:00:40Z",
                "starts at 2026-11-21T08:01:00Z");
        HttpResponse<byte[]> before = get("/api/cameras/front/hls.m3u8?start=2026-11-20T08:00:00Z&end=2026-11-20T09:00:00Z");
        assertThat(before.statusCode()).isEqualTo(404);
        assertThat(json(before).get("error").asText()).contains("start at 2026-11-21T08:00:00Z");
        HttpResponse<byte[]> none = get("/api/cameras/side/view.mp4?" + range(T0, T0 + SECOND));
        assertThat(json(none).get("error").asText()).contains("no recordings at all");
    }

    @Test
    void unknownCamerasAre404NamingTheKnownOnes() throws Exception {
        HttpResponse<byte[]> r = get("/api/cameras/back/recordings?" + range(T0, T0 + SECOND));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("error").asText()).isEqualTo("no camera 'back'; cameras: front, side");
    }

    @Test
    void namesThatCouldLeaveTheStorageRootNeverReachIt() throws Exception {
        // A file beside the storage root and one in it that a traversal would find.
        Files.writeString(dir.resolve("secret.txt"), "secret");
        for (String name : List.of("..", "%2e%2e", "%2E%2E", ".", "a%2Fb", "%2Fetc", "%2F", "front%00", "%00", "..%2F..%2Fetc%2Fpasswd",
                "front%5C..", "~", "a%20b")) {
            String raw = rawGet("/api/cameras/" + name + "/view.mp4?" + range(T0, T0 + SECOND));
            String status = raw.substring(9, 12);
            assertThat(status).as(name + ": " + raw).isIn("400", "404");
            assertThat(raw).as(name).contains("application/json").contains("{\"error\":\"").doesNotContain("secret").doesNotContain("ftyp");
        }
        String raw = rawGet("/api/cameras/..%2F..%2Fetc/recordings?start=0&end=1");
        assertThat(raw).startsWith("HTTP/1.1 4");
        String invalid = rawGet("/api/cameras/%2e%2e/recordings?start=0&end=1");
        assertThat(invalid).startsWith("HTTP/1.1 400").contains("camera name '..' is not valid (letters, digits");
        String nul = rawGet("/api/cameras/front%00/recordings?start=0&end=1");
        assertThat(nul).startsWith("HTTP/1.1 400").contains("'front\\\\u0000'");
    }

    @Test
    void unknownPathsUnderACameraAre404() throws Exception {
        HttpResponse<byte[]> r = get("/api/cameras/front/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("error").asText()).contains("recordings, view.mp4, hls.m3u8 and live.m3u8");
    }

    @Test
    void staticFilesComeFromTheClasspathByPlainNameOnly() throws Exception {
        HttpResponse<byte[]> index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(new String(index.body(), StandardCharsets.UTF_8)).contains("<html");
        for (String bad : List.of("/static/..%2Flogback.xml", "/static/../logback.xml", "/static/%2e%2e/logback.xml", "/static/logback.xml",
                "/static/", "/static/index", "/static/a%00.js")) {
            String raw = rawGet(bad);
            assertThat(raw).as(bad).startsWith("HTTP/1.1 404").doesNotContain("<configuration");
        }
        assertThat(get("/static/index.html").statusCode()).isEqualTo(200);
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }

    /** A request sent byte for byte, so that no client normalises the path first; the response as text. */
    static String rawGet(String target) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] b = in.readNBytes(1 << 16);
            return new String(b, StandardCharsets.ISO_8859_1);
        }
    }

    static Map<String, String> keyValues(byte[] out) {
        Map<String, String> m = new HashMap<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return m;
    }
}
