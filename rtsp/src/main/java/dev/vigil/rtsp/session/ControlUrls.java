package dev.vigil.rtsp.session;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The URLs an RTSP client sends SETUP and PLAY to, from a DESCRIBE answer (RFC 2326 §C.1.1).
 * None of them carries user info, whatever the inputs held.
 *
 * @param aggregate the URL for aggregate PLAY/TEARDOWN: the session-level control, resolved
 * @param media     one SETUP URL per m= section, in SDP order
 */
record ControlUrls(String aggregate, List<String> media) {

    ControlUrls {
        media = List.copyOf(media);
    }

    /**
     * @param requestUrl      the DESCRIBE request URL
     * @param contentBase     the Content-Base header; null if absent
     * @param contentLocation the Content-Location header; null if absent
     */
    static ControlUrls of(Sdp sdp, String requestUrl, String contentBase, String contentLocation) {
        String base = base(requestUrl, contentBase, contentLocation);
        List<String> media = new ArrayList<>();
        for (SdpMedia m : sdp.media()) {
            media.add(resolve(base, m.control()));
        }
        return new ControlUrls(resolve(base, sdp.control()), media);
    }

    /** The base URL: Content-Base, else Content-Location, else the request URL. */
    static String base(String requestUrl, String contentBase, String contentLocation) {
        String request = stripUserInfo(requestUrl.strip());
        for (String candidate : new String[] {contentBase, contentLocation}) {
            if (candidate != null && !candidate.isBlank()) {
                return stripUserInfo(againstRequest(request, candidate.strip()));
            }
        }
        return request;
    }

    /**
     * One control value against the base. Relative values are appended, not resolved by RFC 3986
     * rules: cameras (live555, Hikvision, Dahua) and clients (ffmpeg, gortsplib) all treat
     * {@code rtsp://h/stream} + {@code trackID=1} as {@code rtsp://h/stream/trackID=1}, and Dahua's
     * Content-Base {@code rtsp://h/cam/realmonitor?channel=1&subtype=0/} only works that way.
     *
     * @param control the a=control value; null, blank or {@code *} mean the base itself
     */
    static String resolve(String base, String control) {
        if (control == null || control.isBlank() || control.strip().equals("*")) {
            return base;
        }
        String c = control.strip();
        if (isAbsolute(c)) {
            return stripUserInfo(c);
        }
        if (c.startsWith("/")) {
            // An absolute path replaces the base's path (and query), as RFC 3986 says.
            return origin(base) + c;
        }
        if (c.startsWith("?") || base.endsWith("/")) {
            return base + c;
        }
        return base + "/" + c;
    }

    private static boolean isAbsolute(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("rtsp://") || lower.startsWith("rtsps://") || lower.startsWith("rtspu://");
    }

    /** A relative Content-Base or Content-Location (allowed by RFC 2616 §14.14) is relative to the request. */
    private static String againstRequest(String request, String header) {
        if (isAbsolute(header)) {
            return header;
        }
        try {
            return new URI(request).resolve(new URI(header)).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return request; // a header we cannot make sense of is no better than none
        }
    }

    /** {@code scheme://host[:port]} of a URL. */
    private static String origin(String url) {
        int start = url.indexOf("://");
        if (start < 0) {
            return url;
        }
        int end = start + 3;
        while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') {
            end++;
        }
        return url.substring(0, end);
    }

    /** Removes {@code user[:password]@} from a URL; the last '@' before the path ends it. */
    static String stripUserInfo(String url) {
        int start = url.indexOf("://");
        if (start < 0) {
            return url;
        }
        int slash = url.indexOf('/', start + 3);
        int end = slash < 0 ? url.length() : slash;
        int at = url.lastIndexOf('@', end - 1);
        if (at < start + 3) {
            return url;
        }
        return url.substring(0, start + 3) + url.substring(at + 1);
    }
}
