package dev.vigil.storage.mp4;

import dev.vigil.storage.rf1.NalClassifier;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The stsd box of a track: avc1/avcC (ISO/IEC 14496-15 5.3), hvc1/hvcC (8.3), mp4a/esds
 * (14496-14) or the QuickTime-style ulaw/alaw entries that ffmpeg and players know for G.711.
 */
final class SampleDescriptions {
    private SampleDescriptions() {}

    static void stsd(Boxes b, TrackPlan t) {
        b.openFull("stsd", 0, 0).u32(1);
        switch (t.codec) {
            case H264 -> visual(b, "avc1", t).open("avcC").bytes(avcC(t.parameterSets)).close().close();
            case H265 -> visual(b, "hvc1", t).open("hvcC").bytes(hvcC(t.parameterSets)).close().close();
            case AAC -> {
                audio(b, "mp4a", t, 16);
                esds(b, t.audioConfig, t.sampleRate);
                b.close();
            }
            case PCMU -> audio(b, "ulaw", t, 8).close();
            case PCMA -> audio(b, "alaw", t, 8).close();
        }
        b.close();
    }

    /** VisualSampleEntry up to its codec configuration box; left open. */
    private static Boxes visual(Boxes b, String type, TrackPlan t) {
        b.open(type).zeros(6).u16(1); // reserved, data_reference_index
        b.zeros(16); // pre_defined, reserved
        b.u16(t.width).u16(t.height).u32(0x00480000).u32(0x00480000).u32(0).u16(1);
        b.zeros(32); // compressorname
        return b.u16(0x18).u16(0xFFFF);
    }

    /** AudioSampleEntry (version 0); left open. */
    private static Boxes audio(Boxes b, String type, TrackPlan t, int sampleSize) {
        b.open(type).zeros(6).u16(1).zeros(8);
        b.u16(t.channels).u16(sampleSize).u16(0).u16(0);
        // samplerate is 16.16; rates above 65535 Hz do not fit and are described by the esds alone.
        return b.u32(t.sampleRate <= 0xFFFF ? (long) t.sampleRate << 16 : 0);
    }

    static byte[] avcC(List<byte[]> sets) {
        List<byte[]> sps = new ArrayList<>(), pps = new ArrayList<>();
        for (byte[] s : sets) {
            int type = NalClassifier.h264Type(s[0]);
            if (type == 7) sps.add(s);
            else if (type == 8) pps.add(s);
        }
        if (sps.isEmpty() || pps.isEmpty()) throw new IllegalStateException("H.264 track without SPS and PPS");
        byte[] first = sps.get(0);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(1);
        o.write(first[1]); // profile_idc
        o.write(first[2]); // constraint flags
        o.write(first[3]); // level_idc
        o.write(0xFF); // lengthSizeMinusOne = 3
        o.write(0xE0 | sps.size());
        for (byte[] s : sps) put16(o, s);
        o.write(pps.size());
        for (byte[] p : pps) put16(o, p);
        return o.toByteArray();
    }

    /**
     * hvcC: the general profile, tier and level are copied from the SPS's profile_tier_level (its
     * first 12 bytes after the 2-byte NAL header and one byte of ids, emulation prevention removed);
     * chroma format and bit depths are left at 4:2:0, 8 bits: decoders take them from the SPS.
     */
    static byte[] hvcC(List<byte[]> sets) {
        List<List<byte[]>> arrays = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (byte[] s : sets) {
            int type = NalClassifier.h265Type(s[0]);
            if (type >= 32 && type <= 34) arrays.get(type - 32).add(s);
        }
        if (arrays.get(1).isEmpty()) throw new IllegalStateException("H.265 track without SPS");
        byte[] sps = unescape(arrays.get(1).get(0));
        int maxSubLayers = ((sps[2] >> 1) & 7) + 1;
        boolean nested = (sps[2] & 1) != 0;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(1);
        o.write(sps, 3, 12); // profile_space/tier/profile_idc, compatibility flags, constraint flags, level_idc
        put16(o, 0xF000); // min_spatial_segmentation_idc
        o.write(0xFC); // parallelismType
        o.write(0xFD); // chroma_format_idc = 1
        o.write(0xF8); // bit_depth_luma_minus8 = 0
        o.write(0xF8); // bit_depth_chroma_minus8 = 0
        put16(o, 0); // avgFrameRate
        o.write((maxSubLayers << 3) | (nested ? 4 : 0) | 3); // constantFrameRate 0, lengthSizeMinusOne 3
        int n = 0;
        for (List<byte[]> a : arrays) if (!a.isEmpty()) n++;
        o.write(n);
        for (int i = 0; i < 3; i++) {
            List<byte[]> a = arrays.get(i);
            if (a.isEmpty()) continue;
            o.write(0x80 | (32 + i)); // array_completeness 1: all of them are here
            put16(o, a.size());
            for (byte[] s : a) {
                put16(o, s.length);
                o.writeBytes(s);
            }
        }
        return o.toByteArray();
    }

    /** esds with ES_Descriptor, DecoderConfigDescriptor (AAC, audio stream) and the AudioSpecificConfig. */
    private static void esds(Boxes b, byte[] config, int sampleRate) {
        b.openFull("esds", 0, 0);
        int dsi = 2 + config.length;
        int dcd = 2 + 13 + dsi;
        int es = 2 + 3 + dcd + 3;
        b.u8(0x03).u8(es - 2).u16(1).u8(0); // ES_DescrTag, ES_ID, flags
        b.u8(0x04).u8(dcd - 2).u8(0x40).u8(0x15).u24(0).u32(0).u32(0); // objectType AAC, streamType audio
        b.u8(0x05).u8(config.length).bytes(config);
        b.u8(0x06).u8(1).u8(0x02); // SLConfigDescriptor, predefined MP4
        b.close();
    }

    private static void put16(ByteArrayOutputStream o, byte[] s) {
        put16(o, s.length);
        o.writeBytes(s);
    }

    private static void put16(ByteArrayOutputStream o, int v) {
        o.write(v >> 8);
        o.write(v);
    }

    /** Removes emulation prevention bytes ({@code 00 00 03} becomes {@code 00 00}). */
    static byte[] unescape(byte[] nal) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(nal.length);
        int zeros = 0;
        for (byte x : nal) {
            if (zeros >= 2 && x == 3) {
                zeros = 0;
                continue;
            }
            zeros = x == 0 ? zeros + 1 : 0;
            o.write(x);
        }
        return o.toByteArray();
    }
}
