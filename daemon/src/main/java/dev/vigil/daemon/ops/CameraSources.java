package dev.vigil.daemon.ops;

import dev.vigil.daemon.record.RecorderStats;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Where one camera's metrics are read from, as suppliers so that metrics depend on no recorder or
 * session class: each is called on every scrape (or sample), from any thread, and must be cheap
 * and non-blocking. Counters must only grow; a counter that goes back is taken as restarted.
 *
 * @param frames                  frames stored
 * @param bytes                   media bytes stored
 * @param droppedFrames           frames dropped (disk behind, or waiting for a key frame after an error)
 * @param writeErrors             failed writes and flushes
 * @param segmentsOpened          segments opened, i.e. rolls
 * @param lastFlushNanos          how long the last flush took
 * @param lastFrameMonotonicNanos {@link System#nanoTime()}-style receive time of the last frame written,
 *                                {@link Long#MIN_VALUE} before any
 * @param reconnects              RTSP sessions re-established
 * @param rtpLost                 RTP packets missing from the sequence, all tracks together
 * @param skippedBytes            garbage skipped on the interleaved connection to find the next frame
 */
public record CameraSources(LongSupplier frames, LongSupplier bytes, LongSupplier droppedFrames,
        LongSupplier writeErrors, LongSupplier segmentsOpened, LongSupplier lastFlushNanos,
        LongSupplier lastFrameMonotonicNanos, LongSupplier reconnects, LongSupplier rtpLost,
        LongSupplier skippedBytes) {

    public CameraSources {
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(droppedFrames, "droppedFrames");
        Objects.requireNonNull(writeErrors, "writeErrors");
        Objects.requireNonNull(segmentsOpened, "segmentsOpened");
        Objects.requireNonNull(lastFlushNanos, "lastFlushNanos");
        Objects.requireNonNull(lastFrameMonotonicNanos, "lastFrameMonotonicNanos");
        Objects.requireNonNull(reconnects, "reconnects");
        Objects.requireNonNull(rtpLost, "rtpLost");
        Objects.requireNonNull(skippedBytes, "skippedBytes");
    }

    /**
     * A recorder's counters, plus the session's: the RTSP session (and its {@code TrackStats},
     * whose {@code LOST} counters make {@code rtpLost}) is replaced on every reconnect, so pass
     * suppliers that read the current one and keep totals across sessions.
     */
    public static CameraSources of(RecorderStats stats, LongSupplier reconnects, LongSupplier rtpLost, LongSupplier skippedBytes) {
        return new CameraSources(stats::frames, stats::bytes, stats::droppedFrames, stats::writeErrors,
                stats::segmentsOpened, stats::lastFlushNanos, stats::lastFrameMonotonicNanos, reconnects, rtpLost, skippedBytes);
    }
}
