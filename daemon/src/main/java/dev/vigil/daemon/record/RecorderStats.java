package dev.vigil.daemon.record;

import java.util.concurrent.atomic.AtomicLong;

/** One camera's recording counters, written by the event loop and the I/O thread, read by metrics. */
public final class RecorderStats {
    final AtomicLong frames = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong droppedFrames = new AtomicLong();
    final AtomicLong writeErrors = new AtomicLong();
    final AtomicLong segmentsOpened = new AtomicLong();
    final AtomicLong lastFlushNanos = new AtomicLong();
    final AtomicLong lastFrameMonotonicNanos = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong lastFrameMicros = new AtomicLong(Long.MIN_VALUE);
    private final LatencyHistogram flushLatency = new LatencyHistogram();

    public long frames() {
        return frames.get();
    }

    public long bytes() {
        return bytes.get();
    }

    /** Frames dropped because the disk could not keep up, or after a write error, until the next key frame. */
    public long droppedFrames() {
        return droppedFrames.get();
    }

    public long writeErrors() {
        return writeErrors.get();
    }

    /** Counts a segment the camera's writer opened (told by its segment listener). */
    public void segmentOpened() {
        segmentsOpened.incrementAndGet();
    }

    public long segmentsOpened() {
        return segmentsOpened.get();
    }

    /** How long the last flush took, from its start until what it wrote was durable. */
    public long lastFlushNanos() {
        return lastFlushNanos.get();
    }

    /** Every flush's duration, for percentiles (vigil bench reports p50/p99). */
    public LatencyHistogram flushLatency() {
        return flushLatency;
    }

    void flushed(long nanos) {
        lastFlushNanos.set(nanos);
        flushLatency.record(nanos);
    }

    /** Monotonic time the last frame arrived, {@link Long#MIN_VALUE} before any. */
    public long lastFrameMonotonicNanos() {
        return lastFrameMonotonicNanos.get();
    }

    /** Wall time of the last frame stored, {@link Long#MIN_VALUE} before any. */
    public long lastFrameMicros() {
        return lastFrameMicros.get();
    }
}
