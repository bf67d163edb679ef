package dev.vigil.daemon.api;

import java.util.regex.Pattern;

/**
 * The one gate between a name in a URL (or on the command line) and the storage root: a name is
 * used only when it is a single plain path element, by the config's own rule for camera names, so
 * {@code ..}, {@code a/b}, absolute paths and NUL never reach a file system call.
 */
final class CameraNames {
    static final String RULE = "letters, digits, '-' and '_' only, at most 64";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private CameraNames() {}

    static boolean isSafe(String name) {
        return name != null && SAFE.matcher(name).matches();
    }

    /** Quoted for a message, with control characters shown as escapes and long names cut. */
    static String quote(String name) {
        StringBuilder b = new StringBuilder("'");
        String s = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('\'').toString();
    }
}
