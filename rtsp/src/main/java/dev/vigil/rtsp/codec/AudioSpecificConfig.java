package dev.vigil.rtsp.codec;

/**
 * The part of an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) an ADTS header needs.
 * ADTS can only describe AAC Main/LC/SSR/LTP (object types 1..4) at one of its 13 table
 * frequencies; anything else is refused because the frames could not be written faithfully.
 *
 * @param objectType      the core audio object type (2 = AAC LC); for explicit SBR/PS the inner one
 * @param frequencyIndex  index into the sampling frequency table (0..12)
 * @param channels        channelConfiguration (1..7; 0 would need a PCE, refused)
 */
record AudioSpecificConfig(int objectType, int frequencyIndex, int channels) {
    static final int[] FREQUENCIES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};
    static final int ADTS_HEADER = 7;
    static final int MAX_FRAME = (1 << 13) - 1;

    int sampleRate() {
        return FREQUENCIES[frequencyIndex];
    }

    /** From the SDP {@code config=} hex string; {@code null} if unusable. */
    static AudioSpecificConfig fromHex(String hex) {
        if (hex == null) return null;
        String h = hex.trim();
        if (h.isEmpty() || h.length() % 2 != 0) return null;
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            int hi = Character.digit(h.charAt(2 * i), 16);
            int lo = Character.digit(h.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) return null;
            b[i] = (byte) (hi << 4 | lo);
        }
        return parse(b);
    }

    static AudioSpecificConfig parse(byte[] asc) {
        try {
            BitReader r = new BitReader(asc, 0);
            int aot = objectType(r);
            int freqIndex = frequencyIndex(r);
            int channels = r.readInt(4);
            if (aot == 5 || aot == 29) {
                // Explicit SBR/PS signalling: extension frequency, then the core object type.
                // The ADTS frame carries the core (the decoder finds SBR implicitly).
                frequencyIndex(r);
                aot = objectType(r);
            }
            if (aot < 1 || aot > 4 || freqIndex < 0 || channels < 1 || channels > 7) return null;
            return new AudioSpecificConfig(aot, freqIndex, channels);
        } catch (BitReader.EndOfData e) {
            return null;
        }
    }

    private static int objectType(BitReader r) {
        int aot = r.readInt(5);
        return aot == 31 ? 32 + r.readInt(6) : aot;
    }

    /** -1 for an explicit frequency not in the table (ADTS cannot carry it). */
    private static int frequencyIndex(BitReader r) {
        int index = r.readInt(4);
        if (index != 15) return index <= 12 ? index : -1;
        int freq = r.readInt(24);
        for (int i = 0; i < FREQUENCIES.length; i++) {
            if (FREQUENCIES[i] == freq) return i;
        }
        return -1;
    }

    /** A 7-byte ADTS header (MPEG-4, no CRC) for a raw frame of {@code rawLength} bytes. */
    byte[] adtsHeader(int rawLength) {
        int len = rawLength + ADTS_HEADER;
        int profile = objectType - 1;
        return new byte[] {
            (byte) 0xFF,
            (byte) 0xF1, // sync low nibble, ID=0 (MPEG-4), layer 00, protection_absent=1
            (byte) ((profile << 6) | (frequencyIndex << 2) | ((channels >> 2) & 1)),
            (byte) (((channels & 3) << 6) | ((len >> 11) & 3)),
            (byte) ((len >> 3) & 0xFF),
            (byte) (((len & 7) << 5) | 0x1F), // buffer fullness 0x7FF: variable bit rate
            (byte) 0xFC, // fullness low bits, one raw data block
        };
    }
}
