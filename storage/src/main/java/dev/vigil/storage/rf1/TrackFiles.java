package dev.vigil.storage.rf1;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The two files of one track of one segment: {@code <dir>/<base>_<track>.rf1i} and {@code .rf1p}.
 * In the archive layout {@code <base>} is the segment's start in Unix milliseconds.
 */
public record TrackFiles(Path index, Path packets) {
    public static final String INDEX_SUFFIX = ".rf1i";
    public static final String PACKETS_SUFFIX = ".rf1p";
    private static final Pattern FORBIDDEN = Pattern.compile("[/.\\\\#!@%^&*?<>|()\\s]");

    public static TrackFiles of(Path dir, String base, String track) {
        checkName("track", track);
        checkName("base", base);
        return new TrackFiles(dir.resolve(base + "_" + track + INDEX_SUFFIX), dir.resolve(base + "_" + track + PACKETS_SUFFIX));
    }

    /** The pair of an index file, given either of the two names. */
    public static TrackFiles fromEither(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(INDEX_SUFFIX) || name.endsWith(PACKETS_SUFFIX)) {
            String stem = name.substring(0, name.length() - INDEX_SUFFIX.length());
            return new TrackFiles(file.resolveSibling(stem + INDEX_SUFFIX), file.resolveSibling(stem + PACKETS_SUFFIX));
        }
        throw new IllegalArgumentException(file + " is neither an .rf1i nor an .rf1p file");
    }

    /** Rejects a name that would not be one clean file-name element (the spec's forbidden characters). */
    public static void checkName(String what, String name) {
        if (name == null || name.isEmpty() || FORBIDDEN.matcher(name).find())
            throw new IllegalArgumentException(what + " name '" + name + "' must be non-empty and free of / . \\ # ! @ % ^ & * ? < > | ( ) and spaces");
    }
}
