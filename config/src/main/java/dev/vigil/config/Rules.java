package dev.vigil.config;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The value rules, shared by the loader (which reports them with a line and column) and by the
 * records' constructors (which guard configs built in code, e.g. by the daemon's tests).
 * Each check returns null when the value is fine, else the message.
 */
final class Rules {

    /** Becomes a directory under the storage root; no dots, so neither "." nor ".." can sneak in. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    static final String NAME_RULE = "letters, digits, '-' and '_' only, at most 64";

    /** The segment header stores the duration in 10 bits of seconds. */
    static final Duration MAX_SEGMENT_DURATION = Duration.ofSeconds(1023);

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Rules() {}

    static String cameraName(String name) {
        return SAFE_NAME.matcher(name).matches() ? null
                : "'" + name + "' is not a safe directory name (" + NAME_RULE + ")";
    }

    static String positive(Duration d) {
        return d.isZero() || d.isNegative()
                ? "must be longer than zero; expected " + Durations.EXPECTED : null;
    }

    static String segmentDuration(Duration d) {
        String notPositive = positive(d);
        if (notPositive != null) {
            return notPositive;
        }
        return d.compareTo(MAX_SEGMENT_DURATION) > 0
                ? "'" + Durations.format(d) + "' is too long; a segment lasts at most 1023s" : null;
    }

    static String envName(String name) {
        return ENV_NAME.matcher(name).matches() ? null
                : "'" + name + "' is not an environment variable name (letters, digits and '_',"
                        + " not starting with a digit)";
    }

    /** Turns a rule's message into the exception a record constructor throws. */
    static void check(String what, String message) {
        if (message != null) {
            throw new IllegalArgumentException(what + ": " + message);
        }
    }
}
