package dev.vigil.storage.rf1;

/** The 12-bit flags field of an RF1 index entry. Bits other than these three are always 0. */
public final class Rf1Flags {
    /** An IDR (H.264) or IRAP (H.265) slice, or any audio frame. */
    public static final int KEY_FRAME = 1;
    /** A parameter set a decoder needs first: SPS/PPS (H.264), VPS/SPS/PPS (H.265). */
    public static final int ESSENTIAL = 2;
    /** The payload starts with a start code and keeps its emulation-prevention bytes. */
    public static final int ANNEX_B = 4;

    static final int KNOWN = KEY_FRAME | ESSENTIAL | ANNEX_B;

    private Rf1Flags() {}

    public static boolean isKeyFrame(int flags) {
        return (flags & KEY_FRAME) != 0;
    }

    public static boolean isEssential(int flags) {
        return (flags & ESSENTIAL) != 0;
    }
}
