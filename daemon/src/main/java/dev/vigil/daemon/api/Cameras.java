package dev.vigil.daemon.api;

import dev.vigil.storage.segment.SegmentInfo;
import java.util.List;
import java.util.Optional;

/**
 * What the running daemon knows of its cameras beyond the catalog: which are configured, how they
 * are doing, and the segment each is writing. The export command has the config only.
 */
public interface Cameras {
    /** The configured cameras, in config order. */
    List<String> configured();

    /** Empty for a camera that is not recording in this process. */
    Optional<Status> status(String camera);

    /** The segment being written, as of its last flush (fresher than the catalog's row). */
    Optional<SegmentInfo> openSegment(String camera);

    /**
     * @param state          recording, connecting, stalled or disabled
     * @param fps            frames stored per second lately, NaN when not known yet
     * @param bitrateBps     media bits stored per second lately, NaN when not known yet
     * @param lastFrameMicros wall time of the last frame stored, {@link Long#MIN_VALUE} before any
     */
    record Status(String state, double fps, double bitrateBps, long lastFrameMicros) {}

    /** The config's cameras and nothing live: what {@code vigil export} has. */
    static Cameras of(List<String> configured) {
        List<String> names = List.copyOf(configured);
        return new Cameras() {
            @Override
            public List<String> configured() {
                return names;
            }

            @Override
            public Optional<Status> status(String camera) {
                return Optional.empty();
            }

            @Override
            public Optional<SegmentInfo> openSegment(String camera) {
                return Optional.empty();
            }
        };
    }
}
