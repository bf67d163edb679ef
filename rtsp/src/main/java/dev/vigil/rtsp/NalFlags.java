package dev.vigil.rtsp;

/**
 * Per-NAL-unit flags, bit-compatible with the RF1 index flags so the daemon can store them as is.
 */
public final class NalFlags {
    /** An IDR slice (H.264 type 5) or an IRAP slice (H.265 types 16..23). */
    public static final int KEY_FRAME = 1;
    /** A parameter set: SPS/PPS (H.264), VPS/SPS/PPS (H.265). */
    public static final int ESSENTIAL = 2;
    /** The unit is to be stored Annex-B style (start code prepended on write); always set for video. */
    public static final int ANNEX_B = 4;

    private NalFlags() {}

    public static int h264(int nalType) {
        return switch (nalType) {
            case 5 -> KEY_FRAME | ANNEX_B;
            case 7, 8 -> ESSENTIAL | ANNEX_B;
            default -> ANNEX_B;
        };
    }

    public static int h265(int nalType) {
        if (nalType >= 16 && nalType <= 23) return KEY_FRAME | ANNEX_B;
        if (nalType >= 32 && nalType <= 34) return ESSENTIAL | ANNEX_B;
        return ANNEX_B;
    }
}
