package dev.vigil.rtsp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.testing.Bits;
import dev.vigil.rtsp.testing.Packetizer;
import dev.vigil.rtsp.testing.Streams;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class H264SpsTest {
    /** The common part of an SPS up to the size fields; poc type 0. */
    static Bits spsStart(int profile, int id) {
        return new Bits().u(8, profile).u(8, 0).u(8, 40).ue(id);
    }

    static Bits spsTail(Bits b, int widthMbs, int heightUnits, boolean frameMbsOnly, int[] crop) {
        b.ue(4).ue(0).ue(4); // log2_max_frame_num-4, poc type 0, log2_max_poc_lsb-4
        b.ue(1).flag(false).ue(widthMbs - 1).ue(heightUnits - 1).flag(frameMbsOnly);
        if (!frameMbsOnly) b.flag(false);
        b.flag(true);
        b.flag(crop != null);
        if (crop != null) for (int c : crop) b.ue(c);
        return b.flag(false); // vui_parameters_present_flag
    }

    @Test
    void realEncoderSpsFromTheFixtureStreams() {
        assertThat(firstSps("h264-320x240.h264")).isEqualTo(new H264Sps(0, 66, 320, 240));
        H264Sps hd = firstSps("h264-sliced-1280x720.h264");
        assertThat(hd.width()).isEqualTo(1280);
        assertThat(hd.height()).isEqualTo(720);
    }

    private static H264Sps firstSps(String stream) {
        byte[] sps = Packetizer.nalUnits(Streams.read(stream)).stream()
                .filter(n -> (n[0] & 0x1F) == 7).findFirst().orElseThrow();
        return H264Sps.parse(sps);
    }

    @Test
    void baseline1080pWithCropping() {
        // 1920x1088 coded, 8 lines cropped at the bottom: 4 crop units of 2 lines (4:2:0).
        byte[] nal = spsTail(spsStart(66, 0), 120, 68, true, new int[] {0, 0, 0, 4}).nal(0x67);
        assertThat(H264Sps.parse(nal)).isEqualTo(new H264Sps(0, 66, 1920, 1080));
    }

    @Test
    void highProfileChromaFieldsAndScalingMatrices() {
        Bits b = spsStart(100, 1).ue(1).ue(0).ue(0).flag(false); // 4:2:0, 8 bit, no bypass
        b.flag(true); // seq_scaling_matrix_present_flag
        for (int i = 0; i < 8; i++) {
            b.flag(i == 0 || i == 6);
            if (i == 0) for (int j = 0; j < 16; j++) b.se(j == 0 ? 5 : 1);
            if (i == 6) b.se(-8); // next scale 0: "use default", stops the list at once
        }
        byte[] nal = spsTail(b, 120, 68, true, new int[] {0, 0, 0, 4}).nal(0x67);
        assertThat(H264Sps.parse(nal)).isEqualTo(new H264Sps(1, 100, 1920, 1080));
    }

    @Test
    void chroma422CropsWholeLinesAnd444SeparatePlanesCropsSingleSamples() {
        Bits b422 = spsStart(122, 0).ue(2).ue(0).ue(0).flag(false).flag(false);
        // 4:2:2: SubWidthC 2, SubHeightC 1 -> 3 right units = 6 px, 8 bottom units = 8 lines.
        assertThat(H264Sps.parse(spsTail(b422, 40, 30, true, new int[] {0, 3, 0, 8}).nal(0x67)))
                .isEqualTo(new H264Sps(0, 122, 634, 472));

        Bits b444 = spsStart(244, 0).ue(3).flag(true).ue(0).ue(0).flag(false).flag(false);
        assertThat(H264Sps.parse(spsTail(b444, 40, 30, true, new int[] {1, 1, 1, 1}).nal(0x67)))
                .isEqualTo(new H264Sps(0, 244, 638, 478));
    }

    @Test
    void interlacedDoublesHeightAndCropUnits() {
        // frame_mbs_only 0: map units are MB pairs, crop unit y = 2 * 2.
        byte[] nal = spsTail(spsStart(77, 0), 45, 18, false, new int[] {0, 0, 0, 2}).nal(0x67);
        assertThat(H264Sps.parse(nal)).isEqualTo(new H264Sps(0, 77, 720, 568));
    }

    @Test
    void pocType1() {
        Bits b = spsStart(77, 0).ue(0).ue(1).flag(false).se(-2).se(3).ue(2).se(1).se(-1);
        b.ue(1).flag(false).ue(19).ue(14).flag(true).flag(true).flag(false).flag(false);
        assertThat(H264Sps.parse(b.nal(0x67))).isEqualTo(new H264Sps(0, 77, 320, 240));
    }

    @Test
    void toleratesTrailingJunkButNotTruncation() {
        byte[] nal = spsTail(spsStart(66, 0), 20, 15, true, null).nal(0x67);
        byte[] junk = Arrays.copyOf(nal, nal.length + 7);
        Arrays.fill(junk, nal.length, junk.length, (byte) 0xA5);
        assertThat(H264Sps.parse(junk)).isEqualTo(new H264Sps(0, 66, 320, 240));
        for (int len = 0; len < 7; len++) {
            assertThat(H264Sps.parse(Arrays.copyOf(nal, len))).as("cut at %d", len).isNull();
        }
        assertThat(H264Sps.parse(new byte[] {0x68, 1, 2, 3})).as("a PPS").isNull();
    }

    @Test
    void emulationPreventionIsRemovedBeforeParsing() {
        // Profile 0 + constraint 0 + level 0 put 00 00 00 in the RBSP: the NAL carries 00 00 03 00.
        byte[] nal = spsTail(new Bits().u(8, 0).u(8, 0).u(8, 0).ue(0), 20, 15, true, null).nal(0x67);
        assertThat(nal).startsWith(0x67, 0, 0, 3, 0);
        assertThat(H264Sps.parse(nal)).isEqualTo(new H264Sps(0, 0, 320, 240));
    }
}
