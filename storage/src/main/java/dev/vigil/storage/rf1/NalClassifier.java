package dev.vigil.storage.rf1;

/**
 * RF1 flags for a NAL unit from its header, exactly as the reference writer sets them:
 * parameter sets are essential metadata, IDR (H.264) and IRAP (H.265) slices are key frames,
 * and every stored NAL unit is Annex-B.
 */
public final class NalClassifier {
    private NalClassifier() {}

    /** H.264 {@code nal_unit_type}: the low 5 bits of the first header byte. */
    public static int h264Type(byte header) {
        return header & 0x1F;
    }

    /** H.265 {@code nal_unit_type}: bits 1..6 of the first header byte. */
    public static int h265Type(byte header) {
        return (header >> 1) & 0x3F;
    }

    public static int flagsH264(byte header) {
        return switch (h264Type(header)) {
            case 5 -> Rf1Flags.KEY_FRAME | Rf1Flags.ANNEX_B;     // IDR slice
            case 7, 8 -> Rf1Flags.ESSENTIAL | Rf1Flags.ANNEX_B;  // SPS, PPS
            default -> Rf1Flags.ANNEX_B;
        };
    }

    public static int flagsH265(byte header) {
        int type = h265Type(header);
        if (type >= 16 && type <= 23) return Rf1Flags.KEY_FRAME | Rf1Flags.ANNEX_B; // BLA, IDR, CRA, reserved IRAP
        if (type >= 32 && type <= 34) return Rf1Flags.ESSENTIAL | Rf1Flags.ANNEX_B; // VPS, SPS, PPS
        return Rf1Flags.ANNEX_B;
    }

    /** Flags for a video NAL unit whose first header byte is {@code header}. */
    public static int flags(Codec codec, byte header) {
        return switch (codec) {
            case H264 -> flagsH264(header);
            case H265 -> flagsH265(header);
            default -> throw new IllegalArgumentException(codec + " has no NAL units");
        };
    }

    /** True for a slice of a coded picture (a VCL NAL unit). */
    public static boolean isPicture(Codec codec, byte header) {
        return switch (codec) {
            case H264 -> {
                int t = h264Type(header);
                yield t >= 1 && t <= 5;
            }
            case H265 -> h265Type(header) < 32;
            default -> false;
        };
    }
}
