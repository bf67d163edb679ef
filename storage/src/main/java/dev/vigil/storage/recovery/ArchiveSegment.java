package dev.vigil.storage.recovery;

import dev.vigil.storage.rf1.TrackFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The track files on disk that share one camera and base name: one segment as the disk sees it. */
record ArchiveSegment(String camera, Path dir, String base, List<TrackFiles> tracks) {
    /** Segments under {@code root/<camera>/}, by camera then base; files that are not RF1 are ignored. */
    static List<ArchiveSegment> scan(Path root) throws IOException {
        List<ArchiveSegment> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (Stream<Path> cameras = Files.list(root)) {
            for (Path dir : cameras.filter(Files::isDirectory).sorted().toList()) {
                Map<String, List<TrackFiles>> byBase = new TreeMap<>();
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        String name = f.getFileName().toString();
                        int underscore = name.indexOf('_');
                        boolean index = name.endsWith(TrackFiles.INDEX_SUFFIX);
                        if (underscore <= 0 || !(index || name.endsWith(TrackFiles.PACKETS_SUFFIX))) continue;
                        TrackFiles track = TrackFiles.fromEither(f);
                        // A packets file is listed through its index; one without an index still counts.
                        if (!index && Files.exists(track.index())) continue;
                        byBase.computeIfAbsent(name.substring(0, underscore), b -> new ArrayList<>()).add(track);
                    }
                }
                String camera = dir.getFileName().toString();
                byBase.forEach((base, tracks) -> out.add(new ArchiveSegment(camera, dir, base, tracks)));
            }
        }
        return out;
    }

    /** The track name of {@code t}: what follows the base and its underscore. */
    String trackName(TrackFiles t) {
        String n = t.index().getFileName().toString();
        return n.substring(base.length() + 1, n.length() - TrackFiles.INDEX_SUFFIX.length());
    }
}
