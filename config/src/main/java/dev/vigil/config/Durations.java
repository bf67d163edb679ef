package dev.vigil.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in the config: a whole number and one unit, {@code 500ms}, {@code 1s},
 * {@code 10m}, {@code 12h}, {@code 30d}. A day is 24 hours (retention does not care about DST).
 * No fractions and no compound forms ({@code 1h30m}): write {@code 90m}, one way to say it.
 */
final class Durations {

    static final String EXPECTED =
            "a duration such as 500ms, 10s, 5m, 12h or 30d (a whole number and one unit)";

    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {}

    /** @throws IllegalArgumentException with a message that says what is expected */
    static Duration parse(String text) {
        String t = text.strip();
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            String why = t.matches("-?\\d+") ? "has no unit"
                    : t.startsWith("-") ? "is negative" : "is not a duration";
            throw new IllegalArgumentException("'" + text + "' " + why + "; expected " + EXPECTED);
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long; expected " + EXPECTED);
        }
    }

    /** The largest exact unit, so that {@link #parse} of it gives the same duration back. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0 && ms != 0) {
            return ms / 86_400_000L + "d";
        } else if (ms % 3_600_000L == 0 && ms != 0) {
            return ms / 3_600_000L + "h";
        } else if (ms % 60_000L == 0 && ms != 0) {
            return ms / 60_000L + "m";
        } else if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }
}
