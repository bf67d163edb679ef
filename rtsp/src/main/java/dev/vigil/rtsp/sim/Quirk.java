package dev.vigil.rtsp.sim;

/**
 * One misbehaviour of a real camera the simulated camera can reproduce, so that the client's
 * tolerance of it is a regression test. Each one is off unless listed in {@link Quirks}.
 * Faults marked "first connection" happen once per camera, so that the reconnect that follows
 * them can be seen to work.
 */
public enum Quirk {
    /** Old live555 servers: RTP of a previous session (another SSRC) keeps arriving on the new connection, ahead of each frame. */
    STALE_STREAM,
    /** Interleaved RTP of a foreign SSRC right after the SETUP answer, and the first frames before the PLAY answer. */
    FOREIGN_RTP_BEFORE_PLAY,
    /** Every answer echoes the CSeq of the request before (the first its own). */
    STALE_CSEQ,
    /** Public lists SET_PARAMETER, which is answered 400 Bad Request. */
    SET_PARAMETER_400,
    /** RTP-Info whose seq and rtptime have nothing to do with the stream. */
    BOGUS_RTP_INFO,
    /** RTCP sender reports and BYEs from an SSRC that was never announced, every second. */
    FOREIGN_RTCP,
    /** GET_PARAMETER closes the connection without an answer. */
    DROP_ON_GET_PARAMETER,
    /** The Session header has no timeout= (RFC 2326's default of 60 s applies, and is enforced). */
    NO_SESSION_TIMEOUT,
    /** GET_PARAMETER is answered 454 Session Not Found, while the session goes on. */
    GET_PARAMETER_454,
    /** A packet of the unassigned payload type 50 in the video SSRC's sequence every fifth frame. */
    PAYLOAD_TYPE_50,
    /** An SDP with trailing spaces on every line and no o= line. */
    MALFORMED_SDP,
    /** Interleaved frames on channel 7, which was never set up, before PLAY and every tenth frame. */
    CHANNEL_7,
    /** Garbage bytes and a frame for channel 200 between frames, every seventh frame (TCP). */
    GARBAGE,
    /** First connection, after one second: a frame header whose length is 8 bytes more than the frame sent (TCP). */
    BOGUS_LENGTH,
    /**
     * After one second, on every connection: a frame header announcing {@link Quirks#LYING_LENGTH}
     * bytes ahead of a short packet, then the stream goes on as usual (TCP).
     */
    LYING_LENGTH,
    /** First connection, after one second: an RTSP answer whose headers never end (TCP). */
    ENDLESS_HEADER,
    /**
     * After one second (plus five frames) the timestamps jump forward by {@link Quirks#TIMESTAMP_JUMP},
     * a second later back by twice that.
     */
    TIMESTAMP_JUMPS,
    /** The SDP offers only video a recorder does not take: MJPEG (static payload type 26) and VP8. */
    UNSUPPORTED_CODECS,
    /** SETUP for UDP is answered 461 Unsupported Transport. */
    REFUSE_UDP,
    /** SETUP for UDP succeeds but no packet ever arrives (a firewall, a NAT). */
    SILENT_UDP
}
