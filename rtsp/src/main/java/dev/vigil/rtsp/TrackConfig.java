package dev.vigil.rtsp;

import java.time.Duration;
import java.util.Map;

/**
 * What the session half learned about one track from the SDP and SETUP.
 *
 * @param trackId        the daemon's id for the track, copied into every {@link AccessUnit}
 * @param codec          from {@code a=rtpmap} (H264, H265, MPEG4-GENERIC, PCMU, PCMA)
 * @param payloadType    the dynamic (or static 0/8) payload type of the track
 * @param clockRate      from {@code a=rtpmap}
 * @param fmtp           {@link Fmtp#parse} of the track's {@code a=fmtp}, empty if none
 * @param reorderWindow  packets held for reordering: 0 over TCP (interleaved), e.g. 16 over UDP
 * @param ssrcRelock     silence of the followed SSRC after which another SSRC takes over
 */
public record TrackConfig(
        int trackId,
        Codec codec,
        int payloadType,
        int clockRate,
        Map<String, String> fmtp,
        int reorderWindow,
        Duration ssrcRelock) {

    public static final int UDP_REORDER_WINDOW = 16;
    public static final Duration DEFAULT_SSRC_RELOCK = Duration.ofSeconds(5);

    public TrackConfig {
        fmtp = Map.copyOf(fmtp);
        if (clockRate <= 0) throw new IllegalArgumentException("clock rate " + clockRate);
        if (payloadType < 0 || payloadType > 127) throw new IllegalArgumentException("payload type " + payloadType);
    }

    /** Interleaved over the RTSP connection: nothing is reordered. */
    public static TrackConfig tcp(int trackId, Codec codec, int payloadType, int clockRate, Map<String, String> fmtp) {
        return new TrackConfig(trackId, codec, payloadType, clockRate, fmtp, 0, DEFAULT_SSRC_RELOCK);
    }

    public static TrackConfig udp(int trackId, Codec codec, int payloadType, int clockRate, Map<String, String> fmtp) {
        return new TrackConfig(trackId, codec, payloadType, clockRate, fmtp, UDP_REORDER_WINDOW, DEFAULT_SSRC_RELOCK);
    }
}
