package dev.vigil.daemon;

import dev.vigil.storage.rf1.TrackFiles;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tracks named by command-line paths: files as given, directories walked for {@code *.rf1i}
 * (sorted), plus every {@code .rf1p} whose index is missing so that the check reports it. A track
 * named twice (both its files, or a file inside a directory also given) is checked once.
 */
final class TrackFinder {
    /** A path that could not be searched. */
    record Unreadable(Path path, String problem) {}

    private final Map<Path, Path> tracks = new LinkedHashMap<>();
    private final List<Unreadable> unreadable = new ArrayList<>();

    void add(Path path) {
        if (Files.isDirectory(path)) {
            walk(path);
        } else if (!Files.exists(path) && !IoProblems.isTrackFile(path)) {
            // A track file may name a missing partner; anything else that does not exist is a typo.
            unreadable.add(new Unreadable(path, "no such file or directory"));
        } else {
            addTrack(path);
        }
    }

    /** Tracks in the order found, each by the path that first named it. */
    List<Path> tracks() {
        return List.copyOf(tracks.values());
    }

    List<Unreadable> unreadable() {
        return unreadable;
    }

    private void walk(Path dir) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(TrackFiles.INDEX_SUFFIX)) found.add(file);
                    else if (name.endsWith(TrackFiles.PACKETS_SUFFIX) && !Files.exists(TrackFiles.fromEither(file).index())) found.add(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    unreadable.add(new Unreadable(file, "cannot search: " + IoProblems.describe(file, e)));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            unreadable.add(new Unreadable(dir, "cannot search: " + IoProblems.describe(dir, e)));
        }
        found.sort(null);
        found.forEach(this::addTrack);
    }

    private void addTrack(Path file) {
        Path key = IoProblems.isTrackFile(file) ? TrackFiles.fromEither(file).index() : file;
        tracks.putIfAbsent(key.toAbsolutePath().normalize(), file);
    }
}
