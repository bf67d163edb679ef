package dev.vigil.daemon;

import dev.vigil.daemon.record.BatchingExecutor;
import dev.vigil.daemon.record.CameraRecorder;
import dev.vigil.storage.rf1.FileSystemSync;
import dev.vigil.storage.segment.SegmentInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flush tick's work: makes what every camera wrote durable, and says which segment each is
 * writing as of then.
 *
 * <p>All cameras together, in the order each track needs (packet bytes, a sync, the index entries
 * that point at them, a sync), with one {@code syncfs} per file system for all cameras instead of
 * two {@code fdatasync}s per track ({@link FileSystemSync}; BENCHMARKS.md, session 11). A failed
 * sync does not say which file failed: the cameras then flush their own files, which does, and a
 * camera whose disk failed closes its segment as after any failed flush. Where the file systems
 * cannot be synced as a whole (not Linux), or with {@code -Dvigil.groupFlush=false}, each camera
 * always flushes its own files.
 *
 * <p>Each step is handed to the I/O threads at once rather than with the next batch of frames:
 * all cameras wait on each half together, and a batch period (100 ms) twice over was most of a
 * group flush's time.
 *
 * <p>One thread (the daemon's ticks) calls {@link #flush()}.
 */
final class Flushes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Flushes.class);
    private static final boolean GROUP_FLUSH = Boolean.parseBoolean(System.getProperty("vigil.groupFlush", "true"));

    /** Makes everything written to the storage's file systems durable. */
    interface StorageSync {
        void sync() throws IOException;
    }

    private final Map<String, CameraRecorder> recorders;
    private final BatchingExecutor batches;
    private final LongSupplier nanoTime;
    private final Optional<FileSystemSync> fileSystems;
    /** What the group flush syncs with: {@link #fileSystems}'s, or a test's; null: each camera its own. */
    private volatile StorageSync sync;
    /** The last sync of the file systems failed (said once until one works again). */
    private boolean failing;

    private Flushes(Map<String, CameraRecorder> recorders, BatchingExecutor batches, LongSupplier nanoTime, Optional<FileSystemSync> fileSystems) {
        this.recorders = recorders;
        this.batches = batches;
        this.nanoTime = nanoTime;
        this.fileSystems = fileSystems;
        this.sync = fileSystems.<StorageSync>map(f -> f::sync).orElse(null);
    }

    /**
     * Flushes for {@code recorders} (by camera), whose frames go to the I/O threads through
     * {@code batches}, and whose directories, existing by now, are {@code dirs}.
     */
    static Flushes of(Map<String, CameraRecorder> recorders, BatchingExecutor batches, LongSupplier nanoTime, Collection<Path> dirs) {
        Optional<FileSystemSync> fileSystems = Optional.empty();
        if (GROUP_FLUSH) {
            try {
                fileSystems = FileSystemSync.forDirectories(dirs);
            } catch (IOException | RuntimeException e) {
                log.warn("{}; each camera syncs its own files instead", e.getMessage());
            }
        }
        return new Flushes(recorders, batches, nanoTime, fileSystems);
    }

    /** For tests: the group flush syncs with {@code sync} from now on (null: each camera syncs its own files). */
    void syncWith(StorageSync sync) {
        this.sync = sync;
    }

    /** Makes what every camera wrote durable; returns the segment each is writing (null: none), by camera. */
    Map<String, SegmentInfo> flush() {
        StorageSync s = sync;
        return s != null ? flushTogether(s) : flushEach();
    }

    private Map<String, SegmentInfo> flushEach() {
        Map<String, CompletableFuture<SegmentInfo>> flushes = new LinkedHashMap<>();
        recorders.forEach((name, r) -> flushes.put(name, r.flush()));
        batches.release();
        return joined(flushes);
    }

    private Map<String, SegmentInfo> flushTogether(StorageSync fs) {
        long started = nanoTime.getAsLong();
        List<CompletableFuture<Boolean>> written = new ArrayList<>();
        recorders.values().forEach(r -> written.add(r.writeOut()));
        batches.release();
        written.forEach(CompletableFuture::join);
        if (!synced(fs)) return flushEach();
        Map<String, CompletableFuture<SegmentInfo>> indexes = new LinkedHashMap<>();
        recorders.forEach((name, r) -> indexes.put(name, r.writeIndex()));
        batches.release();
        Map<String, SegmentInfo> flushed = joined(indexes);
        if (!synced(fs)) return flushEach();
        recorders.values().forEach(r -> r.groupFlushed(started));
        return flushed;
    }

    private static Map<String, SegmentInfo> joined(Map<String, CompletableFuture<SegmentInfo>> futures) {
        Map<String, SegmentInfo> done = new LinkedHashMap<>();
        futures.forEach((name, f) -> done.put(name, f.join()));
        return done;
    }

    private boolean synced(StorageSync fs) {
        try {
            fs.sync();
            if (failing) log.info("syncing the storage's file system works again");
            failing = false;
            return true;
        } catch (IOException e) {
            if (!failing) log.error("{}; each camera syncs its own files instead, to find which failed", e.getMessage());
            failing = true;
            return false;
        }
    }

    /** Once no flush runs any more. */
    @Override
    public void close() {
        fileSystems.ifPresent(FileSystemSync::close);
    }
}
