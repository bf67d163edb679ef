package dev.vigil.rtsp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.testing.Bits;
import dev.vigil.rtsp.testing.Rtp;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AudioSpecificConfigTest {
    @Test
    void commonCameraConfigs() {
        assertThat(AudioSpecificConfig.fromHex("1210")).isEqualTo(new AudioSpecificConfig(2, 4, 2)); // LC 44.1k stereo
        assertThat(AudioSpecificConfig.fromHex("1190")).isEqualTo(new AudioSpecificConfig(2, 3, 2)); // LC 48k stereo
        assertThat(AudioSpecificConfig.fromHex("1588")).isEqualTo(new AudioSpecificConfig(2, 11, 1)); // LC 8k mono
        assertThat(AudioSpecificConfig.fromHex("1588").sampleRate()).isEqualTo(8000);
        assertThat(AudioSpecificConfig.fromHex("1408")).isEqualTo(new AudioSpecificConfig(2, 8, 1)); // LC 16k mono
    }

    @Test
    void explicitSbrSignallingUsesTheCoreObjectType() {
        // AOT 5 (SBR), 24 kHz core, stereo, extension 48 kHz, core AOT 2.
        byte[] asc = Arrays.copyOf(new Bits().u(5, 5).u(4, 6).u(4, 2).u(4, 3).u(5, 2).nal(), 4);
        assertThat(AudioSpecificConfig.parse(asc)).isEqualTo(new AudioSpecificConfig(2, 6, 2));
    }

    @Test
    void explicitFrequencyIsMappedToTheTableOrRefused() {
        byte[] table = new Bits().u(5, 2).u(4, 15).u(24, 44100).u(4, 1).nal();
        assertThat(AudioSpecificConfig.parse(table)).isEqualTo(new AudioSpecificConfig(2, 4, 1));
        byte[] odd = new Bits().u(5, 2).u(4, 15).u(24, 44000).u(4, 1).nal();
        assertThat(AudioSpecificConfig.parse(odd)).isNull();
    }

    @Test
    void whatAdtsCannotDescribeIsRefused() {
        assertThat(AudioSpecificConfig.parse(new Bits().u(5, 31).u(6, 10).u(4, 4).u(4, 2).nal())).as("AOT 42").isNull();
        assertThat(AudioSpecificConfig.fromHex("1200")).as("channel config 0 (PCE)").isNull();
        assertThat(AudioSpecificConfig.fromHex("12")).as("truncated").isNull();
        assertThat(AudioSpecificConfig.fromHex("12x0")).as("not hex").isNull();
        assertThat(AudioSpecificConfig.fromHex("")).isNull();
        assertThat(AudioSpecificConfig.fromHex(null)).isNull();
    }

    @Test
    void adtsHeaderBits() {
        // LC, 44.1 kHz, stereo, 100 raw bytes -> frame_length 107.
        assertThat(AudioSpecificConfig.fromHex("1210").adtsHeader(100)).containsExactly(Rtp.hex("FFF150800D7FFC"));
        // Channel config 7 puts its top bit in byte 2; a long frame uses the top length bits.
        byte[] h = new AudioSpecificConfig(2, 3, 7).adtsHeader(6000);
        int len = ((h[3] & 3) << 11) | ((h[4] & 0xFF) << 3) | ((h[5] & 0xFF) >> 5);
        int channels = ((h[2] & 1) << 2) | ((h[3] & 0xFF) >> 6);
        assertThat(len).isEqualTo(6007);
        assertThat(channels).isEqualTo(7);
        assertThat((h[2] >> 2) & 0xF).isEqualTo(3);
    }
}
