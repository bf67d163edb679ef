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

    @Test
    void theWordAtATimeScanFindsWhatAByteScanFinds() {
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 20_000; round++) {
            byte[] d = new byte[random.nextInt(40)];
            // Mostly non-zero bytes, with zeros, ones and start codes sprinkled in at random places.
            for (int k = 0; k < d.length; k++) {
                int r = random.nextInt(10);
                d[k] = (byte) (r == 0 ? 0 : r == 1 ? 1 : 2 + random.nextInt(254));
            }
            if (d.length >= 3 && random.nextBoolean()) {
                int at = random.nextInt(d.length - 2);
                d[at] = 0;
                d[at + 1] = 0;
                d[at + 2] = 1;
            }
            int from = d.length == 0 ? 0 : random.nextInt(d.length);
            assertThat(AnnexB.indexOfStartCode(d, from)).as("round %d", round).isEqualTo(naive(d, from));
        }
    }

    private static int naive(byte[] d, int from) {
        for (int i = from; i + 2 < d.length; i++) {
            if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) return i;
        }
        return -1;
    }
}
