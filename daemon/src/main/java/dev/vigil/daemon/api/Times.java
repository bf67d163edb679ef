package dev.vigil.daemon.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/** The API's times: parsed from a query parameter, written as ISO-8601 in UTC. Values are µs since the epoch. */
final class Times {
    static final String FORMATS = "an ISO-8601 time with a zone or offset (2026-11-21T08:00:00Z, 2026-11-21T09:00:00+01:00)"
            + " or epoch milliseconds (1795248000000)";
    private static final Pattern MILLIS = Pattern.compile("-?\\d{1,16}");
    /** A '+' in a query string decodes to a space: "08:00:00 01:00" was "08:00:00+01:00". */
    private static final Pattern SPACE_FOR_PLUS = Pattern.compile("(T[0-9:.,]+) (\\d{2}(:?\\d{2})?)$");

    private Times() {}

    /** @throws IllegalArgumentException with a message naming the parameter and the formats accepted */
    static long parseMicros(String name, String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException("missing '" + name + "': give " + FORMATS);
        String v = value.trim();
        if (MILLIS.matcher(v).matches()) return Math.multiplyExact(Long.parseLong(v), 1000L);
        v = SPACE_FOR_PLUS.matcher(v).replaceFirst("$1+$2");
        try {
            Instant t = OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + name + "' is not a time: '" + value + "'; give " + FORMATS);
        }
    }

    static String iso(long micros) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(Math.floorDiv(micros, 1000L)));
    }

    static long millis(long micros) {
        return Math.floorDiv(micros, 1000L);
    }
}
