package dev.vigil.daemon.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a route answers: a whole body in memory (metrics and health are small; streaming routes,
 * such as playback, will need a variant of their own).
 *
 * @param headers extra headers; Content-Type and Content-Length are set from the other fields
 */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public Response {
        headers = Map.copyOf(headers);
    }

    public static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** {@code value} (a Jackson tree, a map, a record...) as JSON. */
    public static Response json(int status, Object value) {
        try {
            return new Response(status, JSON, MAPPER.writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
        }
    }

    /** {@code {"error": message}}; the message is for the client: no paths, no secrets. */
    public static Response error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    public Response withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, body, more);
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
