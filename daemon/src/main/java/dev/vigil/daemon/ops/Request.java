package dev.vigil.daemon.ops;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as routes see it: no Netty types, so routes are plain functions to test.
 *
 * @param method  upper case, e.g. {@code GET}
 * @param path    decoded, always starting with {@code /}
 * @param query   decoded query parameters, in order
 * @param headers header names in lower case
 */
public record Request(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers) {
    public Request {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    /** The first value of query parameter {@code name}. */
    public Optional<String> param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The first value of header {@code name} (any case). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
