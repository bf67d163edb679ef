package dev.vigil.rtsp.codec;

import static dev.vigil.rtsp.testing.Rtp.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.rtsp.testing.Bits;
import org.junit.jupiter.api.Test;

class BitReaderTest {
    @Test
    void expGolombRoundTrip() {
        Bits b = new Bits();
        int[] values = {0, 1, 2, 3, 7, 8, 254, 255, 65535, 1 << 20};
        for (int v : values) b.ue(v);
        for (int v : new int[] {0, 1, -1, 2, -2, 1000, -1000}) b.se(v);
        BitReader r = new BitReader(Rbsp.unescape(b.nal()), 0); // nal() adds emulation prevention
        for (int v : values) assertThat(r.readUe()).isEqualTo(v);
        for (int v : new int[] {0, 1, -1, 2, -2, 1000, -1000}) assertThat(r.readSe()).isEqualTo(v);
    }

    @Test
    void readingPastTheEndThrowsTheParsersSignal() {
        BitReader r = new BitReader(bytes(0x00, 0x00), 0);
        assertThatThrownBy(r::readUe).isInstanceOf(BitReader.EndOfData.class);
        assertThatThrownBy(() -> new BitReader(bytes(0xFF), 0).readBits(9)).isInstanceOf(BitReader.EndOfData.class);
    }

    @Test
    void emulationPreventionRemoval() {
        assertThat(Rbsp.unescape(bytes(0x67, 0, 0, 3, 0, 0, 0, 3, 1, 0, 3))).containsExactly(0x67, 0, 0, 0, 0, 0, 1, 0, 3);
    }
}
