package dev.vigil.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective config as YAML in the file's own vocabulary, every default spelled out and every
 * secret masked. Written so that {@link ConfigLoader} reads it back to an equal config whenever
 * no inline secret had to be masked.
 */
final class ConfigRenderer {

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private ConfigRenderer() {}

    static String render(VigilConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("storageRoot", config.storageRoot().toString());
        root.put("catalog", Redactor.maskUrl(config.catalogUrl()));
        root.put("httpBind", config.httpBind().toString());
        root.put("flushInterval", Durations.format(config.flushInterval()));
        root.put("segmentDuration", Durations.format(config.segmentDuration()));

        RetentionConfig r = config.retention();
        Map<String, Object> retention = new LinkedHashMap<>();
        // null is written as "null", which the loader reads as "not set": no limit.
        retention.put("maxAge", r.maxAge().map(Durations::format).orElse(null));
        retention.put("maxBytesPerCamera", r.maxBytesPerCamera().map(DataSize::toString).orElse(null));
        retention.put("maxBytesTotal", r.maxBytesTotal().map(DataSize::toString).orElse(null));
        retention.put("minFreeDisk", r.minFreeDisk().toString());
        root.put("retention", retention);

        List<Object> cameras = new ArrayList<>();
        for (CameraConfig c : config.cameras()) {
            Map<String, Object> camera = new LinkedHashMap<>();
            camera.put("name", c.name());
            camera.put("url", Redactor.maskUrl(c.url().toString()));
            // No credentials: no keys, rather than a "password: null" that reads like a bug.
            c.user().ifPresent(user -> camera.put("user", user));
            c.password().ifPresent(password -> camera.put("password", secret(password)));
            camera.put("transport", c.transport().yamlName());
            camera.put("audio", c.audio());
            camera.put("enabled", c.enabled());
            camera.put("stallTimeout", Durations.format(c.stallTimeout()));
            cameras.add(camera);
        }
        root.put("cameras", cameras);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a map of strings as YAML", e);
        }
    }

    private static Object secret(Secret secret) {
        if (secret instanceof Secret.FromFile f) {
            return Map.of("file", f.path().toString());
        } else if (secret instanceof Secret.FromEnv e) {
            return Map.of("env", e.variable());
        }
        return Secret.MASK;
    }
}
