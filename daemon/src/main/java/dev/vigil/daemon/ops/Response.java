package dev.vigil.daemon.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a route answers: a whole body in memory (metrics, health, JSON), or a {@link Body} the
 * server pulls from piece by piece (playback files, which must never be held whole).
 *
 * @param headers extra headers; Content-Type and Content-Length are set from the other fields
 * @param stream  null for an in-memory body; else the body, and {@code body} is empty
 */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers, Body stream) {
    /**
     * A body of known length produced on demand. The server asks for consecutive pieces, on a
     * handler thread, as the connection can take them; {@code write} may block on disk reads.
     */
    public interface Body {
        long length();

        /** Writes bytes {@code [from, to)} of this body, all of them. */
        void write(long from, long to, WritableByteChannel out) throws IOException;
    }

    static final String JSON = "application/json; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public Response {
        headers = Map.copyOf(headers);
    }

    public Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null);
    }

    /** A streamed body; {@code stream.length()} is sent as the Content-Length. */
    public static Response stream(int status, String contentType, Body stream) {
        return new Response(status, contentType, new byte[0], Map.of(), stream);
    }

    /** The Content-Length of this response. */
    public long length() {
        return stream == null ? body.length : stream.length();
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
        return new Response(status, contentType, body, more, stream);
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
