package dev.vigil.storage.retention;

import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.catalog.CatalogException;
import dev.vigil.storage.catalog.SegmentRecord;
import dev.vigil.storage.catalog.SegmentState;
import dev.vigil.storage.rf1.TrackFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Deletes the oldest segments while any limit of the {@link RetentionPolicy} is passed: age, bytes
 * per camera, total bytes, free disk. A segment being written is never deleted.
 *
 * <p>Deletion is crash-safe: the row is marked {@code deleting}, the files are unlinked, then the
 * row is deleted. A crash in between leaves a {@code deleting} row, which startup recovery finishes;
 * nothing is leaked and nothing is half-deleted without the catalog knowing.
 */
public final class Retention {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Retention.class);
    /** Rows fetched per look at the oldest segments. */
    private static final int BATCH = 64;

    private final Path root;
    private final Catalog catalog;
    private final RetentionPolicy policy;
    private final Clock clock;
    private final LongSupplier freeBytes;

    /** What one pass deleted. */
    public record Result(int segments, long bytes) {}

    public Retention(Path root, Catalog catalog, RetentionPolicy policy, Clock clock, LongSupplier freeBytes) {
        this.root = root;
        this.catalog = catalog;
        this.policy = policy;
        this.clock = clock;
        this.freeBytes = freeBytes;
    }

    /** One pass over every limit; returns what it deleted. */
    public Result run() throws IOException {
        int[] segments = {0};
        long[] bytes = {0};
        Deleter delete = s -> {
            delete(s);
            segments[0]++;
            bytes[0] += heldBytes(s);
        };
        if (!policy.maxAge().isZero()) {
            long cutoff = clock.millis() * 1000 - policy.maxAge().toNanos() / 1000;
            deleteOldestWhile(null, s -> s.endMicros() <= cutoff, delete);
        }
        if (policy.maxBytesPerCamera() > 0) {
            for (Map.Entry<String, Long> e : catalog.bytesByCamera().entrySet()) {
                long[] held = {e.getValue()};
                deleteOldestWhile(e.getKey(), s -> held[0] > policy.maxBytesPerCamera(), s -> {
                    delete.accept(s);
                    held[0] -= heldBytes(s);
                });
            }
        }
        if (policy.maxTotalBytes() > 0) {
            long[] held = {catalog.bytesByCamera().values().stream().mapToLong(Long::longValue).sum()};
            deleteOldestWhile(null, s -> held[0] > policy.maxTotalBytes(), s -> {
                delete.accept(s);
                held[0] -= heldBytes(s);
            });
        }
        if (policy.minFreeBytes() > 0) {
            deleteOldestWhile(null, s -> freeBytes.getAsLong() < policy.minFreeBytes(), delete);
        }
        return new Result(segments[0], bytes[0]);
    }

    /** Bytes a row counts for in {@link Catalog#bytesByCamera()}: a missing segment holds none. */
    private static long heldBytes(SegmentRecord s) {
        return s.state() == SegmentState.MISSING ? 0 : s.bytes();
    }

    private interface Deleter {
        void accept(SegmentRecord s) throws IOException;
    }

    /** Deletes the oldest segments (of {@code camera}, or all) while {@code condition} holds for the next one. */
    private void deleteOldestWhile(String camera, Predicate<SegmentRecord> condition, Deleter deleter) throws IOException {
        while (true) {
            List<SegmentRecord> oldest = catalog.oldest(camera, BATCH);
            boolean progressed = false;
            for (SegmentRecord s : oldest) {
                if (s.state() == SegmentState.OPEN) continue;
                if (!condition.test(s)) return;
                deleter.accept(s);
                progressed = true;
            }
            if (!progressed) return;
        }
    }

    /**
     * Mark, unlink, forget: the crash-safe order. On a full disk the catalog may be unable to record
     * the mark; the files go anyway, since that is how space comes back, and a row whose files are
     * gone is what startup recovery and the next pass already handle. If the row cannot be deleted
     * either, the pass ends there and the next one finishes it.
     */
    void delete(SegmentRecord s) throws IOException {
        try {
            catalog.setState(s.id(), SegmentState.DELETING);
        } catch (CatalogException full) {
            log.warn("cannot mark segment {}/{} deleting ({}); deleting its files first", s.camera(), s.base(), full.getMessage());
        }
        Path dir = root.resolve(s.camera());
        for (String track : s.tracks()) {
            TrackFiles f = TrackFiles.of(dir, s.base(), track);
            Files.deleteIfExists(f.index());
            Files.deleteIfExists(f.packets());
        }
        catalog.delete(s.id());
    }
}
