package dev.vigil.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The RF1 reference vectors from the storage test jar, expanded into a scratch directory. Inside a
 * reactor build they are a directory, from a repository they are a jar: both are read as paths.
 */
final class CliVectors {
    static final List<String> ALL = List.of("h264-clean", "h264-sliced-clean", "h265-clean", "h264-crash", "h264-torn-short", "h264-torn-zeroed");
    static final List<String> CLEAN = List.of("h264-clean", "h264-sliced-clean", "h265-clean");
    static final List<String> TORN = List.of("h264-torn-short", "h264-torn-zeroed");

    private CliVectors() {}

    static Path source(String name) throws IOException {
        URL url = CliVectors.class.getResource("/rf1/vectors/" + name);
        if (url == null) throw new IllegalStateException("vector " + name + " is not on the test classpath (storage test jar)");
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try {
                    FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    FileSystems.newFileSystem(uri, Map.of());
                }
            }
            return Path.of(uri);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies vector {@code name} into {@code dir}/{@code name}, gunzipping; returns its index file. */
    static Path expand(String name, Path dir) throws IOException {
        Path out = Files.createDirectories(dir.resolve(name));
        Path index = null;
        try (Stream<Path> files = Files.list(source(name))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString().replaceAll("/$", "");
                if (n.equals("expected.txt") || n.startsWith("expected-") || n.startsWith("source.")) continue;
                Path target = out.resolve(n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n);
                try (InputStream in = n.endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(f)) : Files.newInputStream(f)) {
                    Files.copy(in, target);
                }
                if (target.toString().endsWith(".rf1i")) index = target;
            }
        }
        if (index == null) throw new IllegalStateException("vector " + name + " has no .rf1i");
        return index;
    }

    static String expected(String name) throws IOException {
        return Files.readString(source(name).resolve("expected.txt"));
    }
}
