package dev.vigil.daemon.record;

/**
 * Places one track's frames in wall time. Media time (the RTP timestamps) decides the spacing of
 * frames, so a recording plays at the camera's pace; it is slewed toward the local clock's
 * reading at arrival by at most {@code maxSlewPpm} of the media time elapsed, which absorbs the
 * camera's clock drift without visible jumps. A timestamp that goes backwards, or a gap between
 * media and local time beyond {@code jumpMicros}, starts a new run: the frame is placed at its
 * arrival time and the caller starts a new segment.
 *
 * <p>Confined to the thread that delivers the track's frames.
 */
final class MediaTimeline {
    private final LocalClock clock;
    private final long maxSlewPpm;
    private final long jumpMicros;
    private boolean started;
    private long lastTimestamp;
    private long lastMicros;
    private long remainderNum; // sub-microsecond media time carried between frames, in clock-rate units
    private boolean newRun;

    MediaTimeline(LocalClock clock, long maxSlewPpm, long jumpMicros) {
        this.clock = clock;
        this.maxSlewPpm = maxSlewPpm;
        this.jumpMicros = jumpMicros;
    }

    /** Wall time (µs since the epoch) of a frame with extended RTP {@code timestamp} that arrived at {@code receiveNanos}. */
    long place(long timestamp, int clockRate, long receiveNanos) {
        long arrival = clock.microsAt(receiveNanos);
        newRun = false;
        if (!started) return startRun(timestamp, arrival);
        long ticks = timestamp - lastTimestamp;
        if (ticks < 0) return startRun(timestamp, arrival);
        long num = ticks * 1_000_000L + remainderNum;
        long media = num / clockRate;
        long predicted = lastMicros + media;
        long error = arrival - predicted;
        if (Math.abs(error) > jumpMicros) return startRun(timestamp, arrival);
        long maxSlew = media * maxSlewPpm / 1_000_000L;
        long placed = predicted + Math.max(-maxSlew, Math.min(maxSlew, error));
        remainderNum = num - media * clockRate;
        lastTimestamp = timestamp;
        lastMicros = Math.max(placed, lastMicros);
        return lastMicros;
    }

    /** Whether the frame just placed began a new run (the first frame, a jump, time going backwards). */
    boolean newRun() {
        return newRun;
    }

    /** Forget the past: the next frame starts a new run (after a reconnect). */
    void reset() {
        started = false;
    }

    private long startRun(long timestamp, long arrival) {
        started = true;
        newRun = true;
        lastTimestamp = timestamp;
        lastMicros = arrival;
        remainderNum = 0;
        return arrival;
    }
}
