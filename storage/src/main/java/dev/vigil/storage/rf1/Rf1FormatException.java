package dev.vigil.storage.rf1;

import java.io.IOException;
import java.nio.file.Path;

/** A file is not RF1, or is damaged beyond what recovery repairs. The message names the file. */
public class Rf1FormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String problem;

    public Rf1FormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.problem = problem;
    }

    /** What is wrong, without the file name (for callers that name the file themselves). */
    public String problem() {
        return problem;
    }
}
