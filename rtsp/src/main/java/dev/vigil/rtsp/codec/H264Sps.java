package dev.vigil.rtsp.codec;

/**
 * The few fields of an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1) the recorder needs:
 * its id and the cropped picture size. Parsing stops after the cropping rectangle, so VUI and
 * whatever junk a camera appends after it are never read.
 */
record H264Sps(int id, int profileIdc, int width, int height) {

    /** Profiles whose SPS carries chroma_format_idc, bit depths and scaling matrices. */
    private static boolean hasChromaInfo(int profileIdc) {
        return switch (profileIdc) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    /** @param nal a whole SPS NAL unit including its header byte; {@code null} if it does not parse */
    static H264Sps parse(byte[] nal) {
        if (nal.length < 4 || (nal[0] & 0x1F) != 7) return null;
        try {
            BitReader r = new BitReader(Rbsp.unescape(nal), 1);
            int profile = r.readInt(8);
            r.skip(8); // constraint_set flags + reserved
            r.skip(8); // level_idc
            int id = r.readUe();
            if (id > 31) return null;
            int chromaFormat = 1; // 4:2:0 when absent
            boolean separateColourPlanes = false;
            if (hasChromaInfo(profile)) {
                chromaFormat = r.readUe();
                if (chromaFormat > 3) return null;
                if (chromaFormat == 3) separateColourPlanes = r.readFlag();
                r.readUe(); // bit_depth_luma_minus8
                r.readUe(); // bit_depth_chroma_minus8
                r.skip(1); // qpprime_y_zero_transform_bypass_flag
                if (r.readFlag()) { // seq_scaling_matrix_present_flag
                    int lists = chromaFormat != 3 ? 8 : 12;
                    for (int i = 0; i < lists; i++) {
                        if (r.readFlag()) skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
            r.readUe(); // log2_max_frame_num_minus4
            int pocType = r.readUe();
            if (pocType == 0) {
                r.readUe(); // log2_max_pic_order_cnt_lsb_minus4
            } else if (pocType == 1) {
                r.skip(1); // delta_pic_order_always_zero_flag
                r.readSe(); // offset_for_non_ref_pic
                r.readSe(); // offset_for_top_to_bottom_field
                int cycle = r.readUe();
                if (cycle > 255) return null;
                for (int i = 0; i < cycle; i++) r.readSe();
            } else if (pocType != 2) {
                return null;
            }
            r.readUe(); // max_num_ref_frames
            r.skip(1); // gaps_in_frame_num_value_allowed_flag
            int widthMbs = r.readUe() + 1;
            int heightMapUnits = r.readUe() + 1;
            boolean frameMbsOnly = r.readFlag();
            if (!frameMbsOnly) r.skip(1); // mb_adaptive_frame_field_flag
            r.skip(1); // direct_8x8_inference_flag
            int cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
            if (r.readFlag()) {
                cropLeft = r.readUe();
                cropRight = r.readUe();
                cropTop = r.readUe();
                cropBottom = r.readUe();
            }
            // §7.4.2.1.1: crop units depend on the chroma subsampling and on field coding.
            int chromaArrayType = separateColourPlanes ? 0 : chromaFormat;
            int fieldFactor = frameMbsOnly ? 1 : 2;
            int cropUnitX, cropUnitY;
            if (chromaArrayType == 0) {
                cropUnitX = 1;
                cropUnitY = fieldFactor;
            } else {
                int subWidthC = chromaFormat == 3 ? 1 : 2;
                int subHeightC = chromaFormat == 1 ? 2 : 1;
                cropUnitX = subWidthC;
                cropUnitY = subHeightC * fieldFactor;
            }
            long width = widthMbs * 16L - (long) cropUnitX * (cropLeft + (long) cropRight);
            long height = fieldFactor * heightMapUnits * 16L - (long) cropUnitY * (cropTop + (long) cropBottom);
            if (width <= 0 || height <= 0 || width > 65535 || height > 65535) return null;
            return new H264Sps(id, profile, (int) width, (int) height);
        } catch (BitReader.EndOfData e) {
            return null;
        }
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                int delta = r.readSe();
                next = (last + delta + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    /** pic_parameter_set_id, the first ue(v) after the header; -1 if unreadable. */
    static int ppsId(byte[] nal) {
        try {
            return new BitReader(Rbsp.unescape(nal), 1).readUe();
        } catch (BitReader.EndOfData e) {
            return -1;
        }
    }
}
