package dev.vigil.storage.mp4;

/**
 * The ADTS header in front of each stored AAC frame (ISO/IEC 13818-7 / 14496-3):
 *
 * <pre>
 * syncword 12 | id 1 | layer 2 | protection_absent 1 | profile 2 | sampling_frequency_index 4 |
 * private 1 | channel_configuration 3 | ... | frame_length 13 | ... [crc 16 when protection_absent = 0]
 * </pre>
 *
 * 7 bytes, 9 with the CRC. MP4 stores the raw frame and describes it once with an
 * AudioSpecificConfig in the esds.
 */
final class Adts {
    private Adts() {}

    /** Header length from the second header byte (protection_absent is its low bit). */
    static int headerLength(int secondByte) {
        return (secondByte & 1) != 0 ? 7 : 9;
    }

    /** The 2-byte AudioSpecificConfig: audioObjectType 5 | samplingFrequencyIndex 4 | channelConfiguration 4 | 000. */
    static byte[] audioSpecificConfig(byte[] header) {
        if (header.length < 4 || (header[0] & 0xFF) != 0xFF || (header[1] & 0xF0) != 0xF0)
            throw new IllegalArgumentException("not an ADTS header");
        int objectType = ((header[2] & 0xFF) >> 6) + 1;
        int frequency = (header[2] >> 2) & 0x0F;
        int channels = ((header[2] & 1) << 2) | ((header[3] & 0xFF) >> 6);
        int config = objectType << 11 | frequency << 7 | channels << 3;
        return new byte[] {(byte) (config >> 8), (byte) config};
    }
}
