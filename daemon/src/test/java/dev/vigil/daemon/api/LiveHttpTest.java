package dev.vigil.daemon.api;

import static dev.vigil.daemon.api.TestArchive.FPS;
import static dev.vigil.daemon.api.TestArchive.SECOND;
import static dev.vigil.daemon.api.TestArchive.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.daemon.ops.HttpServer;
import dev.vigil.daemon.ops.Router;
import dev.vigil.storage.segment.SegmentWriter;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** live.m3u8 over a segment being written (and the one before it), refreshed while it grows. */
class LiveHttpTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** The daemon's wall clock when a playlist is first served: just after the frames written below. */
    static final long SERVED_MS = T0 / 1000 + 10_500;

    /** The media playlist's facts: sequence numbers, and per URI its init. */
    record Playlist(String text, long mediaSequence, long discontinuitySequence, Map<String, String> inits) {
        static Playlist parse(String text) {
            long media = -1, disc = -1;
            String init = null;
            Map<String, String> inits = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) media = Long.parseLong(line.substring(22));
                else if (line.startsWith("#EXT-X-DISCONTINUITY-SEQUENCE:")) disc = Long.parseLong(line.substring(30));
                else if (line.startsWith("#EXT-X-MAP:URI=\"")) init = line.substring(16, line.length() - 1);
                else if (!line.startsWith("#") && !line.isEmpty()) inits.put(line, init);
            }
            return new Playlist(text, media, disc, inits);
        }

        List<String> uris() {
            return new ArrayList<>(inits.keySet());
        }
    }

    @Test
    void theWindowSlidesWithConsecutiveSequenceNumbersAndItsFragmentsDecode(@TempDir Path dir) throws Exception {
        try (TestArchive archive = new TestArchive(dir); SegmentWriter w = archive.writer("yard", Duration.ofSeconds(8))) {
            HttpServer server = HttpServer.start("127.0.0.1", 0,
                    ApiRoutes.register(new Router(), new Archive(dir, archive.catalog, archive.cameras(List.of("yard"))), clockAt(SERVED_MS)));
            try {
                String base = "http://127.0.0.1:" + server.port() + "/api/cameras/yard/";
                assertThat(get(base + "live.m3u8").statusCode()).isEqualTo(404);

                // 10 s: a closed segment [0, 8) and an open one [8, 10) whose last GOP is still growing.
                TestArchive.write(w, 0, 10 * FPS, T0);
                archive.flush("yard", w);
                Playlist first = playlist(base);
                assertThat(first.text()).doesNotContain("#EXT-X-ENDLIST").contains("#EXT-X-TARGETDURATION:1\n", "#EXT-X-DISCONTINUITY\n",
                        "#EXT-X-PROGRAM-DATE-TIME:2026-11-21T08:00:03Z\n");
                // Numbers start at the wall clock in ms (see LiveSequence), not at 0.
                assertThat(first.mediaSequence()).isEqualTo(SERVED_MS);
                assertThat(first.discontinuitySequence()).isEqualTo(SERVED_MS);
                String seg1 = "live/" + (T0 / 1000) + "/";
                String seg2 = "live/" + ((T0 + 8 * SECOND) / 1000) + "/";
                List<String> expected = new ArrayList<>();
                for (int s = 3; s <= 7; s++) expected.add(seg1 + (T0 + s * SECOND) + ".m4s");
                expected.add(seg2 + (T0 + 8 * SECOND) + ".m4s");
                assertThat(first.uris()).isEqualTo(expected);
                assertThat(first.inits().get(expected.get(0))).isEqualTo(seg1 + "init.mp4");
                assertThat(first.inits().get(expected.get(5))).isEqualTo(seg2 + "init.mp4");

                // 3 s more: the window moves on by three GOPs.
                TestArchive.write(w, 10 * FPS, 13 * FPS, T0 + 10 * SECOND);
                archive.flush("yard", w);
                Playlist second = playlist(base);
                assertThat(second.mediaSequence()).isEqualTo(SERVED_MS + 3);
                assertThat(second.discontinuitySequence()).isEqualTo(SERVED_MS);
                for (int i = 0; i < first.uris().size(); i++) {
                    int j = second.uris().indexOf(first.uris().get(i));
                    if (j >= 0) assertThat(second.mediaSequence() + j).as(first.uris().get(i)).isEqualTo(first.mediaSequence() + i);
                }
                assertThat(second.uris()).last().isEqualTo(seg2 + (T0 + 11 * SECOND) + ".m4s");
                assertThat(second.uris()).hasSize(6);

                // A refresh without new frames lists the same window with the same numbers.
                assertThat(playlist(base)).isEqualTo(second);

                // The open segment's part of the window decodes: its init, then its fragments.
                ByteArrayOutputStream file = new ByteArrayOutputStream();
                file.write(get(base + seg2 + "init.mp4").body());
                int fragments = 0;
                for (String uri : second.uris()) {
                    if (!uri.startsWith(seg2)) continue;
                    HttpResponse<byte[]> r = get(base + uri);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.headers().firstValue("Content-Type")).hasValue("video/mp4");
                    file.write(r.body());
                    fragments++;
                }
                assertThat(fragments).isEqualTo(4);
                Path mp4 = dir.resolve("live.mp4");
                Files.write(mp4, file.toByteArray());
                String[] probe = TestArchive.runBoth(List.of("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                        "-show_entries", "stream=nb_read_frames", "-of", "default=noprint_wrappers=1:nokey=1", mp4.toString()));
                assertThat(probe[1]).isEmpty();
                assertThat(probe[0].trim()).isEqualTo(Integer.toString(4 * FPS));

                // Fragments that are not (or no longer) there say so.
                assertThat(get(base + seg2 + (T0 + 12 * SECOND) + ".m4s").statusCode()).isEqualTo(404);
                assertThat(get(base + "live/123/init.mp4").statusCode()).isEqualTo(404);
                assertThat(get(base + "live/12a/init.mp4").statusCode()).isEqualTo(404);
            } finally {
                server.close();
            }
        }
    }

    /**
     * A player polling across a daemon restart: the restarted daemon's numbers continue above every
     * number the old one served, also for fragments both windows list (RFC 8216 §6.2.1: a media
     * sequence number never goes back), where numbering from 0 again would make a player wait for
     * numbers it has already played.
     */
    @Test
    void aRestartedDaemonNumbersAboveEverythingTheOneBeforeServed(@TempDir Path dir) throws Exception {
        try (TestArchive archive = new TestArchive(dir); SegmentWriter w = archive.writer("yard", Duration.ofSeconds(8))) {
            Archive recordings = new Archive(dir, archive.catalog, archive.cameras(List.of("yard")));
            TestArchive.write(w, 0, 10 * FPS, T0);
            archive.flush("yard", w);
            long servedBefore;
            List<String> windowBefore;
            HttpServer before = HttpServer.start("127.0.0.1", 0, ApiRoutes.register(new Router(), recordings, clockAt(SERVED_MS)));
            try {
                String base = "http://127.0.0.1:" + before.port() + "/api/cameras/yard/";
                playlist(base);
                TestArchive.write(w, 10 * FPS, 13 * FPS, T0 + 10 * SECOND);
                archive.flush("yard", w);
                Playlist last = playlist(base);
                windowBefore = last.uris();
                servedBefore = last.mediaSequence() + windowBefore.size() - 1;
                assertThat(servedBefore).isEqualTo(SERVED_MS + 8);
            } finally {
                before.close();
            }

            // Restarted 3 s later (a new ApiRoutes, nothing kept), with one more GOP on disk.
            TestArchive.write(w, 13 * FPS, 14 * FPS, T0 + 13 * SECOND);
            archive.flush("yard", w);
            HttpServer after = HttpServer.start("127.0.0.1", 0, ApiRoutes.register(new Router(), recordings, clockAt(SERVED_MS + 3_000)));
            try {
                Playlist first = playlist("http://127.0.0.1:" + after.port() + "/api/cameras/yard/");
                assertThat(first.uris()).containsAnyElementsOf(windowBefore);
                assertThat(first.mediaSequence()).isGreaterThan(servedBefore);
                assertThat(first.discontinuitySequence()).isGreaterThan(SERVED_MS);
            } finally {
                after.close();
            }
        }
    }

    static Clock clockAt(long epochMillis) {
        return Clock.fixed(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    private Playlist playlist(String base) throws Exception {
        HttpResponse<byte[]> r = get(base + "live.m3u8");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
        return Playlist.parse(new String(r.body(), StandardCharsets.US_ASCII));
    }

    private HttpResponse<byte[]> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
