package dev.vigil.daemon.record;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.AccessUnitSink;
import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.segment.AudioFrame;
import dev.vigil.storage.segment.SegmentInfo;
import dev.vigil.storage.segment.SegmentWriter;
import dev.vigil.storage.segment.VideoFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one camera: takes access units from its RTSP session (on the event loop), places them in
 * wall time, and hands them to the camera's segment writer on an I/O thread through a bounded
 * buffer. The event loop never touches the disk. When the disk falls behind and the buffer is
 * full, video is dropped up to the next key frame (counted and logged once per episode), so what
 * is stored always decodes. A write error closes the segment and recording resumes at the next
 * key frame in a new one; it never affects another camera.
 */
public final class CameraRecorder implements AccessUnitSink {
    private static final Logger log = LoggerFactory.getLogger(CameraRecorder.class);
    private static final long MAX_SLEW_PPM = 500;
    private static final long JUMP_MICROS = 5_000_000;

    private final String camera;
    private final SegmentWriter writer;
    private final SerialExecutor io;
    private final LocalClock clock;
    private final long maxQueuedBytes;
    private final WriteBacklog backlog;
    private final RecorderStats stats = new RecorderStats();
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Set by the I/O thread after a write error, cleared by the event loop at a key frame. */
    private final AtomicBoolean needKeyFrame = new AtomicBoolean();
    private final Map<Integer, MediaTimeline> timelines = new HashMap<>();
    private boolean dropping;
    private boolean recorded;
    private volatile Runnable onWriteError = () -> { };
    /** Write errors in the current episode (I/O thread): the first is logged, the rest counted. */
    private long failingWrites;
    /**
     * I/O thread: a write or flush failed and no key frame has been written since. Frames the event
     * loop queued before it saw {@link #needKeyFrame} are dropped here, or the first of them would
     * open the next segment in the middle of a GOP.
     */
    private boolean skipToKeyFrame;

    public CameraRecorder(String camera, SegmentWriter writer, Executor ioPool, LocalClock clock, long maxQueuedBytes) {
        this(camera, writer, ioPool, clock, maxQueuedBytes, WriteBacklog.unbounded());
    }

