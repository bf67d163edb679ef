package dev.vigil.rtsp.codec;

/**
 * The fields of an H.265 sequence parameter set (ITU-T H.265 §7.3.2.2) the recorder needs: its id
 * and the picture size inside the conformance window. Parsing stops right after the window.
 */
record H265Sps(int id, int width, int height) {

    /** @param nal a whole SPS NAL unit including its 2-byte header; {@code null} if it does not parse */
    static H265Sps parse(byte[] nal) {
        if (nal.length < 4 || ((nal[0] >> 1) & 0x3F) != 33) return null;
        try {
            BitReader r = new BitReader(Rbsp.unescape(nal), 2);
            r.skip(4); // sps_video_parameter_set_id
            int maxSubLayersMinus1 = r.readInt(3);
            r.skip(1); // sps_temporal_id_nesting_flag
            skipProfileTierLevel(r, maxSubLayersMinus1);
            int id = r.readUe();
            if (id > 15) return null;
            int chromaFormat = r.readUe();
            if (chromaFormat > 3) return null;
            boolean separateColourPlanes = chromaFormat == 3 && r.readFlag();
            int width = r.readUe();
            int height = r.readUe();
            int left = 0, right = 0, top = 0, bottom = 0;
            if (r.readFlag()) { // conformance_window_flag
                left = r.readUe();
                right = r.readUe();
                top = r.readUe();
                bottom = r.readUe();
            }
            // Table 6-1: offsets count in chroma samples.
            int chromaArrayType = separateColourPlanes ? 0 : chromaFormat;
            int subWidthC = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
            int subHeightC = chromaArrayType == 1 ? 2 : 1;
            long w = width - (long) subWidthC * (left + (long) right);
            long h = height - (long) subHeightC * (top + (long) bottom);
            if (w <= 0 || h <= 0 || w > 65535 || h > 65535) return null;
            return new H265Sps(id, (int) w, (int) h);
        } catch (BitReader.EndOfData e) {
            return null;
        }
    }

    /** §7.3.3 profile_tier_level(1, maxSubLayersMinus1). */
    private static void skipProfileTierLevel(BitReader r, int maxSubLayersMinus1) {
        // general_profile_space(2) tier(1) profile_idc(5) compatibility(32) 4 source flags,
        // 43 reserved/constraint bits, 1 bit, general_level_idc(8): 96 bits.
        r.skip(96);
        boolean[] profilePresent = new boolean[maxSubLayersMinus1];
        boolean[] levelPresent = new boolean[maxSubLayersMinus1];
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            profilePresent[i] = r.readFlag();
            levelPresent[i] = r.readFlag();
        }
        if (maxSubLayersMinus1 > 0) {
            for (int i = maxSubLayersMinus1; i < 8; i++) r.skip(2); // reserved_zero_2bits
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            if (profilePresent[i]) r.skip(88);
            if (levelPresent[i]) r.skip(8);
        }
    }

    /** pps_pic_parameter_set_id, the first ue(v) after the 2-byte header; -1 if unreadable. */
    static int ppsId(byte[] nal) {
        try {
            return new BitReader(Rbsp.unescape(nal), 2).readUe();
        } catch (BitReader.EndOfData e) {
            return -1;
        }
    }

    /** vps_video_parameter_set_id: the top 4 bits after the header; -1 if too short. */
    static int vpsId(byte[] nal) {
        return nal.length > 2 ? (nal[2] >> 4) & 0x0F : -1;
    }
}
