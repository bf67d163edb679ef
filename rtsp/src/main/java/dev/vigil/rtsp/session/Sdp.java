package dev.vigil.rtsp.session;

import java.util.List;

/**
 * A session description as returned by DESCRIBE (RFC 8866, the successor of RFC 4566), reduced to
 * what an RTSP client needs, parsed leniently: cameras send broken descriptions and still stream.
 *
 * @param version     the v= value; -1 if the line is missing or not a number
 * @param origin      the o= line's value; null if missing (several cameras omit it)
 * @param name        the s= value; "" if missing
 * @param connection  the session-level c= value; null if absent
 * @param control     the session-level {@code a=control}; null if absent
 * @param attributes  every session-level {@code a=} line, in order
 * @param media       the m= sections, in order
 * @param warnings    what was skipped and why, one line each, for a debug log
 */
record Sdp(int version, String origin, String name, String connection, String control,
        List<SdpAttribute> attributes, List<SdpMedia> media, List<String> warnings) {

    Sdp {
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
        warnings = List.copyOf(warnings);
    }

    /** Never throws on content; an empty or garbage text gives a description without media. */
    static Sdp parse(String text) {
        return new SdpParser().parse(text);
    }
}
