package dev.vigil.daemon.ops;

import dev.vigil.storage.catalog.Catalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Where the storage metrics are read from. {@code bytesByCamera} and {@code segments} query the
 * catalog, so {@link VigilMetrics} calls them from its sampler, never from a scrape: a scrape runs
 * on the HTTP server and must not wait on the database.
 *
 * @param bytesByCamera bytes held by each camera's segments
 * @param segments      segments in the catalog
 * @param freeBytes     bytes available to the daemon on the storage root's file system
 */
public record StorageSources(Supplier<Map<String, Long>> bytesByCamera, LongSupplier segments, LongSupplier freeBytes) {

    public StorageSources {
        Objects.requireNonNull(bytesByCamera, "bytesByCamera");
        Objects.requireNonNull(segments, "segments");
        Objects.requireNonNull(freeBytes, "freeBytes");
    }

    /** The catalog's sums and count, and the root's free space. */
    public static StorageSources of(Catalog catalog, Path root) {
        return new StorageSources(catalog::bytesByCamera, catalog::segmentCount, () -> usableSpace(root));
    }

    /** What a non-root process can still write under {@code root}. */
    static long usableSpace(Path root) {
        try {
            return Files.getFileStore(root).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the free space of the storage root " + root + ": " + e.getMessage(), e);
        }
    }
}
