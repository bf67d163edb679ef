package dev.vigil.rtsp.codec;

import dev.vigil.rtsp.AccessUnitSink;
import dev.vigil.rtsp.TrackConfig;
import dev.vigil.rtsp.TrackStats;
import dev.vigil.rtsp.rtp.RtpPacket;

/**
 * Turns the in-order RTP packets of one track into access units for a sink. Internal to the
 * rtsp module: {@link dev.vigil.rtsp.TrackReceiver} drives it. Not thread-safe.
 *
 * <p><b>Ownership.</b> {@link #push} borrows the packet: the caller releases it once the call
 * returns. A depacketizer that must keep payload bytes beyond the call (the fragments of a NAL
 * unit being reassembled) takes references of its own ({@code retain()}) and releases them
 * when the unit completes or is abandoned (loss, {@link #restart}) and at {@link #close}.
 * Nothing reference counted leaves it: access units carry heap arrays.
 */
public interface Depacketizer {
    /**
     * @param packet       the next packet in sequence order, already of the track's payload type
     * @param timestamp    its extended 64-bit RTP timestamp
     * @param receiveNanos the monotonic clock at its arrival
     * @param lostBefore   packets known missing right before it (0 if none)
     */
    void push(RtpPacket packet, long timestamp, long receiveNanos, int lostBefore);

    /** The source restarted (new SSRC, sequence jump): drop partial state, resynchronise. */
    void restart(long receiveNanos);

    /** End of stream: releases whatever is held, quietly (no gap: nothing follows). */
    default void close() {}

    /** How video is scanned for start codes in this JVM (vectors or words), for the start-up log. */
    static String startCodeScan() {
        return AnnexB.scanDescription();
    }

    static Depacketizer create(TrackConfig config, AccessUnitSink sink, TrackStats stats) {
        return switch (config.codec()) {
            case H264 -> new H264Depacketizer(config, sink, stats);
            case H265 -> new H265Depacketizer(config, sink, stats);
            case AAC -> new AacDepacketizer(config, sink, stats);
            case PCMU, PCMA -> new G711Depacketizer(config, sink, stats);
        };
    }
}
