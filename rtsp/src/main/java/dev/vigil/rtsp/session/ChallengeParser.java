package dev.vigil.rtsp.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits one {@code WWW-Authenticate} value into challenges (RFC 7235 §4.1): several challenges
 * may share a value, commas inside quoted strings are not separators, and quoted strings may hold
 * {@code \"} escapes. Lenient: some cameras leave out the commas between parameters.
 */
final class ChallengeParser {

    private static final Pattern TOKEN68 = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*\\s*(,|$)");

    private final String s;
    private int pos;

    ChallengeParser(String value) {
        this.s = value;
    }

    void parseInto(List<Challenge> out) {
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            skipSeparators();
            if (pos >= s.length()) {
                break;
            }
            String token = readToken();
            if (token.isEmpty()) {
                pos++; // a stray character such as '"' or '='; skip it rather than loop
                continue;
            }
            skipWhitespace();
            if (pos < s.length() && s.charAt(pos) == '=') {
                pos++;
                skipWhitespace();
                String value = readValue();
                if (scheme != null) {
                    params.putIfAbsent(token.toLowerCase(Locale.ROOT), value);
                }
                continue;
            }
            // A token not followed by '=' starts the next challenge.
            if (scheme != null) {
                out.add(new Challenge(scheme, params));
                params = new LinkedHashMap<>();
            }
            scheme = token;
            Matcher m = TOKEN68.matcher(s).region(pos, s.length());
            if (m.lookingAt() && !looksLikeParam()) {
                pos = m.end(); // Negotiate/Bearer credentials: nothing this client uses
            }
        }
        if (scheme != null) {
            out.add(new Challenge(scheme, params));
        }
    }

    /** True if the text at pos is {@code name=} followed by something other than '=' or a comma. */
    private boolean looksLikeParam() {
        int i = pos;
        while (i < s.length() && isTokenChar(s.charAt(i))) {
            i++;
        }
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        if (i >= s.length() || s.charAt(i) != '=') {
            return false;
        }
        i++;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i < s.length() && s.charAt(i) != '=' && s.charAt(i) != ',';
    }

    private String readToken() {
        int start = pos;
        while (pos < s.length() && isTokenChar(s.charAt(pos))) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private String readValue() {
        if (pos < s.length() && s.charAt(pos) == '"') {
            pos++;
            StringBuilder sb = new StringBuilder();
            while (pos < s.length() && s.charAt(pos) != '"') {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) {
                    c = s.charAt(pos++);
                }
                sb.append(c);
            }
            pos++; // the closing quote, or past the end of an unterminated string
            return sb.toString();
        }
        int start = pos;
        while (pos < s.length() && s.charAt(pos) != ',' && !Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private void skipSeparators() {
        while (pos < s.length() && (s.charAt(pos) == ',' || Character.isWhitespace(s.charAt(pos)))) {
            pos++;
        }
    }

    private void skipWhitespace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isTokenChar(char c) {
        return c > ' ' && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
