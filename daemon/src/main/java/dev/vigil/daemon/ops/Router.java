package dev.vigil.daemon.ops;

import dev.vigil.config.Redactor;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps request paths to routes by prefix: {@code /api/cameras} serves {@code /api/cameras} and
 * {@code /api/cameras/front/segments}, not {@code /api/camerasx}; the longest prefix wins.
 * Only {@code GET} (and {@code HEAD}, answered as GET without the body) exist for now: another
 * method on a known path is a 405 naming the allowed ones, an unknown path a 404, both in JSON.
 * Other packages add their routes before the server starts; adding later is safe too.
 */
public final class Router {
    private static final Logger log = LoggerFactory.getLogger(Router.class);
    static final String ALLOWED = "GET, HEAD";

    /** @param prefix without a trailing slash, except the root's */
    private record Entry(String prefix, Route route) {
        boolean matches(String path) {
            return prefix.equals("/") || path.equals(prefix) || path.startsWith(prefix + "/");
        }
    }

    private final List<Entry> routes = new CopyOnWriteArrayList<>();

    /** Serves {@code GET prefix...} with {@code route}. */
    public Router get(String prefix, Route route) {
        if (!prefix.startsWith("/")) throw new IllegalArgumentException("a route prefix starts with '/': " + prefix);
        String normalized = prefix.length() > 1 && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (routes.stream().anyMatch(e -> e.prefix.equals(normalized))) {
            throw new IllegalArgumentException("the path " + prefix + " has a route already");
        }
        routes.add(new Entry(normalized, route));
        routes.sort(Comparator.comparingInt((Entry e) -> e.prefix.length()).reversed());
        return this;
    }

    /** The response to {@code request}; never throws. */
    Response route(Request request) {
        Entry entry = routes.stream().filter(e -> e.matches(request.path())).findFirst().orElse(null);
        if (entry == null) return Response.error(404, "no such path: " + request.path());
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Response.error(405, "method " + request.method() + " is not allowed on " + request.path() + "; use " + ALLOWED)
                    .withHeader("Allow", ALLOWED);
        }
        try {
            return entry.route.handle(request);
        } catch (Exception e) {
            // Masked: exception messages can carry camera URLs. The stack trace is for debugging.
            log.error("GET {} failed: {}", request.path(), Redactor.maskUrl(e.toString()));
            log.debug("GET {} failed", request.path(), e);
            return Response.error(500, "internal error; the daemon's log has the details");
        }
    }
}
