package dev.vigil.config;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes, written in the config like {@code 500MB}, {@code 2GiB} or {@code 1.5TB}.
 *
 * <p>Units, chosen to mean exactly what the disk vendor and {@code df -h} mean respectively:
 * <ul>
 *   <li>decimal: {@code B}, {@code kB} (or {@code KB}), {@code MB}, {@code GB}, {@code TB},
 *       {@code PB} are powers of 1000;</li>
 *   <li>binary: {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB}, {@code PiB} are powers of 1024.</li>
 * </ul>
 * A unit is required (a bare {@code 500} is ambiguous), suffixes are case-sensitive because
 * {@code Mb} usually means megabits, and a fraction is allowed and rounded down to whole bytes.
 */
public record DataSize(long bytes) implements Comparable<DataSize> {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]+)");

    private enum Unit {
        B(1), kB(1_000L), KB(1_000L), MB(1_000_000L), GB(1_000_000_000L), TB(1_000_000_000_000L),
        PB(1_000_000_000_000_000L),
        KiB(1L << 10), MiB(1L << 20), GiB(1L << 30), TiB(1L << 40), PiB(1L << 50);

        final long factor;

        Unit(long factor) {
            this.factor = factor;
        }
    }

    static final String EXPECTED = "a size such as 500MB or 2GiB (units B, kB, MB, GB, TB, PB"
            + " are powers of 1000; KiB, MiB, GiB, TiB, PiB are powers of 1024)";

    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative: " + bytes);
        }
    }

    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    /**
     * Parses {@code 500MB}, {@code 2GiB}, {@code 1.5TB}.
     *
     * @throws IllegalArgumentException with a message that says what is expected
     */
    public static DataSize parse(String text) {
        String t = text.strip();
        if (t.startsWith("-")) {
            throw new IllegalArgumentException("'" + text + "' is negative; expected " + EXPECTED);
        }
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            String hint = t.matches("\\d+(\\.\\d+)?") ? "'" + text + "' has no unit; expected "
                    : "'" + text + "' is not a size; expected ";
            throw new IllegalArgumentException(hint + EXPECTED);
        }
        Unit unit;
        try {
            unit = Unit.valueOf(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + m.group(2)
                    + "'; expected " + EXPECTED);
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit.factor));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large (at most 8EiB)");
        }
        return new DataSize(bytes.longValue());
    }

    /** The shortest exact spelling, so that {@link #parse} of it gives this size back. */
    @Override
    public String toString() {
        if (bytes == 0) {
            return "0B";
        }
        String best = bytes + "B";
        for (Unit unit : Unit.values()) {
            if (unit != Unit.KB && bytes % unit.factor == 0) {
                String candidate = (bytes / unit.factor) + unit.name();
                if (candidate.length() < best.length()) {
                    best = candidate;
                }
            }
        }
        return best;
    }

    @Override
    public int compareTo(DataSize other) {
        return Long.compare(bytes, other.bytes);
    }
}
