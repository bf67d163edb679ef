package dev.vigil.rtsp;

/**
 * Where depacketized media goes; implemented by the daemon. Called on the track's event loop
 * thread, one call at a time, in decoding (arrival) order per track — timestamps may go
 * backwards with B-frames; must not block for long.
 */
public interface AccessUnitSink {
    /** A complete access unit. The sink owns it; see {@link AccessUnit} for buffer ownership. */
    void accept(AccessUnit au);

    /** The stream was interrupted; the next unit of the track will have {@code lossBefore}. */
    default void gap(Gap gap) {}
}
