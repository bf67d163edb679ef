package dev.vigil.daemon.api;

import static dev.vigil.daemon.api.TestArchive.SECOND;
import static dev.vigil.daemon.api.TestArchive.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.daemon.Main;
import dev.vigil.daemon.ops.HttpServer;
import dev.vigil.daemon.ops.Router;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil export} against the same archive the HTTP API serves. */
class ExportCommandTest {
    @TempDir
    static Path tmp;
    static Path config;
    static TestArchive archive;
    static HttpServer server;
    StringWriter out;
    StringWriter err;

    @BeforeAll
    static void record() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("archive"));
        archive = new TestArchive(root);
        archive.run("front", T0, 20, Duration.ofSeconds(10));
        archive.run("front", T0 + 30 * SECOND, 10, Duration.ofSeconds(10));
        config = Files.writeString(tmp.resolve("vigil.yaml"), "storageRoot: " + root + "\n");
        server = HttpServer.start("127.0.0.1", 0, ApiRoutes.register(new Router(), new Archive(root, archive.catalog, Cameras.of(List.of())), Clock.systemUTC()));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (archive != null) archive.close();
    }

    int export(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(Stream.concat(Stream.of("export", "--config", config.toString()), Stream.of(args)).toArray(String[]::new));
    }

    byte[] http(String query) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/api/cameras/front/view.mp4?" + query)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void writesTheSameBytesAsTheHttpEndpoint() throws Exception {
        Path file = tmp.resolve("out.mp4");
        int rc = export("--camera", "front", "--start", "2026-11-21T08:00:03Z", "--end", "2026-11-21T09:00:15+01:00", "-o", file.toString());
        assertThat(rc).as(err.toString()).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(http("start=1795248003000&end=1795248015000"));
        assertThat(out.toString()).startsWith("wrote " + file + ": ").contains("2026-11-21T08:00:03Z to 2026-11-21T08:00:15Z of camera front")
                .doesNotContain("next run");
        assertThat(err.toString()).isEmpty();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.filter(p -> p.getFileName().toString().endsWith(".part"))).isEmpty();
        }
    }

    @Test
    void saysWhereTheNextRunStartsWhenItStopsAtAGapAndJoinGoesOn() throws Exception {
        Path file = tmp.resolve("gap.mp4");
        assertThat(export("--camera", "front", "--start", "1795248015000", "--end", "1795248035000", "-o", file.toString())).isZero();
        assertThat(out.toString()).contains("to 2026-11-21T08:00:20Z").contains("the recording has a gap at 2026-11-21T08:00:20Z;"
                + " the next run starts at 2026-11-21T08:00:30Z (--join goes on across gaps)");
        assertThat(Files.readAllBytes(file)).isEqualTo(http("start=1795248015000&end=1795248035000"));
        assertThat(export("--camera", "front", "--start", "1795248015000", "--end", "1795248035000", "--join", "-o", file.toString())).isZero();
        assertThat(out.toString()).contains("to 2026-11-21T08:00:35Z").doesNotContain("next run");
        assertThat(Files.readAllBytes(file)).isEqualTo(http("start=1795248015000&end=1795248035000&join=1"));
    }

    @Test
    void badInputsExitNonZeroWithOneLine() {
        Path file = tmp.resolve("bad.mp4");
        assertOneLine(export("--camera", "back", "--start", "1795248000000", "--end", "1795248001000", "-o", file.toString()), 1,
                "vigil export: no camera 'back'; cameras: front");
        assertOneLine(export("--camera", "../front", "--start", "1795248000000", "--end", "1795248001000", "-o", file.toString()), 2,
                "vigil export: camera name '../front' is not valid");
        assertOneLine(export("--camera", "front", "--start", "1795249000000", "--end", "1795249001000", "-o", file.toString()), 1,
                "vigil export: no recording of camera 'front' between 2026-11-21T08:16:40Z and 2026-11-21T08:16:41Z; its recordings end at 2026-11-21T08:00:40Z");
        assertOneLine(export("--camera", "front", "--start", "8am", "--end", "1795248001000", "-o", file.toString()), 2,
                "vigil export: --start is not a time: '8am'; give an ISO-8601 time");
        assertOneLine(export("--camera", "front", "--start", "1795248001000", "--end", "1795248000000", "-o", file.toString()), 2,
                "vigil export: --end (2026-11-21T08:00:00Z) must be after --start");
        assertThat(Files.exists(file)).isFalse();
    }

    private void assertOneLine(int rc, int expected, String startOfLine) {
        assertThat(rc).as(err.toString()).isEqualTo(expected);
        assertThat(err.toString().lines().toList()).hasSize(1);
        assertThat(err.toString()).startsWith(startOfLine);
        assertThat(out.toString()).isEmpty();
    }
}
