package dev.vigil.daemon;

import dev.vigil.daemon.record.RecorderStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        final List<Long> arrivals = new ArrayList<>();
        long last = Long.MIN_VALUE;
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
            if (arrival != c.last && arrival != Long.MIN_VALUE) c.arrivals.add(arrival);
            c.last = arrival;
            if (c.firstErrorNanos == Long.MIN_VALUE && c.stats.writeErrors() > c.errorsBefore) c.firstErrorNanos = now;
        }
    }

    /** Arrival time of the first frame written that arrived at or after {@code nanos}. */
    synchronized OptionalLong firstWrittenSince(String camera, long nanos) {
        for (long a : cameras.get(camera).arrivals) if (a - nanos >= 0) return OptionalLong.of(a);
        return OptionalLong.empty();
    }

    /**
     * The longest time between two frames written (by arrival) from {@code since} to {@code until},
     * counting from the last frame before {@code since} and to {@code until} after the last one.
     */
    synchronized long longestGap(String camera, long since, long until) {
        long prev = Long.MIN_VALUE;
        long longest = 0;
        for (long a : cameras.get(camera).arrivals) {
            if (a - since < 0) {
                prev = a;
                continue;
            }
            if (a - until > 0) break;
            longest = Math.max(longest, a - (prev == Long.MIN_VALUE ? since : prev));
            prev = a;
        }
        return Math.max(longest, until - (prev == Long.MIN_VALUE ? since : prev));
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
