package dev.vigil.daemon;

import dev.vigil.daemon.record.RecorderStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Follows the recorders of a fault run: every 10 ms it notes each camera's last written frame's
 * arrival time when it changed, and the first time a write failed. From that, when a camera
 * recorded again after an instant: to within a poll, or a frame when two were written in one.
 * (Polling, not a hook into the recorder: what is measured is what the daemon reports.)
 */
final class RecordingWatch implements AutoCloseable {
    static final long POLL_MILLIS = 10;

    private final LongSupplier nanoTime;
    private final Map<String, Camera> cameras = new LinkedHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-fault-watch");
        t.setDaemon(true);
        return t;
    });

    private static final class Camera {
        final RecorderStats stats;
        final long errorsBefore;
        final FrameArrivals arrivals = new FrameArrivals();
        long firstErrorNanos = Long.MIN_VALUE;

        Camera(RecorderStats stats) {
            this.stats = stats;
            this.errorsBefore = stats.writeErrors();
        }
    }

    /** @param nanoTime the clock the sessions stamp frame arrivals with */
    RecordingWatch(Map<String, RecorderStats> recorders, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        recorders.forEach((name, stats) -> cameras.put(name, new Camera(stats)));
        poller.scheduleAtFixedRate(this::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized void poll() {
        long now = nanoTime.getAsLong();
        for (Camera c : cameras.values()) {
            long arrival = c.stats.lastFrameMonotonicNanos();
            if (arrival != Long.MIN_VALUE) c.arrivals.add(arrival);
            if (c.firstErrorNanos == Long.MIN_VALUE && c.stats.writeErrors() > c.errorsBefore) c.firstErrorNanos = now;
        }
    }

    /** Arrival time of the first frame written that arrived at or after {@code nanos}. */
    synchronized OptionalLong firstWrittenSince(String camera, long nanos) {
        return cameras.get(camera).arrivals.firstSince(nanos);
    }

    /** See {@link FrameArrivals#longestGap}. */
    synchronized long longestGap(String camera, long since, long until) {
        return cameras.get(camera).arrivals.longestGap(since, until);
    }

    /** When a write of this camera was first seen failing, if it was. */
    synchronized OptionalLong firstWriteError(String camera) {
        long t = cameras.get(camera).firstErrorNanos;
        return t == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(t);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
