package dev.vigil.rtsp;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of one track. Written on the track's event loop, readable from any thread (metrics).
 */
public final class TrackStats {
    public enum Counter {
        /** RTP packets received (before any filtering). */
        PACKETS,
        /** Not parseable as RTP. */
        MALFORMED,
        /** From an SSRC other than the followed one. */
        FOREIGN_SSRC,
        /** The followed SSRC changed after a silence. */
        SSRC_RELOCKS,
        /** Packets missing from the sequence. */
        LOST,
        /** Packets that arrived after a later one and were put back in order. */
        REORDERED,
        /** Duplicates, packets too late for the reorder window, unconfirmed jumps. */
        DUPLICATES,
        /** The sequence number jumped and the jump was confirmed. */
        SEQUENCE_RESTARTS,
        /** Packets whose payload type is not the track's (e.g. PT 50 on the video SSRC). */
        UNEXPECTED_PAYLOAD_TYPE,
        /** Payloads or NAL packet types this depacketizer does not handle (STAP-B, MTAP, FU-B, PACI, AAC interleaving). */
        UNSUPPORTED,
        /** Payloads whose inner structure is broken (STAP/AP sizes, AU headers). */
        MALFORMED_PAYLOAD,
        /** Fragmented units abandoned because a fragment was missing. */
        FRAGMENTS_DROPPED,
        /** Packets dropped because their access unit was already known to be damaged. */
        PACKETS_DROPPED,
        /** Access units handed to the sink. */
        UNITS_EMITTED,
        /** Access units dropped while waiting for a key frame. */
        UNITS_DROPPED,
        /** SDP sprop-* parameter sets that did not decode or parse; ignored. */
        INVALID_SPROP,
        /** In-band parameter sets that did not parse (size unknown for them); a set repeated unchanged counts once. */
        BAD_PARAMETER_SET,
        /** The SDP config of an audio track is unusable; its packets are dropped. */
        INVALID_CONFIG,
        /** RTCP sender reports received. */
        SENDER_REPORTS,
        /** Parameter sets repeated after a slice of the same picture, dropped (see VideoDepacketizer). */
        REPEATED_PARAMETER_SETS,
    }

    private final AtomicLongArray values = new AtomicLongArray(Counter.values().length);

    public long get(Counter c) {
        return values.get(c.ordinal());
    }

    public void increment(Counter c) {
        values.incrementAndGet(c.ordinal());
    }

    public void add(Counter c, long n) {
        if (n != 0) values.addAndGet(c.ordinal(), n);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TrackStats[");
        for (Counter c : Counter.values()) {
            long v = get(c);
            if (v != 0) sb.append(c).append('=').append(v).append(' ');
        }
        return sb.append(']').toString();
    }
}
