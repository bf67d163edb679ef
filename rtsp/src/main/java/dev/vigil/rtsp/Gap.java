package dev.vigil.rtsp;

/**
 * Notice that a track's stream was interrupted: what the sink received so far cannot be
 * continued seamlessly. The next {@link AccessUnit} of the track has {@code lossBefore} set.
 *
 * @param trackId      the track
 * @param reason       why
 * @param lostPackets  RTP packets known to be missing (0 when not countable, e.g. an SSRC change)
 * @param receiveNanos the injected monotonic clock when the interruption was noticed
 */
public record Gap(int trackId, Reason reason, long lostPackets, long receiveNanos) {
    public enum Reason {
        /** Sequence numbers were skipped (or a fragment was lost); units are dropped until a key frame. */
        PACKET_LOSS,
        /** The source restarted under a new SSRC (camera reboot) or its sequence jumped wildly. */
        SOURCE_RESTART,
    }
}
