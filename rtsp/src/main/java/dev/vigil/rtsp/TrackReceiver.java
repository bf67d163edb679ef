package dev.vigil.rtsp;

import dev.vigil.rtsp.TrackStats.Counter;
import dev.vigil.rtsp.codec.Depacketizer;
import dev.vigil.rtsp.rtp.RtcpParser;
import dev.vigil.rtsp.rtp.RtpPacket;
import dev.vigil.rtsp.rtp.RtpParser;
import dev.vigil.rtsp.rtp.SenderReport;
import dev.vigil.rtsp.rtp.SequenceTracker;
import dev.vigil.rtsp.rtp.SsrcLock;
import dev.vigil.rtsp.rtp.TimestampExtender;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The media half of one track: RTP packets in, access units out to the sink.
 *
 * <p>Order of the steps matters: the SSRC lock first (a foreign source must not disturb the
 * sequence), then sequence ordering, and only then the payload type filter — a camera that
 * slips packets of an unassigned type (e.g. 50) into the video SSRC numbers them in the same
 * sequence, so dropping them before the tracker would look like loss.
 *
 * <p>Parsed packets are slices of the caller's buffers, not copies: the reorder window and the
 * depacketizer's unfinished NAL unit hold references, which {@link #close} gives back.
 *
 * <p>Not thread-safe: call from the channel's event loop. {@link #stats()} may be read anywhere.
 */
public final class TrackReceiver {
    private final TrackConfig config;
    private final LongSupplier clock;
    private final TrackStats stats = new TrackStats();
    private final SsrcLock ssrcLock;
    private final SequenceTracker sequence;
    private final TimestampExtender timestamps = new TimestampExtender();
    private final Depacketizer depacketizer;
    private final SequenceTracker.Output toDepacketizer = new SequenceTracker.Output() {
        @Override
        public void deliver(RtpPacket packet, int lostBefore) {
            deliverInOrder(packet, lostBefore);
        }

        @Override
        public void restarted() {
            stats.increment(Counter.SEQUENCE_RESTARTS);
            depacketizer.restart(now);
        }
    };

    private SenderReport lastSenderReport;
    private long lastSenderReportTimestamp;
    private int lostNotDelivered;
    private long now;

    /**
     * @param clock a monotonic nanosecond clock ({@code System::nanoTime} in production), the
     *              source of every {@link AccessUnit#receiveNanos()} and of the SSRC silence timer
     */
    public TrackReceiver(TrackConfig config, AccessUnitSink sink, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
        this.ssrcLock = new SsrcLock(config.ssrcRelock().toNanos());
        this.sequence = new SequenceTracker(config.reorderWindow());
        this.depacketizer = Depacketizer.create(config, sink, stats);
    }

    public TrackConfig config() {
        return config;
    }

    /** The SSRC from the SETUP reply's {@code Transport: ssrc=}, if the server gave one. */
    public void expectSsrc(int ssrc) {
        ssrcLock.expect(ssrc, clock.getAsLong());
    }

    /**
     * One RTP packet (a UDP datagram's content or an interleaved frame's). Reads without moving
     * indices and without taking ownership: the caller releases {@code packet} (what must be kept
     * longer is retained here).
     */
    public void onRtp(ByteBuf packet) {
        now = clock.getAsLong();
        stats.increment(Counter.PACKETS);
        RtpPacket p = RtpParser.parse(packet);
        if (p == null) {
            stats.increment(Counter.MALFORMED);
            return;
        }
        boolean handedOver = false;
        try {
            switch (ssrcLock.check(p.ssrc(), now)) {
                case FOREIGN -> {
                    stats.increment(Counter.FOREIGN_SSRC);
                    return;
                }
                case RELOCKED -> {
                    stats.increment(Counter.SSRC_RELOCKS);
                    long lostBefore = sequence.lost();
                    sequence.flush(toDepacketizer); // the old source's held packets still count
                    stats.add(Counter.LOST, sequence.lost() - lostBefore);
                    sequence.reset();
                    depacketizer.restart(now);
                }
                case ACCEPT -> {}
            }
            handedOver = true; // the tracker owns it from here on, even if it throws
            track(p);
        } finally {
            if (!handedOver) p.release();
        }
    }

    private void track(RtpPacket p) {
        long lostBefore = sequence.lost();
        long reorderedBefore = sequence.reordered();
        long duplicatesBefore = sequence.duplicates();
        sequence.push(p, toDepacketizer);
        stats.add(Counter.LOST, sequence.lost() - lostBefore);
        stats.add(Counter.REORDERED, sequence.reordered() - reorderedBefore);
        stats.add(Counter.DUPLICATES, sequence.duplicates() - duplicatesBefore);
    }

    /**
     * Delivers whatever the reorder window still holds (UDP, now and then, so that the last
     * packets before a pause are not held back). The receiver carries on afterwards.
     */
    public void flush() {
        now = clock.getAsLong();
        long lostBefore = sequence.lost();
        sequence.flush(toDepacketizer);
        stats.add(Counter.LOST, sequence.lost() - lostBefore);
    }

    /**
     * End of stream (TEARDOWN, closed connection, timeout): {@link #flush}, then give back every
     * buffer still held, such as the fragments of a NAL unit that will never be finished.
     */
    public void close() {
        try {
            flush();
        } finally {
            sequence.reset();
            depacketizer.close();
        }
    }

    private void deliverInOrder(RtpPacket p, int lostBefore) {
        try {
            if (p.payloadType() != config.payloadType()) {
                // Keep the loss for the next packet of ours; the foreign-type packet itself is not loss.
                stats.increment(Counter.UNEXPECTED_PAYLOAD_TYPE);
                lostNotDelivered += lostBefore;
                return;
            }
            int lost = lostBefore + lostNotDelivered;
            lostNotDelivered = 0;
            long ts = timestamps.extend(p.timestamp());
            depacketizer.push(p, ts, now, lost);
        } finally {
            p.release(); // the depacketizer retained what it keeps
        }
    }

    /** One RTCP packet (compound allowed). Same ownership rule as {@link #onRtp}. */
    public void onRtcp(ByteBuf packet) {
        List<SenderReport> reports = RtcpParser.senderReports(packet);
        for (SenderReport sr : reports) {
            if (ssrcLock.isLocked() && sr.ssrc() != ssrcLock.ssrc()) continue;
            stats.increment(Counter.SENDER_REPORTS);
            lastSenderReport = sr;
            lastSenderReportTimestamp = timestamps.peek(sr.rtpTimestamp());
        }
    }

    /** The latest sender report of the followed source, or {@code null}. */
    public SenderReport lastSenderReport() {
        return lastSenderReport;
    }

    /**
     * The camera's wallclock (Unix nanoseconds, per its last sender report) at an extended RTP
     * timestamp of this track, or {@code Long.MIN_VALUE} if no report arrived yet.
     */
    public long cameraUnixNanos(long extendedTimestamp) {
        if (lastSenderReport == null) return Long.MIN_VALUE;
        return lastSenderReport.unixNanosAt(extendedTimestamp, lastSenderReportTimestamp, config.clockRate());
    }

    public TrackStats stats() {
        return stats;
    }
}
