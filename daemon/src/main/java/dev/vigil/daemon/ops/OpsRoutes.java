package dev.vigil.daemon.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code GET /metrics} and {@code GET /healthz}. */
public final class OpsRoutes {
    /** What Prometheus expects of the text format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private OpsRoutes() {}

    /** A router serving the two; other packages add theirs to it. */
    public static Router router(VigilMetrics metrics, HealthSource health) {
        return new Router().get("/metrics", metrics(metrics)).get("/healthz", health(health));
    }

    static Route metrics(VigilMetrics metrics) {
        return request -> Response.text(200, PROMETHEUS_TEXT, metrics.scrape());
    }

    /**
     * 200 when every enabled camera recorded within its stall timeout (so with no camera too: the
     * daemon is doing all it was asked), else 503, which load balancers and {@code curl -f} treat
     * as a failure. The body is the same either way.
     */
    static Route health(HealthSource source) {
        return request -> {
            List<CameraHealth> cameras = source.cameras();
            boolean healthy = cameras.stream().allMatch(CameraHealth::healthy);
            ObjectNode body = Response.mapper().createObjectNode();
            body.put("status", healthy ? "ok" : "failing");
            ArrayNode list = body.putArray("cameras");
            for (CameraHealth c : cameras) {
                ObjectNode o = list.addObject();
                o.put("name", c.name());
                o.put("enabled", c.enabled());
                o.put("state", c.state().json());
                o.put("healthy", c.healthy());
                if (c.secondsSinceLastFrame().isPresent()) o.put("secondsSinceLastFrame", c.secondsSinceLastFrame().getAsDouble());
                else o.putNull("secondsSinceLastFrame");
                o.put("stallTimeoutSeconds", c.stallTimeout().toNanos() / 1e9);
                if (c.lastError().isPresent()) o.put("lastError", c.lastError().get());
                else o.putNull("lastError");
            }
            return Response.json(healthy ? 200 : 503, body);
        };
    }
}
