package dev.vigil.daemon;

import dev.vigil.config.CameraConfig;
import dev.vigil.config.DataSize;
import dev.vigil.config.RetentionConfig;
import dev.vigil.config.VigilConfig;
import dev.vigil.daemon.record.CameraRecorder;
import dev.vigil.daemon.record.LocalClock;
import dev.vigil.daemon.record.BatchingExecutor;
import dev.vigil.daemon.record.StartGate;
import dev.vigil.daemon.record.WriteBacklog;
import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.recovery.RecoveryReport;
import dev.vigil.storage.recovery.StartupRecovery;
import dev.vigil.storage.retention.Retention;
import dev.vigil.storage.retention.RetentionPolicy;
import dev.vigil.storage.segment.RollPolicy;
import dev.vigil.storage.segment.SegmentInfo;
import dev.vigil.storage.segment.SegmentListener;
import dev.vigil.storage.segment.SegmentWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder daemon: catalog, startup recovery, one recorder per enabled camera, the flush tick
 * the catalog follows, and retention. {@link #start()} returns once every camera is recording (or
 * trying to); {@link #close()} stops the sources, closes every segment cleanly and commits the
 * catalog.
 */
final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    /** Bytes of frames waiting for the disk, per camera, before video is dropped to the next key frame. */
    private static final long MAX_QUEUED_BYTES = 32L << 20;
    /** Retention runs at least this often; see {@link #retentionEvery}. */
    static final Duration RETENTION_EVERY = Duration.ofSeconds(60);
    /** How long frames may wait before the I/O threads take them: few wake-ups, well within a flush interval. */
    private static final long IO_BATCH_MILLIS = 100;
    /** Free space a write error asks for beyond the configured floor: the largest allocation a track makes, and an index. */
    static final long EMERGENCY_HEADROOM = (64L << 20) + (1L << 20);
    static final Duration BURST_COLLECTION_EVERY = Duration.ofMinutes(1);
    /** The ticks thread's own: see {@link #returnBurstMemory}. */
    private boolean burstCollected;
    private long lastBurstCollectionNanos;

    private final VigilConfig config;
    private final CameraSource.Factory sources;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final LocalClock localClock;
    // Concurrent: /healthz reads them while start() fills them in.
    private final Map<String, CameraRecorder> recorders = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, CameraSource> started = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long lastFlushNanos;
    /** Each camera's segment being written, as of the last flush: what playback of a live segment may read. */
    private final Map<String, SegmentInfo> flushedOpen = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile java.util.function.BiConsumer<Integer, Long> retentionListener = (segments, bytes) -> { };
    private Catalog catalog;
    private ExecutorService io;
    private StartGate gate;
    private BatchingExecutor batches;
    private WriteBacklog backlog;
    private final Object retentionLock = new Object();
    private ScheduledExecutorService ticks;
    private Retention retention;
    private Retention emergency;
    private long emergencyFloor;
    private final java.util.concurrent.atomic.AtomicBoolean emergencyPending = new java.util.concurrent.atomic.AtomicBoolean();
    /** Said once until space is found again. */
    private boolean saidNothingToDelete;
    private Flushes flushes;

    Daemon(VigilConfig config, CameraSource.Factory sources, Clock clock, LongSupplier nanoTime) {
        this.config = config;
        this.sources = sources;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.localClock = new LocalClock(clock, nanoTime);
    }

    /**
     * Starts every enabled camera, and meanwhile opens the catalog and recovers the archive; returns
     * what recovery found.
     *
     * <p>The sessions connect first and their frames wait behind a {@link StartGate} until recovery
     * has listed the files and rows it will reconcile: no new segment exists before then, so
     * recovery works only on what the last run left, while the RTSP handshake, the wait for a key
     * frame, and the repairs themselves overlap instead of adding up.
     */
    RecoveryReport start() throws IOException, InterruptedException {
        Path root = Files.createDirectories(config.storageRoot());
        List<CameraConfig> cameras = config.enabledCameras();
        if (cameras.isEmpty()) log.warn("no enabled cameras in the config: recording nothing");
        io = Executors.newFixedThreadPool(Math.max(1, Math.min(4, cameras.size())), daemonThreads("vigil-io"));
        gate = new StartGate(io);
        batches = new BatchingExecutor(gate, IO_BATCH_MILLIS);
        ticks = Executors.newSingleThreadScheduledExecutor(daemonThreads("vigil-tick"));
        Duration segment = config.segmentDuration();
        // What a disk stall may hold in the heap for all cameras together (a quarter of the heap).
        backlog = WriteBacklog.forHeap(Runtime.getRuntime().maxMemory());
        for (int i = 0; i < cameras.size(); i++) {
            CameraConfig camera = cameras.get(i);
            // Spread the cameras' rolls over a segment's length so that they never all roll at once.
            Duration stagger = segment.multipliedBy(i).dividedBy(cameras.size());
            SegmentWriter writer = new SegmentWriter(root.resolve(camera.name()), RollPolicy.of(segment, stagger), toCatalog(camera.name()));
            CameraRecorder recorder = new CameraRecorder(camera.name(), writer, batches, localClock, MAX_QUEUED_BYTES, backlog);
            recorder.onWriteError(this::makeRoom);
            recorders.put(camera.name(), recorder);
        }
        flushes = Flushes.of(recorders, batches, nanoTime, cameras.stream().map(c -> root.resolve(c.name())).toList());
        for (CameraConfig camera : cameras) {
            CameraSource source = sources.create(camera, recorders.get(camera.name()));
            started.put(camera.name(), source);
            source.start();
        }

        catalog = Catalog.open(config.catalogUrl());
        RetentionPolicy policy = retentionPolicy(config.retention());
        retention = new Retention(root, catalog, policy, clock, () -> usableSpace(root));
        emergencyFloor = policy.minFreeBytes() + EMERGENCY_HEADROOM;
        emergency = new Retention(root, catalog, RetentionPolicy.none().withMinFreeBytes(emergencyFloor), clock, () -> usableSpace(root));
        // Recording proper begins once recovery has listed what it will repair; the repairs of a
        // crash's leftovers then run beside it and touch nothing new.
        RecoveryReport report = new StartupRecovery(root, catalog, 4, nanoTime).run(this::beginWriting);
        log.info(report.summary());
        report.problems().forEach(p -> log.error("recovery: cannot read {}; its files are left as they are", p));
        long every = retentionEvery(config.segmentDuration()).toMillis();
        ticks.scheduleWithFixedDelay(this::runRetention, 0, every, TimeUnit.MILLISECONDS);
        return report;
    }

    private void beginWriting() {
        gate.open();
        lastFlushNanos = nanoTime.getAsLong();
        long flushMillis = config.flushInterval().toMillis();
        ticks.scheduleWithFixedDelay(this::flushAll, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        ticks.scheduleWithFixedDelay(this::returnBurstMemory, 5, 5, TimeUnit.SECONDS);
    }

    /**
     * After a burst of frames waiting for the disk has drained, one full collection. Measured at 64
     * cameras: the frames held behind the start gate left 77 MB of dead objects in the old
     * generation, which the serial collector kept for the whole run (BENCHMARKS.md). At most once
     * a minute: 64 cameras sending their key frames in the same instant make a burst every second,
     * and a full collection every few seconds would cost more than the memory is worth.
     */
    private void returnBurstMemory() {
        long now = nanoTime.getAsLong();
        if (burstCollected && now - lastBurstCollectionNanos < BURST_COLLECTION_EVERY.toNanos()) return;
        if (backlog.burstDrained()) {
            log.debug("a backlog of frames waiting for the disk has drained: collecting the heap once to give its memory back");
            burstCollected = true;
            lastBurstCollectionNanos = now;
            System.gc();
        }
    }

    Map<String, CameraRecorder> recorders() {
        return recorders;
    }

    Catalog catalog() {
        return catalog;
    }

    /** The segment {@code camera} is writing, as of the last flush (its flushed prefix is readable). */
    Optional<SegmentInfo> openSegment(String camera) {
        return Optional.ofNullable(flushedOpen.get(camera));
    }

    Map<String, CameraSource> sources() {
        return started;
    }

    void onRetention(java.util.function.BiConsumer<Integer, Long> listener) {
        retentionListener = listener;
    }

    /**
     * Whether the daemon itself is alive: its flush tick ran lately. This, not camera health,
     * feeds the systemd watchdog: one dead camera must not restart the recorder of all the others.
     */
    boolean alive() {
        long flush = config.flushInterval().toNanos();
        return nanoTime.getAsLong() - lastFlushNanos < 3 * flush + 5_000_000_000L;
    }

    /** Flushes every camera, then moves the catalog's open segments forward in one transaction. */
    void flushAll() {
        Map<String, SegmentInfo> flushed = flushes.flush();
        Map<String, SegmentInfo> open = new HashMap<>();
        flushed.forEach((name, s) -> {
            if (s != null) open.put(name, s);
            if (s != null) flushedOpen.put(name, s);
            else flushedOpen.remove(name);
        });
        lastFlushNanos = nanoTime.getAsLong();
        try {
            catalog.updateOpen(open);
        } catch (RuntimeException e) {
            log.error("catalog update failed (the segments themselves are safe on disk): {}", e.getMessage());
        }
    }

    void runRetention() {
        try {
            Retention.Result r;
            // One pass at a time: a second pass would skip the rows the first is deleting.
            synchronized (retentionLock) {
                r = retention.run();
            }
            if (r.segments() > 0) log.info("retention deleted {} segments, {} bytes", r.segments(), r.bytes());
            retentionListener.accept(r.segments(), r.bytes());
        } catch (IOException | RuntimeException e) {
            log.error("retention failed: {}", e.toString());
        }
    }

    /**
     * After a write error (a full disk, typically): delete the oldest segments now, until one more
     * allocation fits above the floor, rather than at the next retention tick. Runs once at a time.
     */
    void makeRoom() {
        if (!emergencyPending.compareAndSet(false, true)) return;
        ticks.execute(() -> {
            emergencyPending.set(false);
            try {
                Retention.Result r;
                synchronized (retentionLock) {
                    r = emergency.run();
                }
                if (r.segments() > 0) {
                    saidNothingToDelete = false;
                    log.warn("disk full: deleted the {} oldest segments ({} bytes) to make room; recording resumes at the next key frame",
                            r.segments(), r.bytes());
                    retentionListener.accept(r.segments(), r.bytes());
                } else if (usableSpace(config.storageRoot()) >= emergencyFloor) {
                    // Room enough already (an earlier pass, or another camera's, freed it): nothing to say.
                    saidNothingToDelete = false;
                } else if (!saidNothingToDelete) {
                    saidNothingToDelete = true;
                    log.error("disk full and no segment left to delete: free space on {} before recording can go on", config.storageRoot());
                }
            } catch (IOException | RuntimeException e) {
                log.error("freeing disk space failed: {}", e.toString());
            }
        });
    }

    /** For tests: flushes sync with {@code sync} (see {@link Flushes#syncWith}). */
    void storageSync(Flushes.StorageSync sync) {
        flushes.syncWith(sync);
    }

    /** After the last flush tick: a tick still syncing must not find the descriptors closed. */
    private void closeFlushes() {
        if (flushes == null) return;
        try {
            if (ticks != null && !ticks.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("a flush was still running after 10 s: leaving its file system descriptors open");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        flushes.close();
    }

    private SegmentListener toCatalog(String camera) {
        return new SegmentListener() {
            @Override
            public void opened(SegmentInfo s) {
                // Each roll takes the system clock's reading afresh (see LocalClock).
                localClock.reanchor();
                CameraRecorder recorder = recorders.get(camera);
                if (recorder != null) recorder.stats().segmentOpened();
                log.debug("camera {}: segment {} opened", camera, s.base());
                try {
                    catalog.opened(camera, s);
                } catch (RuntimeException e) {
                    log.error("camera {}: cannot register segment {} in the catalog: {}", camera, s.base(), e.getMessage());
                }
            }

            @Override
            public void closed(SegmentInfo s) {
                try {
                    catalog.closed(camera, s);
                } catch (RuntimeException e) {
                    log.error("camera {}: cannot finalise segment {} in the catalog (recovery will): {}", camera, s.base(), e.getMessage());
                }
            }
        };
    }

    /**
     * How often retention runs: every minute, or once a segment if segments are shorter. Retention
     * deletes whole closed segments, so a pass finds something new at most once per roll: with
     * the default 1000 s segments (and anything of a minute or more) this stays the minute it always
     * was, the archive exceeding its limits by at most a minute's recording. With short segments
     * (an accelerated soak rolls every few seconds) a minute would let a minute's worth of segments
     * pile up past {@code maxAge} between passes; once a segment keeps the overshoot to one
     * segment, and a pass over an archive that has nothing to delete is one small query.
     * Never below a second, whatever the segment length.
     */
    static Duration retentionEvery(Duration segmentDuration) {
        Duration every = segmentDuration.compareTo(RETENTION_EVERY) < 0 ? segmentDuration : RETENTION_EVERY;
        return every.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : every;
    }

    static RetentionPolicy retentionPolicy(RetentionConfig r) {
        return new RetentionPolicy(r.maxAge().orElse(Duration.ZERO), r.maxBytesPerCamera().map(DataSize::bytes).orElse(0L),
                r.maxBytesTotal().map(DataSize::bytes).orElse(0L), r.minFreeDisk().bytes());
    }

    private static long usableSpace(Path root) {
        try {
            return Files.getFileStore(root).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops the sources, closes every segment (header + trim) and commits the catalog. */
    @Override
    public void close() {
        // All at once, then each waited for: one by one, 64 cameras each waiting for a TEARDOWN's
        // reply on a busy network thread took longer than a stop may take.
        for (CameraSource s : started.values()) {
            try {
                s.stop();
            } catch (RuntimeException e) {
                log.warn("stopping a camera source failed: {}", e.toString());
            }
        }
        for (CameraSource s : started.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("stopping a camera source failed: {}", e.toString());
            }
        }
        if (ticks != null) ticks.shutdownNow();
        // A start that failed before recovery finished still writes what it received: the next
        // start's recovery registers those segments.
        if (gate != null) gate.open();
        if (batches != null) batches.close();
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        recorders.values().forEach(r -> closing.add(r.close()));
        closing.forEach(CompletableFuture::join);
        if (io != null) io.shutdown();
        closeFlushes();
        if (catalog != null) catalog.close();
        log.info("stopped: {} cameras closed cleanly", recorders.size());
    }
}
