package dev.vigil.rtsp.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One entry of the {@code RTP-Info} PLAY response header (RFC 2326 §12.33): where each track's
 * RTP sequence numbers and timestamps start, which lets the first packets be matched to the
 * play position.
 *
 * @param url     the track URL as the server wrote it (absolute or not)
 * @param seq     the first sequence number; empty if absent or not 0..65535
 * @param rtpTime the RTP timestamp at the play position; empty if absent or not 0..2^32-1
 */
record RtpInfo(String url, OptionalInt seq, OptionalLong rtpTime) {

    /** Entries are separated by commas, but URLs may hold commas: split only before "url=". */
    private static final Pattern ENTRY_SPLIT = Pattern.compile(",\\s*(?=[uU][rR][lL]\\s*=)");

    /** Every entry of the header, in order; entries without a url are dropped. Never throws. */
    static List<RtpInfo> parse(String value) {
        List<RtpInfo> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String entry : ENTRY_SPLIT.split(value.strip())) {
            RtpInfo info = parseEntry(entry);
            if (info != null) {
                out.add(info);
            }
        }
        return out;
    }

    private static RtpInfo parseEntry(String entry) {
        String url = null;
        OptionalInt seq = OptionalInt.empty();
        OptionalLong rtpTime = OptionalLong.empty();
        for (String part : entry.split(";")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String val = p.substring(eq + 1).strip();
            switch (key) {
                case "url" -> url = val.replace("\"", "");
                case "seq" -> {
                    int s = Numbers.parseInt(val, -1);
                    seq = s >= 0 && s <= 0xffff ? OptionalInt.of(s) : OptionalInt.empty();
                }
                case "rtptime" -> {
                    long t = Numbers.parseLong(val, -1);
                    rtpTime = t >= 0 && t <= 0xffffffffL ? OptionalLong.of(t) : OptionalLong.empty();
                }
                default -> {
                    // ssrc and other extensions
                }
            }
        }
        return url == null || url.isEmpty() ? null : new RtpInfo(url, seq, rtpTime);
    }

    /**
     * The entry for a track: the one whose url equals its SETUP URL, else the one whose url the
     * SETUP URL ends with, or that ends with it (servers answer with relative urls, another host
     * name, or a dropped query), else the one at the track's position when the counts match.
     *
     * @return null if none fits
     */
    static RtpInfo forTrack(List<RtpInfo> infos, String setupUrl, int index, int trackCount) {
        for (RtpInfo i : infos) {
            if (i.url.equals(setupUrl)) {
                return i;
            }
        }
        String setupPath = withoutOrigin(setupUrl);
        for (RtpInfo i : infos) {
            String p = withoutOrigin(i.url);
            if (p.length() > 1 && setupPath.length() > 1 && (setupPath.endsWith(p) || p.endsWith(setupPath))) {
                return i;
            }
        }
        return infos.size() == trackCount && index >= 0 && index < infos.size() ? infos.get(index) : null;
    }

    private static String withoutOrigin(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int slash = url.indexOf('/', scheme + 3);
        return slash < 0 ? "" : url.substring(slash);
    }
}
