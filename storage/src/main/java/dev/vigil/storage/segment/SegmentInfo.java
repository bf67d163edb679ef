package dev.vigil.storage.segment;

import java.nio.file.Path;
import java.util.List;

/**
 * One segment as the catalog sees it.
 *
 * @param dir the camera's directory
 * @param base the file-name base shared by its tracks (the start in Unix milliseconds)
 * @param startMicros the time base of its tracks, microseconds since the epoch
 * @param endMicros where it ends: the next segment's start after a roll, else the last frame's
 *     time plus one frame interval
 * @param tracks the track names, video first
 * @param entries index entries over all tracks
 * @param bytes packet bytes over all tracks
 * @param startsWithKeyFrame false when a hard roll cut a GOP and this segment continues it
 * @param closed false while it is being written
 */
public record SegmentInfo(Path dir, String base, long startMicros, long endMicros, List<String> tracks,
                          int entries, long bytes, boolean startsWithKeyFrame, boolean closed) {
    public SegmentInfo {
        tracks = List.copyOf(tracks);
    }
}
