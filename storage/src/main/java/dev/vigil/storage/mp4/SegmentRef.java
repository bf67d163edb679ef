package dev.vigil.storage.mp4;

import dev.vigil.storage.catalog.SegmentRecord;
import dev.vigil.storage.segment.SegmentInfo;
import java.nio.file.Path;
import java.util.List;

/**
 * One segment to export from: where its files are and the times the catalog gives it. Runs are
 * recognised by exact contiguity ({@code next.startMicros == previous.endMicros}).
 *
 * @param dir the camera's directory
 * @param base the file-name base of its tracks
 * @param startsWithKeyFrame false when a hard roll cut a GOP: a key frame must be looked for in
 *     the segment before it
 */
public record SegmentRef(Path dir, String base, long startMicros, long endMicros, List<String> tracks, boolean startsWithKeyFrame) {
    public SegmentRef {
        tracks = List.copyOf(tracks);
    }

    /** A catalog row; {@code cameraDir} is {@code <root>/<camera>}. */
    public static SegmentRef of(Path cameraDir, SegmentRecord r) {
        return new SegmentRef(cameraDir, r.base(), r.startMicros(), r.endMicros(), r.tracks(), r.startsWithKeyFrame());
    }

    public static SegmentRef of(SegmentInfo s) {
        return new SegmentRef(s.dir(), s.base(), s.startMicros(), s.endMicros(), s.tracks(), s.startsWithKeyFrame());
    }

    boolean has(String track) {
        return tracks.contains(track);
    }
}
