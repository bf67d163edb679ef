package dev.vigil.daemon.api;

import dev.vigil.daemon.ops.Request;
import dev.vigil.daemon.ops.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The web UI's files, from the classpath's {@code web/}: {@code /} is {@code web/index.html},
 * {@code /static/<name>} is {@code web/<name>}. Only plain names with a known extension: no
 * directories, so no path can leave {@code web/}.
 */
final class StaticRoutes {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json; charset=utf-8",
            "ico", "image/x-icon");

    private StaticRoutes() {}

    static Response index(Request request) throws IOException {
        if (!request.path().equals("/") && !request.path().equals("/index.html")) {
            return Response.error(404, "no such path: " + CameraNames.quote(request.path()));
        }
        return serve("index.html");
    }

    static Response file(Request request) throws IOException {
        String name = request.path().substring("/static".length());
        name = name.startsWith("/") ? name.substring(1) : name;
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            return Response.error(404, "no such file: " + CameraNames.quote(name) + " (only plain file names under /static/)");
        }
        return serve(name);
    }

    private static Response serve(String name) throws IOException {
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
        if (type == null) return Response.error(404, "no such file: " + CameraNames.quote(name));
        try (InputStream in = StaticRoutes.class.getClassLoader().getResourceAsStream("web/" + name)) {
            if (in == null) return Response.error(404, "no such file: " + CameraNames.quote(name));
            return new Response(200, type, in.readAllBytes(), Map.of());
        }
    }
}
