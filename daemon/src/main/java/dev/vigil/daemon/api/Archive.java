package dev.vigil.daemon.api;

import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.catalog.SegmentRecord;
import dev.vigil.storage.catalog.SegmentState;
import dev.vigil.storage.mp4.GapMode;
import dev.vigil.storage.mp4.Mp4Plan;
import dev.vigil.storage.mp4.Mp4Planner;
import dev.vigil.storage.mp4.SegmentRef;
import dev.vigil.storage.segment.SegmentInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The recordings of one storage root as the API and {@code vigil export} plan them: camera names
 * checked, segments looked up in the catalog (plus the one before a hard-rolled first segment, and
 * the writer's fresher view of an open one), and plans made. Shared so that both give the same bytes.
 */
public final class Archive {
    private final Path root;
    private final Catalog catalog;
    private final Cameras cameras;

    public Archive(Path root, Catalog catalog, Cameras cameras) {
        this.root = root;
        this.catalog = catalog;
        this.cameras = cameras;
    }

    Catalog catalog() {
        return catalog;
    }

    Cameras cameras() {
        return cameras;
    }

    /** Configured cameras first (config order), then any others the catalog has recordings of. */
    List<String> names() {
        Set<String> all = new LinkedHashSet<>(cameras.configured());
        all.addAll(catalog.cameras());
        return List.copyOf(all);
    }

    /**
     * {@code name} if it is a camera of this archive, checked as a safe path element first.
     *
     * @throws ApiProblem 400 for a name that could not be a camera, 404 for an unknown one
     */
    public String camera(String name) {
        if (!CameraNames.isSafe(name)) {
            throw new ApiProblem(400, "camera name " + CameraNames.quote(name) + " is not valid (" + CameraNames.RULE + ")");
        }
        List<String> names = names();
        if (!names.contains(name)) {
            throw new ApiProblem(404, "no camera '" + name + "'" + (names.isEmpty() ? "; there are none" : "; cameras: " + String.join(", ", names)));
        }
        return name;
    }

    /** The camera's directory; only for a name {@link #camera} accepted. */
    Path dir(String camera) {
        return root.resolve(camera);
    }

    /** Segments overlapping {@code [from, to)}, with the one before a first segment that continues a GOP. */
    List<SegmentRef> segments(String camera, long from, long to) {
        List<SegmentRecord> rows = new ArrayList<>(catalog.segments(camera, from, to));
        if (!rows.isEmpty() && !rows.get(0).startsWithKeyFrame()) {
            long s = rows.get(0).startMicros();
            List<SegmentRecord> before = catalog.segments(camera, s - 1, s);
            before.removeIf(r -> r.startMicros() >= s);
            if (!before.isEmpty()) rows.add(0, before.get(before.size() - 1));
        }
        Optional<SegmentInfo> open = cameras.openSegment(camera);
        List<SegmentRef> refs = new ArrayList<>(rows.size());
        for (SegmentRecord r : rows) {
            if (r.state() == SegmentState.OPEN && open.isPresent() && open.get().base().equals(r.base())) {
                refs.add(SegmentRef.of(open.get()));
            } else {
                refs.add(SegmentRef.of(dir(camera), r));
            }
        }
        return refs;
    }

    /** The plan of {@code [from, to)}; may be empty. */
    Mp4Plan plan(String camera, long from, long to, GapMode gaps) throws IOException {
        return Mp4Planner.plan(segments(camera, from, to), from, to, gaps);
    }

    /** A 404 for a range with nothing in it, saying where the nearest recording is. */
    ApiProblem nothingIn(String camera, long from, long to) {
        String what = "no recording of camera '" + camera + "' between " + Times.iso(from) + " and " + Times.iso(to);
        Optional<long[]> extent = catalog.extent(camera);
        if (extent.isEmpty()) return new ApiProblem(404, what + "; it has no recordings at all");
        long first = extent.get()[0], last = extent.get()[1];
        if (to <= first) return new ApiProblem(404, what + "; its recordings start at " + Times.iso(first));
        if (from >= last) return new ApiProblem(404, what + "; its recordings end at " + Times.iso(last));
        long day = 86_400_000_000L;
        var runs = catalog.recordings(camera, from - day, to + day).runs();
        String before = null, after = null;
        for (var r : runs) {
            if (r.endMicros() <= from) before = Times.iso(r.endMicros());
            if (r.startMicros() >= to && after == null) after = Times.iso(r.startMicros());
        }
        StringBuilder b = new StringBuilder(what);
        if (before != null) b.append("; the recording before ends at ").append(before);
        if (after != null) b.append("; the next recording starts at ").append(after);
        return new ApiProblem(404, b.toString());
    }
}
