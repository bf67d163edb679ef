package dev.vigil.rtsp.session;

/** What a media section carries, as far as a recorder cares. */
enum Codec {
    H264(true),
    H265(true),
    /** AAC in RFC 3640 {@code mpeg4-generic} framing. */
    AAC(true),
    /** AAC in RFC 6416 LATM framing: recognised so the log can name it, but not recorded. */
    MP4A_LATM(false),
    PCMU(true),
    PCMA(true),
    UNKNOWN(false);

    private final boolean supported;

    Codec(boolean supported) {
        this.supported = supported;
    }

    boolean supported() {
        return supported;
    }

    /**
     * @param mediaType the m= media type, lower-case
     * @param pt        the payload type
     * @param rtpMap    its rtpmap, or null
     */
    static Codec of(String mediaType, int pt, RtpMap rtpMap) {
        if (rtpMap == null) {
            // RFC 3551 static payload types need no rtpmap.
            return switch (pt) {
                case 0 -> PCMU;
                case 8 -> PCMA;
                default -> UNKNOWN;
            };
        }
        return switch (rtpMap.encodingUpper()) {
            case "H264" -> H264;
            // RFC 7798 names it H265; a few cameras write HEVC.
            case "H265", "HEVC" -> H265;
            // RFC 3640 allows mpeg4-generic for other MPEG-4 streams, but on an audio line from a
            // camera it is AAC in practice.
            case "MPEG4-GENERIC" -> "audio".equals(mediaType) ? AAC : UNKNOWN;
            case "MP4A-LATM" -> MP4A_LATM;
            case "PCMU" -> PCMU;
            case "PCMA" -> PCMA;
            default -> UNKNOWN;
        };
    }

    /** The RFC 3551 encoding name of a static payload type (26 is JPEG), or null if it has none. */
    static String staticName(int pt) {
        return switch (pt) {
            case 0 -> "PCMU";
            case 3 -> "GSM";
            case 4 -> "G723";
            case 5, 6, 16, 17 -> "DVI4";
            case 7 -> "LPC";
            case 8 -> "PCMA";
            case 9 -> "G722";
            case 10, 11 -> "L16";
            case 12 -> "QCELP";
            case 13 -> "CN";
            case 14 -> "MPA";
            case 15 -> "G728";
            case 18 -> "G729";
            case 25 -> "CelB";
            case 26 -> "JPEG";
            case 28 -> "nv";
            case 31 -> "H261";
            case 32 -> "MPV";
            case 33 -> "MP2T";
            case 34 -> "H263";
            default -> null;
        };
    }

    /** The RFC 3551 clock rate of a static payload type this class knows; -1 otherwise. */
    static int staticClockRate(int pt) {
        return pt == 0 || pt == 8 ? 8000 : -1;
    }
}
