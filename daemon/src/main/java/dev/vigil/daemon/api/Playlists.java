package dev.vigil.daemon.api;

import java.util.List;
import java.util.Locale;

/** HLS media playlists (RFC 8216) as text; the callers decide which fragments and URIs. */
final class Playlists {
    private Playlists() {}

    /**
     * One fragment of a playlist.
     *
     * @param init the URI of its init segment: where it changes from the previous item, the
     *     playlist says so with a discontinuity and a new map
     */
    record Item(String uri, long startMicros, long durationMicros, String init) {}

    /** A complete recording: every fragment, then ENDLIST. */
    static String vod(List<Item> items) {
        StringBuilder b = header(items);
        b.append("#EXT-X-PLAYLIST-TYPE:VOD\n");
        b.append("#EXT-X-MEDIA-SEQUENCE:0\n");
        items(b, items);
        return b.append("#EXT-X-ENDLIST\n").toString();
    }

    /**
     * A sliding window of what is being recorded: no ENDLIST, so players reload it.
     *
     * @param mediaSequence         the number of the first item
     * @param discontinuitySequence how many discontinuities slid out of the window before it
     */
    static String live(long mediaSequence, long discontinuitySequence, List<Item> items) {
        StringBuilder b = header(items);
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(mediaSequence).append('\n');
        b.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
        items(b, items);
        return b.toString();
    }

    private static StringBuilder header(List<Item> items) {
        long longest = items.stream().mapToLong(Item::durationMicros).max().orElse(1_000_000L);
        // EXTINF rounded to the nearest second must not exceed it (RFC 8216 §4.3.3.1).
        long target = Math.max(1, (longest + 500_000) / 1_000_000L);
        return new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-TARGETDURATION:").append(target).append('\n');
    }

    private static void items(StringBuilder b, List<Item> items) {
        String init = null;
        for (Item i : items) {
            if (!i.init().equals(init)) {
                if (init != null) b.append("#EXT-X-DISCONTINUITY\n");
                b.append("#EXT-X-MAP:URI=\"").append(i.init()).append("\"\n");
                init = i.init();
            }
            b.append("#EXT-X-PROGRAM-DATE-TIME:").append(Times.iso(i.startMicros())).append('\n');
            b.append(String.format(Locale.ROOT, "#EXTINF:%.3f,", i.durationMicros() / 1e6)).append('\n');
            b.append(i.uri()).append('\n');
        }
    }
}
