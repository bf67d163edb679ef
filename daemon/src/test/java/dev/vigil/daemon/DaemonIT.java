package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.session.GstRtspServer;
import dev.vigil.rtsp.sim.ExternalTools;
import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.catalog.Recordings;
import dev.vigil.storage.catalog.SegmentRecord;
import dev.vigil.storage.catalog.SegmentState;
import dev.vigil.storage.rf1.TrackCheck;
import dev.vigil.storage.rf1.TrackReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon end to end, as a child process: it records real RTSP servers (the built-in simulated
 * camera; GStreamer's gst-rtsp-server), rolls segments, stops cleanly on SIGTERM, and after a
 * SIGKILL recovers on the next start losing at most the flush interval. What it wrote must pass
 * {@code rf1 check} and decode in ffprobe.
 */
class DaemonIT {
    @TempDir
    Path tmp;

    @Test
    void demoRecordsTheSimulatedCameraAndStopsCleanlyOnSigterm() throws Exception {
        int port = VigilProcess.freePort();
        Path storage = tmp.resolve("demo");
        try (VigilProcess vigil = VigilProcess.start(tmp.resolve("demo.log"), port, "demo", "--storage", storage.toString(),
                "--http-port", Integer.toString(port), "--segment-duration", "2s")) {
            assertThat(vigil.awaitHealthy()).contains("\"name\":\"demo-1\"").contains("\"state\":\"recording\"");
            awaitSegments(storage.resolve("demo-1"), 3);
            assertPlaybackApiServes(port, "demo-1");
            assertThat(vigil.terminate()).isZero();
        }
        List<Path> tracks = tracks(storage);
        assertEveryTrackChecksCleanAndDecodes(tracks);
        try (Catalog catalog = Catalog.open("jdbc:sqlite:" + storage.resolve("catalog.db"))) {
            List<SegmentRecord> rows = catalog.allSegments();
            assertThat(rows).hasSize(tracks.size()).allMatch(r -> r.state() == SegmentState.CLOSED);
            Recordings r = catalog.recordings("demo-1", rows.get(0).startMicros(), rows.get(rows.size() - 1).endMicros());
            assertThat(r.runs()).as("one uninterrupted run of contiguous segments").hasSize(1);
        }
    }

    @Test
    void aKilledDaemonRecoversOnRestartLosingAtMostTheFlushInterval() throws Exception {
        try (GstRtspServer gst = GstRtspServer.start()) {
            int port = VigilProcess.freePort();
            Path storage = tmp.resolve("archive");
            Path config = tmp.resolve("vigil.yaml");
            Files.writeString(config, """
                    storageRoot: %s
                    httpBind: 127.0.0.1:%d
                    flushInterval: 1s
                    segmentDuration: 3s
                    cameras:
                      - {name: front, url: "%s"}
                      - {name: back, url: "%s", audio: true}
                    """.formatted(storage, port, gst.url("h264"), gst.url("h264-audio")));
            long killedAtMicros;
            try (VigilProcess first = VigilProcess.start(tmp.resolve("first.log"), port, "run", "--config", config.toString())) {
                first.awaitHealthy();
                awaitSegments(storage.resolve("front"), 2);
                awaitSegments(storage.resolve("back"), 2);
                killedAtMicros = System.currentTimeMillis() * 1000;
                first.kill();
            }
            try (VigilProcess second = VigilProcess.start(tmp.resolve("second.log"), port, "run", "--config", config.toString())) {
                second.awaitHealthy();
                assertThat(Files.readString(tmp.resolve("second.log"))).contains("recovery: ").contains("left open closed");
                assertThat(second.terminate()).isZero();
            }
            assertEveryTrackChecksCleanAndDecodes(tracks(storage));
            try (Catalog catalog = Catalog.open("jdbc:sqlite:" + storage.resolve("catalog.db"))) {
                for (String camera : List.of("front", "back")) {
                    // The segment open at the kill is recovered, or, if the kill came before its first
                    // flush, removed as empty; either way what was lost is bounded by the flush interval
                    // (1 s), plus one frame and the time a flush takes.
                    long lastRecorded = catalog.extent(camera).orElseThrow()[1];
                    assertThat(killedAtMicros - lastRecorded).as(camera + ": footage lost to the kill, µs").isLessThanOrEqualTo(1_500_000);
                    assertThat(catalog.allSegments()).filteredOn(r -> r.camera().equals(camera))
                            .allMatch(r -> r.state() == SegmentState.CLOSED || r.state() == SegmentState.RECOVERED);
                }
            }
        }
    }

    /**
     * A camera that vanishes (its server gone, port closed) and comes back on the same address
     * records again within 5 s of its return, however long it was away.
     */
    @Test
    void aCameraThatVanishesAndComesBackRecordsAgainWithinFiveSeconds() throws Exception {
        int cameraPort = VigilProcess.freePort();
        int port = VigilProcess.freePort();
        Path storage = tmp.resolve("archive");
        Path config = Files.writeString(tmp.resolve("vigil.yaml"), """
                storageRoot: %s
                httpBind: 127.0.0.1:%d
                cameras:
                  - {name: door, url: "rtsp://127.0.0.1:%d/h264", stallTimeout: 3s}
                """.formatted(storage, port, cameraPort));
        GstRtspServer camera = GstRtspServer.start("--port", Integer.toString(cameraPort));
        try (VigilProcess vigil = VigilProcess.start(tmp.resolve("vanish.log"), port, "run", "--config", config.toString())) {
            vigil.awaitHealthy();
            camera.close(); // gone: connections dropped, the port refuses
            vigil.awaitStatus(503); // stalled after its 3 s stall timeout
            Thread.sleep(20_000); // away long enough for any backoff to have grown
            camera = GstRtspServer.start("--port", Integer.toString(cameraPort));
            long back = System.nanoTime();
            vigil.awaitHealthy();
            long seconds = (System.nanoTime() - back) / 1_000_000_000L;
            assertThat(seconds).as("seconds from the camera's return to recording again").isLessThanOrEqualTo(5);
            assertThat(vigil.terminate()).isZero();
        } finally {
            camera.close();
        }
        assertEveryTrackChecksCleanAndDecodes(tracks(storage));
        try (Catalog catalog = Catalog.open("jdbc:sqlite:" + storage.resolve("catalog.db"))) {
            assertThat(catalog.recordings("door", 0, Long.MAX_VALUE).runs()).as("two runs, the outage a gap between them").hasSize(2);
        }
    }

    /** Retention by age in the running daemon: what is older than maxAge goes, with its files; the rest stays. */
    @Test
    void retentionDeletesTheRightSegments() throws Exception {
        Path storage = tmp.resolve("archive");
        Path cam = Files.createDirectories(storage.resolve("yard"));
        long now = System.currentTimeMillis() * 1000;
        long day = 86_400_000_000L;
        dev.vigil.storage.rf1.TrackFiles old = DaemonTest.segmentAt(cam, now - 3 * day);
        dev.vigil.storage.rf1.TrackFiles older = DaemonTest.segmentAt(cam, now - 2 * day);
        dev.vigil.storage.rf1.TrackFiles young = DaemonTest.segmentAt(cam, now - day / 2);
        try (GstRtspServer gst = GstRtspServer.start()) {
            int port = VigilProcess.freePort();
            Path config = Files.writeString(tmp.resolve("vigil.yaml"), """
                    storageRoot: %s
                    httpBind: 127.0.0.1:%d
                    retention: {maxAge: 1d, minFreeDisk: 1MiB}
                    cameras:
                      - {name: yard, url: "%s"}
                    """.formatted(storage, port, gst.url("h264")));
            Path log = tmp.resolve("retention.log");
            try (VigilProcess vigil = VigilProcess.start(log, port, "run", "--config", config.toString())) {
                vigil.awaitHealthy();
                FullDiskIT.awaitLog(log, "retention deleted 2 segments");
                assertThat(vigil.terminate()).isZero();
            }
        }
        assertThat(Files.exists(old.index())).isFalse();
        assertThat(Files.exists(older.packets())).isFalse();
        assertThat(Files.exists(young.index())).isTrue();
        try (Catalog catalog = Catalog.open("jdbc:sqlite:" + storage.resolve("catalog.db"))) {
            assertThat(catalog.allSegments()).noneMatch(r -> r.startMicros() < now - day);
            assertThat(catalog.allSegments()).anyMatch(r -> r.startMicros() == now - day / 2);
        }
        // What the daemon recorded must decode; the kept segment made by hand holds no real video.
        Files.delete(young.index());
        Files.delete(young.packets());
        assertEveryTrackChecksCleanAndDecodes(tracks(storage));
    }

    /** The API is wired into the running daemon: the camera is listed, its recording plays as MP4 and live HLS. */
    static void assertPlaybackApiServes(int port, String camera) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port + "/api/cameras";
        java.net.http.HttpResponse<String> cameras = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(cameras.statusCode()).isEqualTo(200);
        assertThat(cameras.body()).contains("\"name\":\"" + camera + "\"").contains("\"codec\":\"h264\"").contains("\"state\":\"recording\"");
        com.fasterxml.jackson.databind.JsonNode cam = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cameras.body()).get("cameras").get(0);
        long first = cam.get("firstRecordedMs").asLong();
        java.net.http.HttpResponse<byte[]> mp4 = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                base + "/" + camera + "/view.mp4?start=" + first + "&end=" + (first + 3000))).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(mp4.statusCode()).isEqualTo(200);
        assertThat(mp4.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(new String(mp4.body(), 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("ftyp");
        java.net.http.HttpResponse<String> live = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                base + "/" + camera + "/live.m3u8")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
        assertThat(live.body()).startsWith("#EXTM3U\n").contains("#EXTINF:").doesNotContain("#EXT-X-ENDLIST");
    }

    static void awaitSegments(Path cameraDir, int closedAtLeast) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(cameraDir)) {
                try (Stream<Path> files = Files.list(cameraDir)) {
                    if (files.filter(p -> p.toString().endsWith("_video.rf1i")).count() >= closedAtLeast + 1) return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + closedAtLeast + " segments rolled in " + cameraDir);
    }

    static List<Path> tracks(Path storage) throws Exception {
        try (Stream<Path> files = Files.walk(storage)) {
            return files.filter(p -> p.toString().endsWith(".rf1i")).sorted().toList();
        }
    }

    static void assertEveryTrackChecksCleanAndDecodes(List<Path> tracks) throws Exception {
        assertThat(tracks).isNotEmpty();
        String ffprobe = ExternalTools.require("ffprobe", "ffmpeg");
        for (Path index : tracks) {
            assertThat(TrackCheck.check(index)).as(index.toString()).isEmpty();
            if (!index.toString().endsWith("_video.rf1i")) continue;
            long pictures;
            try (TrackReader r = TrackReader.open(index)) {
                pictures = r.entryCount() == 0 ? 0 : countPictures(r);
            }
            Path packets = Path.of(index.toString().replace(".rf1i", ".rf1p"));
            Process p = new ProcessBuilder(ffprobe, "-v", "error", "-f", "h264", "-count_frames", "-show_entries", "stream=nb_read_frames",
                    "-of", "csv=p=0", packets.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(out).as("ffprobe on " + packets).matches("\\d+");
            assertThat(Long.parseLong(out)).as("pictures ffprobe decoded from " + packets).isEqualTo(pictures);
        }
    }

    /** Access units with a picture: distinct pts among key-frame and plain slice entries. */
    static long countPictures(TrackReader r) {
        long n = 0;
        int last = -1;
        for (int i = 0; i < r.entryCount(); i++) {
            if ((r.flags(i) & 2) != 0) continue;
            if (r.pts(i) != last || n == 0) n++;
            last = r.pts(i);
        }
        return n;
    }
}
