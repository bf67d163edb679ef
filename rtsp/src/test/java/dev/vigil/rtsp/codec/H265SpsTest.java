package dev.vigil.rtsp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.testing.Bits;
import dev.vigil.rtsp.testing.Packetizer;
import dev.vigil.rtsp.testing.Streams;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class H265SpsTest {
    /**
     * An SPS up to the conformance window. Sub-layers exercise the profile_tier_level branches:
     * layer 0 has a sub-layer profile (88 bits), layer 1 a sub-layer level (8 bits).
     */
    static byte[] sps(int maxSubLayersMinus1, int chroma, int width, int height, int[] window) {
        Bits b = new Bits().u(4, 0).u(3, maxSubLayersMinus1).u(1, 1);
        b.u(2, 0).u(1, 0).u(5, 1).u(32, 0x6000_0000L).u(4, 0b1001).u(32, 0).u(11, 0).u(1, 0).u(8, 93);
        for (int i = 0; i < maxSubLayersMinus1; i++) b.flag(i == 0).flag(i == 1);
        if (maxSubLayersMinus1 > 0) for (int i = maxSubLayersMinus1; i < 8; i++) b.u(2, 0);
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            if (i == 0) b.u(32, 0xFFFF_FFFFL).u(32, 0xFFFF_FFFFL).u(24, 0xFFFFFF);
            if (i == 1) b.u(8, 0xFF);
        }
        b.ue(0).ue(chroma);
        if (chroma == 3) b.flag(false);
        b.ue(width).ue(height).flag(window != null);
        if (window != null) for (int w : window) b.ue(w);
        b.ue(0).ue(0).ue(4); // bit depths, log2_max_poc_lsb: never read
        return b.nal(0x42, 0x01);
    }

    @Test
    void realEncoderSpsWithConformanceWindow() {
        byte[] nal = Packetizer.nalUnits(Streams.read("h265-640x360.h265")).stream()
                .filter(n -> ((n[0] >> 1) & 0x3F) == 33).findFirst().orElseThrow();
        assertThat(H265Sps.parse(nal)).isEqualTo(new H265Sps(0, 640, 360));
    }

    @Test
    void conformanceWindowCountsInChromaSamples() {
        assertThat(H265Sps.parse(sps(0, 1, 1920, 1088, new int[] {0, 0, 0, 4}))).isEqualTo(new H265Sps(0, 1920, 1080));
        assertThat(H265Sps.parse(sps(0, 2, 1920, 1088, new int[] {1, 1, 0, 8}))).isEqualTo(new H265Sps(0, 1916, 1080));
        assertThat(H265Sps.parse(sps(0, 3, 1920, 1088, new int[] {1, 1, 0, 8}))).isEqualTo(new H265Sps(0, 1918, 1080));
        assertThat(H265Sps.parse(sps(0, 1, 1280, 720, null))).isEqualTo(new H265Sps(0, 1280, 720));
    }

    @Test
    void subLayerProfileAndLevelAreSkipped() {
        assertThat(H265Sps.parse(sps(2, 1, 3840, 2160, null))).isEqualTo(new H265Sps(0, 3840, 2160));
        assertThat(H265Sps.parse(sps(7, 1, 640, 368, new int[] {0, 0, 0, 4}))).isEqualTo(new H265Sps(0, 640, 360));
    }

    @Test
    void truncatedOrWrongTypeIsRejected() {
        byte[] nal = sps(1, 1, 1920, 1080, null);
        for (int len = 0; len < 16; len++) assertThat(H265Sps.parse(Arrays.copyOf(nal, len))).isNull();
        byte[] pps = nal.clone();
        pps[0] = 0x44;
        assertThat(H265Sps.parse(pps)).isNull();
    }
}
