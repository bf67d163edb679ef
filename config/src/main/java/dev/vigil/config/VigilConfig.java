package dev.vigil.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The whole daemon configuration, validated and immutable. Get one from {@link ConfigLoader}.
 *
 * @param storageRoot     absolute directory holding the recordings; default {@code /var/lib/vigil}
 * @param catalogUrl      JDBC URL of the catalog; default {@code jdbc:sqlite:<storageRoot>/catalog.db}
 * @param httpBind        where the HTTP server listens; default {@code 127.0.0.1:8080}
 * @param flushInterval   how often written media is flushed to disk; default 1 s
 * @param segmentDuration a segment is rolled after at most this long; default 1000 s, at most 1023 s
 * @param retention       when recordings are deleted
 * @param cameras         possibly empty (then the daemon records nothing and says so)
 */
public record VigilConfig(Path storageRoot, String catalogUrl, HttpBind httpBind,
        Duration flushInterval, Duration segmentDuration, RetentionConfig retention,
        List<CameraConfig> cameras) {

    /** The systemd {@code StateDirectory=vigil}. */
    public static final Path DEFAULT_STORAGE_ROOT = Path.of("/var/lib/vigil");
    public static final String DEFAULT_CATALOG_FILE = "catalog.db";
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SEGMENT_DURATION = Duration.ofSeconds(1000);
    public static final Duration MAX_SEGMENT_DURATION = Rules.MAX_SEGMENT_DURATION;

    public VigilConfig {
        Objects.requireNonNull(storageRoot, "storageRoot");
        Objects.requireNonNull(catalogUrl, "catalogUrl");
        Objects.requireNonNull(httpBind, "httpBind");
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(segmentDuration, "segmentDuration");
        Objects.requireNonNull(retention, "retention");
        cameras = List.copyOf(cameras);
        if (!storageRoot.isAbsolute()) {
            throw new IllegalArgumentException("storageRoot: '" + storageRoot + "' must be absolute");
        }
        if (!catalogUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("catalogUrl: '" + Redactor.maskUrl(catalogUrl)
                    + "' is not a JDBC URL");
        }
        Rules.check("flushInterval", Rules.positive(flushInterval));
        Rules.check("segmentDuration", Rules.segmentDuration(segmentDuration));
        Set<String> names = new HashSet<>();
        for (CameraConfig camera : cameras) {
            if (!names.add(camera.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("cameras: the name '" + camera.name()
                        + "' is used twice (names are compared ignoring case)");
            }
        }
    }

    /** Every default, no cameras: what an empty config file gives. */
    public static VigilConfig defaults() {
        return new VigilConfig(DEFAULT_STORAGE_ROOT, defaultCatalogUrl(DEFAULT_STORAGE_ROOT),
                HttpBind.DEFAULT, DEFAULT_FLUSH_INTERVAL, DEFAULT_SEGMENT_DURATION,
                RetentionConfig.DEFAULT, List.of());
    }

    /** {@code jdbc:sqlite:<root>/catalog.db} */
    public static String defaultCatalogUrl(Path storageRoot) {
        return "jdbc:sqlite:" + storageRoot.resolve(DEFAULT_CATALOG_FILE);
    }

    /** The cameras to record. */
    public List<CameraConfig> enabledCameras() {
        return cameras.stream().filter(CameraConfig::enabled).toList();
    }

    /**
     * The effective configuration as YAML, every default spelled out, for {@code check-config}.
     * Inline passwords and URL credentials are printed as {@code ***}; file and environment
     * secrets are printed as their path or variable name, so such a config loads back equal.
     */
    public String toMaskedYaml() {
        return ConfigRenderer.render(this);
    }

    @Override
    public String toString() {
        return "VigilConfig[storageRoot=" + storageRoot + ", catalogUrl=" + Redactor.maskUrl(catalogUrl)
                + ", httpBind=" + httpBind + ", flushInterval=" + flushInterval + ", segmentDuration="
                + segmentDuration + ", retention=" + retention + ", cameras=" + cameras + "]";
    }
}
