package dev.vigil.storage.rf1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NalClassifierTest {
    @Test
    void h264() {
        assertThat(NalClassifier.flagsH264((byte) 0x67)).isEqualTo(6); // SPS
        assertThat(NalClassifier.flagsH264((byte) 0x68)).isEqualTo(6); // PPS
        assertThat(NalClassifier.flagsH264((byte) 0x65)).isEqualTo(5); // IDR
        assertThat(NalClassifier.flagsH264((byte) 0x25)).isEqualTo(5); // IDR, nal_ref_idc 1
        assertThat(NalClassifier.flagsH264((byte) 0x41)).isEqualTo(4); // non-IDR slice
        assertThat(NalClassifier.flagsH264((byte) 0x06)).isEqualTo(4); // SEI
        assertThat(NalClassifier.flagsH264((byte) 0x09)).isEqualTo(4); // AUD
        assertThat(NalClassifier.isPicture(Codec.H264, (byte) 0x41)).isTrue();
        assertThat(NalClassifier.isPicture(Codec.H264, (byte) 0x06)).isFalse();
    }

    @Test
    void h265() {
        assertThat(NalClassifier.flagsH265((byte) 0x40)).isEqualTo(6); // VPS (32)
        assertThat(NalClassifier.flagsH265((byte) 0x42)).isEqualTo(6); // SPS (33)
        assertThat(NalClassifier.flagsH265((byte) 0x44)).isEqualTo(6); // PPS (34)
        assertThat(NalClassifier.flagsH265((byte) 0x26)).isEqualTo(5); // IDR_W_RADL (19)
        assertThat(NalClassifier.flagsH265((byte) 0x28)).isEqualTo(5); // IDR_N_LP (20)
        assertThat(NalClassifier.flagsH265((byte) 0x2A)).isEqualTo(5); // CRA (21)
        assertThat(NalClassifier.flagsH265((byte) 0x20)).isEqualTo(5); // BLA_W_LP (16)
        assertThat(NalClassifier.flagsH265((byte) 0x02)).isEqualTo(4); // TRAIL_R (1)
        assertThat(NalClassifier.flagsH265((byte) 0x4E)).isEqualTo(4); // prefix SEI (39)
        assertThat(NalClassifier.isPicture(Codec.H265, (byte) 0x02)).isTrue();
        assertThat(NalClassifier.isPicture(Codec.H265, (byte) 0x4E)).isFalse();
    }
}
