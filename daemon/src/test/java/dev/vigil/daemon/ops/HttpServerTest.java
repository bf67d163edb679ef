package dev.vigil.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server on a real ephemeral port, spoken to by the JDK's HTTP client. */
class HttpServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong clock = new AtomicLong();
    private final VigilMetrics metrics = new VigilMetrics(clock::get);
    private final AtomicReference<List<CameraHealth>> cameras = new AtomicReference<>(List.of());
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        Router router = OpsRoutes.router(metrics, cameras::get)
                .get("/boom", r -> {
                    throw new IllegalStateException("cannot open rtsp://admin:hunter2@cam/live");
                })
                .get("/echo/", r -> Response.json(200, java.util.Map.of("path", r.path(), "q", r.param("q").orElse(""))));
        server = HttpServer.start("127.0.0.1", 0, router);
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        return client.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path);
    }

    private static CameraHealth camera(String name, boolean enabled, CameraState state, Double age, String error) {
        return new CameraHealth(name, enabled, state, age == null ? OptionalDouble.empty() : OptionalDouble.of(age),
                Optional.ofNullable(error), Duration.ofSeconds(10));
    }

    @Test
    void bindsAnEphemeralPort() {
        assertThat(server.port()).isPositive();
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void metricsAreServedAsPrometheusText() throws Exception {
        metrics.addCamera("front", new VigilMetricsTest.FakeCamera().sources());
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).contains("# TYPE vigil_camera_frames_total counter", "vigil_camera_frames_total{camera=\"front\"} 0.0");
    }

    @Test
    void healthIs200WhenEveryEnabledCameraRecordedWithinItsStallTimeout() throws Exception {
        cameras.set(List.of(camera("front", true, CameraState.RECORDING, 0.5, null),
                camera("back", false, CameraState.DISABLED, null, null)));
        HttpResponse<String> r = get("/healthz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("application/json; charset=utf-8");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("status").asText()).isEqualTo("ok");
        JsonNode front = body.get("cameras").get(0);
        assertThat(front.get("name").asText()).isEqualTo("front");
        assertThat(front.get("enabled").asBoolean()).isTrue();
        assertThat(front.get("state").asText()).isEqualTo("recording");
        assertThat(front.get("secondsSinceLastFrame").asDouble()).isEqualTo(0.5);
        assertThat(front.get("lastError").isNull()).isTrue();
        JsonNode back = body.get("cameras").get(1);
        assertThat(back.get("state").asText()).isEqualTo("disabled");
        assertThat(back.get("secondsSinceLastFrame").isNull()).isTrue();
    }

    @Test
    void healthIs503WhenAnEnabledCameraIsStalledAndErrorsAreMasked() throws Exception {
        cameras.set(List.of(camera("front", true, CameraState.RECORDING, 1.0, null),
                camera("garage", true, CameraState.STALLED, 10.5, "no frame from rtsp://viewer:s3cret@garage/live for 10s")));
        HttpResponse<String> r = get("/healthz");
        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("status").asText()).isEqualTo("failing");
        JsonNode garage = body.get("cameras").get(1);
        assertThat(garage.get("state").asText()).isEqualTo("stalled");
        assertThat(garage.get("healthy").asBoolean()).isFalse();
        assertThat(garage.get("lastError").asText()).isEqualTo("no frame from rtsp://viewer:***@garage/live for 10s");
        assertThat(r.body()).doesNotContain("s3cret");
    }

    @Test
    void aCameraThatNeverRecordedIsUnhealthy() throws Exception {
        cameras.set(List.of(camera("front", true, CameraState.CONNECTING, null, "connection refused")));
        assertThat(get("/healthz").statusCode()).isEqualTo(503);
    }

    @Test
    void unknownPathsAre404Json() throws Exception {
        for (String path : List.of("/nope", "/metricsx", "/")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("content-type")).contains("application/json; charset=utf-8");
            assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("no such path: " + path);
        }
    }

    @Test
    void otherMethodsAre405WithAllow() throws Exception {
        HttpResponse<String> r = send("POST", "/metrics");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).contains("GET, HEAD");
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains("POST", "/metrics");
        assertThat(send("DELETE", "/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        HttpResponse<String> get = get("/healthz");
        HttpResponse<String> head = send("HEAD", "/healthz");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("content-length")).contains(String.valueOf(get.body().length()));
    }

    @Test
    void routesMatchByPathPrefixAndGetDecodedQueries() throws Exception {
        HttpResponse<String> r = get("/echo/front%20door?q=a%26b");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("path").asText()).isEqualTo("/echo/front door");
        assertThat(body.get("q").asText()).isEqualTo("a&b");
        assertThat(get("/echo").statusCode()).as("prefix /echo/ covers /echo").isEqualTo(200);
    }

    /** What the server answers to {@code request} written as is (java.net.http refuses to send broken requests). */
    private String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aMalformedTargetIs400Json() throws Exception {
        String r = raw("GET /echo/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 400 ").contains("content-type: application/json", "{\"error\":\"malformed request target");
    }

    @Test
    void aMalformedRequestIs400JsonAndTheConnectionCloses() throws Exception {
        String r = raw("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 400 ").contains("{\"error\":\"malformed HTTP request");
    }

    @Test
    void aFailingRouteIs500WithoutDetails() throws Exception {
        HttpResponse<String> r = get("/boom");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("internal error; the daemon's log has the details");
        assertThat(r.body()).doesNotContain("hunter2");
        // The connection and server survive it.
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void aTakenPortFailsWithAnActionableMessage() {
        assertThatThrownBy(() -> HttpServer.start("127.0.0.1", server.port(), new Router()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot listen on 127.0.0.1:" + server.port())
                .hasMessageContaining("httpBind");
    }

    @Test
    void duplicateRoutesAreRejected() {
        assertThatThrownBy(() -> new Router().get("/a", r -> null).get("/a", r -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/a");
    }
}
