package dev.vigil.daemon.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a body of known length, from a {@code Range} header (RFC 9110 §14): {@code
 * bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}.
 *
 * @param from first byte
 * @param to   one past the last byte
 */
record ByteRange(long from, long to) {
    private static final Pattern SINGLE = Pattern.compile("bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*", Pattern.CASE_INSENSITIVE);

    /** What a Range header asks of a body of {@code length} bytes. */
    sealed interface Request permits Whole, Part, Unsatisfiable {}

    /** No range, another unit, or several ranges: the whole body (which RFC 9110 allows). */
    record Whole() implements Request {}

    record Part(ByteRange range) implements Request {}

    record Unsatisfiable(String why) implements Request {}

    long length() {
        return to - from;
    }

    /** {@code bytes a-b/length} for Content-Range. */
    String contentRange(long total) {
        return "bytes " + from + "-" + (to - 1) + "/" + total;
    }

    static Request parse(Optional<String> header, long length) {
        if (header.isEmpty()) return new Whole();
        String h = header.get().trim();
        if (!h.regionMatches(true, 0, "bytes", 0, 5)) return new Whole();
        if (h.indexOf(',') >= 0) return new Whole();
        Matcher m = SINGLE.matcher(h);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return new Unsatisfiable("malformed Range '" + h + "'; use bytes=FIRST-LAST, bytes=FIRST- or bytes=-SUFFIX");
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0) return new Unsatisfiable("the suffix range bytes=-0 is empty");
                return new Part(new ByteRange(Math.max(0, length - suffix), length));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? length - 1 : Math.min(Long.parseLong(m.group(2)), length - 1);
            if (first >= length) return new Unsatisfiable("range " + h + " starts at or after the end of the " + length + "-byte file");
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                return new Unsatisfiable("range " + h + " ends before it starts");
            }
            return new Part(new ByteRange(first, last + 1));
        } catch (NumberFormatException e) {
            return new Unsatisfiable("range " + h + " has a number too large");
        }
    }

    /**
     * Whether a Range may be honoured given {@code If-Range}: only when it is absent or names the
     * current entity tag exactly (a date, or a weak or stale tag, means "send it all").
     */
    static boolean ifRangeAllows(Optional<String> ifRange, String quotedEtag) {
        return ifRange.isEmpty() || ifRange.get().trim().equals(quotedEtag);
    }
}
