package dev.vigil.rtsp.codec;

import static dev.vigil.rtsp.testing.Rtp.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnnexBTest {
    @Test
    void withoutStartCodeTheUnitIsReturnedAsIs() {
        byte[] nal = bytes(0x65, 0, 0, 3, 1, 0x80); // emulation-prevented 00 00 01 is not a start code
        assertThat(AnnexB.split(nal)).singleElement().isSameAs(nal);
    }

    @Test
    void splitsAtThreeAndFourByteStartCodesAndDropsTrailingZeros() {
        List<byte[]> units = AnnexB.split(bytes(0x09, 0x10, 0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xCE, 0, 0, 0, 0, 1, 0x65, 0x88, 0, 0));
        assertThat(units).containsExactly(bytes(0x09, 0x10), bytes(0x67, 0x42), bytes(0x68, 0xCE), bytes(0x65, 0x88));
    }

    @Test
    void emptyUnitsBetweenStartCodesVanish() {
        assertThat(AnnexB.split(bytes(0, 0, 1, 0, 0, 1, 0x41, 0x9A, 0, 0, 1))).containsExactly(bytes(0x41, 0x9A));
    }
}
