package dev.vigil.daemon;

import dev.vigil.storage.rf1.TrackFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** One-line descriptions of I/O errors for users: the JDK's messages are often only a file name. */
final class IoProblems {
    private IoProblems() {}

    static boolean isTrackFile(Path file) {
        Path name = file.getFileName();
        return name != null && (name.toString().endsWith(TrackFiles.INDEX_SUFFIX) || name.toString().endsWith(TrackFiles.PACKETS_SUFFIX));
    }

    /** What went wrong reading {@code subject}; a different file involved is named. */
    static String describe(Path subject, IOException e) {
        if (!(e instanceof FileSystemException fse)) return e.getMessage();
        String what = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied"
                : fse.getReason() != null ? fse.getReason() : e.getClass().getSimpleName();
        String other = fse.getFile();
        return other == null || Path.of(other).equals(subject) ? what : other + ": " + what;
    }
}