    /**
     * @param maxQueuedBytes this camera's cap on frame bytes waiting for the disk
     * @param backlog        the cap on the sum over all cameras, shared by their recorders
     */
    public CameraRecorder(String camera, SegmentWriter writer, Executor ioPool, LocalClock clock, long maxQueuedBytes, WriteBacklog backlog) {
        this.camera = camera;
        this.backlog = backlog;
        this.writer = writer;
        this.io = new SerialExecutor(ioPool);
        this.clock = clock;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    public String camera() {
        return camera;
    }

    public RecorderStats stats() {
        return stats;
    }

    /** Called on the I/O thread after a write error (e.g. to free disk space at once). */
    public void onWriteError(Runnable action) {
        this.onWriteError = action;
    }

    @Override
    public void accept(AccessUnit au) {
        MediaTimeline timeline = timelines.computeIfAbsent(au.trackId(), id -> new MediaTimeline(clock, MAX_SLEW_PPM, JUMP_MICROS));
        long micros = timeline.place(au.timestamp(), au.clockRate(), au.receiveNanos());
        boolean video = au.codec() == dev.vigil.rtsp.Codec.H264 || au.codec() == dev.vigil.rtsp.Codec.H265;
        List<ByteBuffer> units = au.units(); // fresh views on each call: take them once per frame
        long size = 0;
        for (ByteBuffer b : units) size += b.remaining();

        if (video) {
            if ((dropping || needKeyFrame.get()) && !au.keyFrame()) {
                stats.droppedFrames.incrementAndGet();
                au.release();
                return;
            }
            if (!reserve(size)) {
                if (!dropping) {
                    log.warn("camera {}: disk is not keeping up ({} bytes waiting for this camera, {} for all, limits {} and {}); "
                            + "dropping video up to the next key frame", camera, queuedBytes.get(), backlog.bytes(), maxQueuedBytes, backlog.limit());
                }
                dropping = true;
                stats.droppedFrames.incrementAndGet();
                au.release();
                return;
            }
            if (dropping) log.info("camera {}: recording again after dropping {} frames in all", camera, stats.droppedFrames.get());
            dropping = false;
            needKeyFrame.set(false);
        } else if (!reserve(size)) {
            stats.droppedFrames.incrementAndGet();
            au.release();
            return;
        }
        // A jump in time (or a restarted source) starts a new run: it gets a segment of its own.
        boolean roll = video && timeline.newRun() && recorded;
        recorded = true;
        Object frame = video ? videoFrame(au, units, micros) : audioFrame(au, units, micros);
        long queued = size;
        long receivedNanos = au.receiveNanos();
        boolean key = video && au.keyFrame();
        io.execute(() -> {
            try {
                if (video && !key && skipToKeyFrame) {
                    stats.droppedFrames.incrementAndGet();
                } else if (write(frame, roll)) {
                    if (key) skipToKeyFrame = false;
                    stats.frames.incrementAndGet();
                    stats.bytes.addAndGet(queued);
                    stats.lastFrameMicros.set(micros);
                    // Written, not merely received: health reports what is recorded.
                    stats.lastFrameMonotonicNanos.set(receivedNanos);
                }
            } finally {
                queuedBytes.addAndGet(-queued);
                backlog.remove(queued);
                au.release(); // written (or failed): its arrays may carry later frames
            }
        });
    }

    /** Counts a frame of {@code size} bytes as waiting for the disk, if both this camera's cap and the shared one allow. */
    private boolean reserve(long size) {
        if (queuedBytes.get() + size > maxQueuedBytes || !backlog.tryAdd(size)) return false;
        queuedBytes.addAndGet(size);
        return true;
    }

    /** The session was re-established: whatever comes next starts a new run. */
    public void restart() {
        timelines.values().forEach(MediaTimeline::reset);
    }

    /** Runs on the I/O thread; false when the frame could not be written. */
    private boolean write(Object frame, boolean roll) {
        try {
            if (roll) writer.roll(frame instanceof VideoFrame v ? v.timeMicros() : ((AudioFrame) frame).timeMicros());
            if (frame instanceof VideoFrame v) writer.write(v);
            else writer.write((AudioFrame) frame);
            if (failingWrites > 0) {
                log.info("camera {}: recording again after {} failed attempts to write", camera, failingWrites);
                failingWrites = 0;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            stats.writeErrors.incrementAndGet();
            needKeyFrame.set(true);
            skipToKeyFrame = true;
            // One line per episode, not one per key frame while the disk stays full.
            if (failingWrites++ == 0) {
                log.error("camera {}: cannot write to its segment, closing it and resuming at the next key frame: {}", camera, e.toString());
            }
            try {
                writer.roll();
            } catch (IOException | RuntimeException closing) {
                log.error("camera {}: closing the segment failed too: {}", camera, closing.toString());
            }
            onWriteError.run();
            return false;
        }
    }

    /** Makes what was written durable; completes with the segment being written (or null). */
    public CompletableFuture<SegmentInfo> flush() {
        return flushStep(() -> {
            long started = clock.monotonicNanos();
            writer.flush();
            stats.flushed(clock.monotonicNanos() - started);
            return writer.currentSegment();
        }, null);
    }

    /**
     * First half of a group flush ({@link SegmentWriter#writeOut()}): what was written goes out to
     * the disk, to be made durable by the caller's sync. Completes false when that failed (the
     * segment is closed, as for a failed {@link #flush()}).
     */
    public CompletableFuture<Boolean> writeOut() {
        return flushStep(() -> {
            writer.writeOut();
            return true;
        }, false);
    }

    /**
     * Second half of a group flush, after the caller's sync ({@link SegmentWriter#writeIndex()}).
     * Completes with the segment as {@link #writeOut()} found it, durable after the caller's next
     * sync, or null.
     */
    public CompletableFuture<SegmentInfo> writeIndex() {
        return flushStep(writer::writeIndex, null);
    }

    private interface FlushStep<T> {
        T run() throws IOException;
    }

    /** Runs a flush step on the I/O thread, after the frames queued before it; completes with {@code failed} if it failed. */
    private <T> CompletableFuture<T> flushStep(FlushStep<T> step, T failed) {
        CompletableFuture<T> done = new CompletableFuture<>();
        io.execute(() -> {
            try {
                done.complete(step.run());
            } catch (IOException | RuntimeException e) {
                flushFailed(e);
                done.complete(failed);
            }
        });
        return done;
    }

    /** A group flush that began at {@code startedNanos} (monotonic) is durable: counts its latency. */
    public void groupFlushed(long startedNanos) {
        stats.flushed(clock.monotonicNanos() - startedNanos);
    }

    /** I/O thread: a flush failed; the segment is closed and recording resumes at the next key frame. */
    private void flushFailed(Exception e) {
        stats.writeErrors.incrementAndGet();
        needKeyFrame.set(true);
        skipToKeyFrame = true;
        log.error("camera {}: flush failed, closing the segment: {}", camera, e.toString());
        try {
            writer.roll();
        } catch (IOException | RuntimeException closing) {
            log.error("camera {}: closing the segment failed too: {}", camera, closing.toString());
        }
    }

    /** Closes the segment being written after everything queued; completes when it is closed. */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        io.execute(() -> {
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                log.error("camera {}: closing its segment failed: {}", camera, e.toString());
            }
            done.complete(null);
        });
        return done;
    }

    private static VideoFrame videoFrame(AccessUnit au, List<ByteBuffer> units, long micros) {
        Codec codec = au.codec() == dev.vigil.rtsp.Codec.H265 ? Codec.H265 : Codec.H264;
        return new VideoFrame(micros, codec, au.width(), au.height(), units, au.parameterSets());
    }

    private static AudioFrame audioFrame(AccessUnit au, List<ByteBuffer> units, long micros) {
        ByteBuffer data = units.get(0);
        return switch (au.codec()) {
            case AAC -> new AudioFrame(micros, Codec.AAC, au.clockRate(), adtsChannels(data), data);
            case PCMU -> new AudioFrame(micros, Codec.PCMU, au.clockRate(), 1, data);
            case PCMA -> new AudioFrame(micros, Codec.PCMA, au.clockRate(), 1, data);
            default -> throw new IllegalArgumentException("not audio: " + au.codec());
        };
    }

    /** channel_configuration from an ADTS header (bits 23..25). */
    static int adtsChannels(ByteBuffer adts) {
        int p = adts.position();
        if (adts.remaining() < 4) return 0;
        return ((adts.get(p + 2) & 0x01) << 2) | ((adts.get(p + 3) & 0xC0) >> 6);
    }
}
