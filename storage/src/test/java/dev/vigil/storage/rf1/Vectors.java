package dev.vigil.storage.rf1;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** The reference vectors from the test resources, expanded (gunzipped) into a scratch directory. */
final class Vectors {
    static final List<String> ALL = List.of("h264-clean", "h264-sliced-clean", "h265-clean", "h264-crash", "h264-torn-short", "h264-torn-zeroed");
    static final List<String> CLEAN = List.of("h264-clean", "h264-sliced-clean", "h265-clean");

    private Vectors() {}

    static Path source(String name) {
        try {
            return Path.of(Vectors.class.getResource("/rf1/vectors/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies vector {@code name} into {@code dir}/{@code name}, gunzipping; returns its index file. */
    static Path expand(String name, Path dir) throws IOException {
        Path out = Files.createDirectories(dir.resolve(name));
        try (Stream<Path> files = Files.list(source(name))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (n.endsWith(".gz")) {
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                        Files.copy(in, out.resolve(n.substring(0, n.length() - 3)));
                    }
                } else {
                    Files.copy(f, out.resolve(n));
                }
            }
        }
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(p -> p.toString().endsWith(".rf1i")).findFirst().orElseThrow();
        }
    }

    static String expected(String name, String file) {
        try {
            return Files.readString(source(name).resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of expected.txt: {@code index pts location length flags}. */
    record Line(int index, int pts, long location, int length, int flags) {}

    static List<Line> lines(String name) {
        List<Line> out = new ArrayList<>();
        String[] rows = expected(name, "expected.txt").split("\n");
        for (int i = 1; i < rows.length; i++) {
            String[] f = rows[i].trim().split(" ");
            out.add(new Line(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4])));
        }
        return out;
    }

    static String[] header(String name) {
        return expected(name, "expected.txt").split("\n")[0].trim().split(" ");
    }

    static ByteBuffer read(Path p) {
        try {
            return ByteBuffer.wrap(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
