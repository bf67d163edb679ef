package dev.vigil.daemon.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's metrics, served in the Prometheus text format by {@code GET /metrics}.
 *
 * <p>Meters are named the Micrometer way; the registry turns {@code vigil.camera.frames} (a
 * counter in frames) into {@code vigil_camera_frames_total}, appending the base unit unless the
 * name ends with it. Every meter has a description and a base unit.
 *
 * <p>Counters are read from suppliers at scrape time ({@link CameraSources}). Two kinds of values
 * are produced by {@link #sample()} instead, which the daemon calls every few seconds
 * ({@link #startSampling}): rates (frames and bits per second, the difference between two samples
 * over the injected monotonic clock's interval, so a scrape never divides by a wall-clock guess)
 * and storage figures (catalog queries, kept off the HTTP thread).
 *
 * <p>Thread-safe: cameras are added and removed while scrapes and samples run.
 */
public final class VigilMetrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VigilMetrics.class);
    static final String CAMERA = "camera";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LongSupplier monotonicNanos;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<String, CameraMeters> cameras = new ConcurrentHashMap<>();
    private final Counter retentionSegments;
    private final Counter retentionBytes;
    private volatile StorageMeters storage;

    /** @param monotonicNanos the clock of rates and ages, e.g. {@code System::nanoTime} */
    public VigilMetrics(LongSupplier monotonicNanos) {
        this.monotonicNanos = monotonicNanos;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        retentionSegments = Counter.builder("vigil.retention.deleted.segments").baseUnit("segments")
                .description("Segments deleted by retention").register(registry);
        retentionBytes = Counter.builder("vigil.retention.deleted.bytes").baseUnit("bytes")
                .description("Bytes freed by retention").register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text format, version 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    /** Starts measuring camera {@code name}; a camera of that name already registered is replaced. */
    public void addCamera(String name, CameraSources sources) {
        // The old meters go first: the registry would hand back the old meter for the same id.
        cameras.compute(name, (n, previous) -> {
            if (previous != null) previous.remove();
            return new CameraMeters(n, sources);
        });
    }

    /** Stops measuring camera {@code name} (its stored bytes stay, under {@code vigil.storage.used}). */
    public void removeCamera(String name) {
        CameraMeters meters = cameras.remove(name);
        if (meters != null) meters.remove();
    }

    /** Measures storage from now on; call once. */
    public void bindStorage(StorageSources sources) {
        if (storage != null) throw new IllegalStateException("storage metrics are bound already");
        storage = new StorageMeters(sources);
    }

    /** Counts what one retention run deleted. */
    public void retentionDeleted(int segments, long bytes) {
        retentionSegments.increment(segments);
        retentionBytes.increment(bytes);
    }

    /**
     * Computes rates since the previous sample and refreshes the storage figures. A failing
     * storage source is logged and leaves its previous values; cameras are sampled regardless.
     */
    public void sample() {
        long now = monotonicNanos.getAsLong();
        for (CameraMeters c : cameras.values()) c.rates.sample(now);
        StorageMeters s = storage;
        if (s != null) s.sample();
    }

    /** Calls {@link #sample()} every {@code every} on {@code scheduler}; cancel the future to stop. */
    public ScheduledFuture<?> startSampling(ScheduledExecutorService scheduler, Duration every) {
        return scheduler.scheduleAtFixedRate(() -> {
            try {
                sample();
            } catch (RuntimeException e) {
                // An escaping exception would cancel the schedule, freezing every rate for good.
                log.warn("sampling metrics failed: {}", e.toString());
            }
        }, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Frames stored per second over the last sampling interval; NaN before two samples or for an unknown camera. */
    public double frameRate(String camera) {
        CameraMeters m = cameras.get(camera);
        return m == null ? Double.NaN : m.rates.framesPerSecond;
    }

    /** Media bits stored per second over the last sampling interval; NaN before two samples or for an unknown camera. */
    public double bitRate(String camera) {
        CameraMeters m = cameras.get(camera);
        return m == null ? Double.NaN : m.rates.bitsPerSecond;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    /** One camera's meters, tagged {@code camera=<name>}. */
    private final class CameraMeters {
        final List<Meter> meters = new ArrayList<>();
        /** Held here because Micrometer holds the objects of function meters only weakly. */
        final CameraSources sources;
        final Rates rates;

        CameraMeters(String name, CameraSources s) {
            Tags tags = Tags.of(CAMERA, name);
            sources = s;
            rates = new Rates(s.frames(), s.bytes());
            counter("vigil.camera.frames", "frames", "Frames stored", tags, s.frames());
            counter("vigil.camera.bytes", "bytes", "Media bytes stored", tags, s.bytes());
            counter("vigil.camera.dropped.frames", "frames",
                    "Frames dropped because the disk fell behind or while waiting for a key frame after an error", tags, s.droppedFrames());
            counter("vigil.camera.write.errors", "errors", "Failed segment writes and flushes", tags, s.writeErrors());
            counter("vigil.camera.segments", "segments", "Segments opened (each roll opens one)", tags, s.segmentsOpened());
            counter("vigil.camera.reconnects", "reconnects", "RTSP sessions re-established", tags, s.reconnects());
            counter("vigil.camera.rtp.lost", "packets", "RTP packets missing from the sequence, all tracks", tags, s.rtpLost());
            counter("vigil.camera.interleaved.skipped", "bytes", "Garbage bytes skipped on the RTSP connection to find the next frame", tags, s.skippedBytes());
            meters.add(Gauge.builder("vigil.camera.frame.rate", rates, r -> r.framesPerSecond)
                    .baseUnit("frames.per.second").description("Frames stored per second over the last sampling interval")
                    .tags(tags).register(registry));
            meters.add(Gauge.builder("vigil.camera.bit.rate", rates, r -> r.bitsPerSecond)
                    .baseUnit("bits.per.second").description("Media bits stored per second over the last sampling interval")
                    .tags(tags).register(registry));
            meters.add(TimeGauge.builder("vigil.camera.flush.latency", s.lastFlushNanos(), TimeUnit.NANOSECONDS, LongSupplier::getAsLong)
                    .description("How long the last flush took, from its start until what it wrote was durable").tags(tags).register(registry));
            LongSupplier lastFrame = s.lastFrameMonotonicNanos();
            meters.add(Gauge.builder("vigil.camera.last.frame.age", () -> secondsSince(lastFrame.getAsLong()))
                    .baseUnit("seconds").description("Seconds since the camera's last frame arrived; NaN before the first")
                    .tags(tags).register(registry));
        }

        private void counter(String name, String unit, String description, Tags tags, LongSupplier value) {
            meters.add(FunctionCounter.builder(name, value, LongSupplier::getAsLong).baseUnit(unit)
                    .description(description).tags(tags).register(registry));
        }

        void remove() {
            meters.forEach(registry::remove);
        }
    }

    private double secondsSince(long monotonic) {
        if (monotonic == Long.MIN_VALUE) return Double.NaN;
        return Math.max(0, monotonicNanos.getAsLong() - monotonic) / 1e9;
    }

    /** Frame and bit rates between the last two samples; NaN until there are two. */
    static final class Rates {
        private final LongSupplier frames;
        private final LongSupplier bytes;
        private long lastNanos;
        private long lastFrames;
        private long lastBytes;
        private boolean sampled;
        volatile double framesPerSecond = Double.NaN;
        volatile double bitsPerSecond = Double.NaN;

        Rates(LongSupplier frames, LongSupplier bytes) {
            this.frames = frames;
            this.bytes = bytes;
        }

        synchronized void sample(long nowNanos) {
            long f = frames.getAsLong();
            long b = bytes.getAsLong();
            if (sampled && nowNanos > lastNanos) {
                double seconds = (nowNanos - lastNanos) / 1e9;
                framesPerSecond = delta(f, lastFrames) / seconds;
                bitsPerSecond = 8.0 * delta(b, lastBytes) / seconds;
            }
            if (!sampled || nowNanos > lastNanos) {
                lastNanos = nowNanos;
                lastFrames = f;
                lastBytes = b;
                sampled = true;
            }
        }

        /** A counter that went back was restarted (a new recorder): it counted {@code now} since. */
        private static long delta(long now, long before) {
            return now >= before ? now - before : now;
        }
    }

    /** Storage figures, refreshed by {@link #sample()}. */
    private final class StorageMeters {
        final StorageSources sources;
        final MultiGauge used;
        /** The last bytes per camera read; each camera's gauge reads its entry here at scrape time. */
        final AtomicReference<Map<String, Long>> usedBytes = new AtomicReference<>(Map.of());
        final AtomicLong segments = new AtomicLong();
        final AtomicLong free = new AtomicLong();
        private boolean failing;

        StorageMeters(StorageSources sources) {
            this.sources = sources;
            used = MultiGauge.builder("vigil.storage.used").baseUnit("bytes")
                    .description("Bytes held by a camera's segments, per the catalog").register(registry);
            Gauge.builder("vigil.storage.segments", segments, AtomicLong::get).baseUnit("segments")
                    .description("Segments in the catalog").register(registry);
            Gauge.builder("vigil.storage.free", free, AtomicLong::get).baseUnit("bytes")
                    .description("Bytes still available on the storage root's file system").register(registry);
            sample();
        }

        void sample() {
            Optional<String> problem = Optional.empty();
            try {
                free.set(sources.freeBytes().getAsLong());
            } catch (RuntimeException e) {
                problem = Optional.of(e.getMessage());
            }
            try {
                Map<String, Long> bytes = Map.copyOf(sources.bytesByCamera().get());
                usedBytes.set(bytes);
                // Without overwrite, a camera's gauge is registered once and only a camera that came
                // or went changes the registry: re-registering every gauge at every sample cost more
                // than the rest of the sample (profile of 64 cameras).
                used.register(bytes.keySet().stream()
                        .map(camera -> MultiGauge.Row.of(Tags.of(CAMERA, camera), usedBytes, u -> u.get().getOrDefault(camera, 0L)))
                        .toList(), false);
                segments.set(sources.segments().getAsLong());
            } catch (RuntimeException e) {
                problem = Optional.of(e.getMessage());
            }
            // Once per episode: the sampler runs every few seconds.
            if (problem.isPresent() && !failing) log.warn("storage metrics are stale: {}", problem.get());
            if (problem.isEmpty() && failing) log.info("storage metrics are up to date again");
            failing = problem.isPresent();
        }
    }
}
