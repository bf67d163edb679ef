package dev.vigil.config;

/**
 * One thing wrong with a config file, located so the user can jump to it.
 *
 * @param source file name as given to the loader (e.g. {@code vigil.yaml})
 * @param line   1-based line, or 0 when the problem has no position (missing file)
 * @param column 1-based column, or 0 when the problem has no position
 * @param path   key path such as {@code cameras[1].name}, or empty for the whole file
 * @param message what is wrong and what is expected, one line
 */
public record Problem(String source, int line, int column, String path, String message) {

    /** {@code vigil.yaml:12:5: cameras[1].name: 'front door' is not ...} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line).append(':').append(column);
        }
        sb.append(": ");
        if (!path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(message).toString();
    }
}
