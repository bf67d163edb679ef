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
        for (int round = 0; round < 200_000; round++) {
            byte[] d = new byte[random.nextInt(round % 10 == 0 ? 200 : 40)];
            // Non-zero bytes, with zeros (from rare to most), ones and start codes sprinkled in
            // at random places: runs of zeros, 00 00 01 and 00 00 00 01 across word boundaries.
            int zeroOdds = 2 + random.nextInt(14);
            for (int k = 0; k < d.length; k++) {
                int r = random.nextInt(zeroOdds);
                d[k] = (byte) (r == 0 ? 0 : r == 1 ? 1 : 2 + random.nextInt(254));
            }
            for (int codes = random.nextInt(3); codes > 0 && d.length >= 3; codes--) {
                boolean four = d.length >= 4 && random.nextBoolean();
                int at = random.nextInt(d.length - (four ? 3 : 2));
                if (four) d[at++] = 0;
                d[at] = 0;
                d[at + 1] = 0;
                d[at + 2] = 1;
            }
            if (d.length >= 3 && random.nextInt(8) == 0) { // at the very end
                d[d.length - 3] = 0;
                d[d.length - 2] = 0;
                d[d.length - 1] = 1;
            }
            int from = d.length == 0 ? 0 : random.nextInt(d.length + 1);
            int expected = naive(d, from);
            assertThat(AnnexB.indexOfStartCodeByWords(d, from, d.length)).as("words, round %d: %s from %d", round, hex(d), from).isEqualTo(expected);
            assertThat(VectorStartCodes.indexOf(d, from, d.length)).as("vectors, round %d: %s from %d", round, hex(d), from).isEqualTo(expected);
            if (from == 0) assertThat(AnnexB.split(d)).as("round %d", round).containsExactlyElementsOf(naiveSplit(d));
        }
    }

    /** Every place and form of a start code in short arrays, searched from every position. */
    @Test
    void startCodesAtEveryOffsetOfShortArrays() {
        byte[][] codes = {bytes(0, 0, 1), bytes(0, 0, 0, 1), bytes(0, 0, 0, 0, 0, 1)};
        for (byte[] code : codes) {
            for (int length = 0; length <= 3 * VectorStartCodes.bits() / 8 + 3; length++) {
                for (int at = 0; at + code.length <= length; at++) {
                    for (int fill : new int[] {0x55, 0x00, 0x01}) {
                        byte[] d = new byte[length];
                        java.util.Arrays.fill(d, (byte) fill);
                        System.arraycopy(code, 0, d, at, code.length);
                        for (int from = 0; from <= length; from++) {
                            assertThat(AnnexB.indexOfStartCodeByWords(d, from, length)).as("words, %s from %d", hex(d), from).isEqualTo(naive(d, from));
                            assertThat(VectorStartCodes.indexOf(d, from, length)).as("vectors, %s from %d", hex(d), from).isEqualTo(naive(d, from));
                        }
                    }
                }
            }
        }
    }

    @Test
    void zerosWithoutAOneAreNoStartCode() {
        for (int length = 0; length <= 100; length++) {
            assertThat(AnnexB.indexOfStartCodeByWords(new byte[length], 0, length)).isEqualTo(-1);
            assertThat(VectorStartCodes.indexOf(new byte[length], 0, length)).isEqualTo(-1);
        }
        byte[] d = bytes(0, 0, 2, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0);
        assertThat(AnnexB.indexOfStartCodeByWords(d, 0, d.length)).isEqualTo(-1);
        assertThat(VectorStartCodes.indexOf(d, 0, d.length)).isEqualTo(-1);
    }

    /** A start code at or across {@code length} is not one: both scans stop at the length they are given. */
    @Test
    void bytesPastTheLengthAreNotLookedAt() {
        for (int length = 0; length <= 100; length++) {
            byte[] past = new byte[length + 3]; // 55 55 ... 55 | 00 00 01
            java.util.Arrays.fill(past, (byte) 0x55);
            past[length + 2] = 1;
            past[length] = past[length + 1] = 0;
            assertNoStartCode(past, length);
            assertThat(AnnexB.indexOfStartCodeByWords(past, 0, past.length)).isEqualTo(length);
            if (length < 2) continue;
            byte[] across = new byte[length + 1]; // 55 ... 55 00 00 | 01
            java.util.Arrays.fill(across, (byte) 0x55);
            across[length] = 1;
            across[length - 2] = across[length - 1] = 0;
            assertNoStartCode(across, length);
            assertThat(VectorStartCodes.indexOf(across, 0, across.length)).isEqualTo(length - 2);
        }
    }

    private static void assertNoStartCode(byte[] d, int length) {
        assertThat(AnnexB.indexOfStartCodeByWords(d, 0, length)).as("words, %s within %d", hex(d), length).isEqualTo(-1);
        assertThat(VectorStartCodes.indexOf(d, 0, length)).as("vectors, %s within %d", hex(d), length).isEqualTo(-1);
    }

    /**
     * The build runs the tests with the module (as the launcher runs the daemon), and this CPU has
     * vectors: the scan the depacketizers call must then be the vector one, or a lost
     * {@code --add-modules} would slow every camera without anything saying so.
     */
    @Test
    void theVectorScanIsTheOneUsedWhereTheModuleIs() {
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).as("surefire's argLine adds jdk.incubator.vector").isPresent();
        assertThat(AnnexB.VECTORS).isEqualTo(VectorStartCodes.bits() >= 128);
        assertThat(Depacketizer.startCodeScan()).isEqualTo(AnnexB.VECTORS
                ? "start codes scanned on " + VectorStartCodes.bits() + "-bit vectors"
                : "start codes scanned a word at a time (this CPU has no vectors of 128 bits or more)");
    }

    private static int naive(byte[] d, int from) {
        for (int i = from; i + 2 < d.length; i++) {
            if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) return i;
        }
        return -1;
    }

    /** {@link AnnexB#split}'s documented rule, spelled out over {@link #naive}. */
    private static List<byte[]> naiveSplit(byte[] d) {
        if (naive(d, 0) < 0) return List.of(d);
        List<byte[]> out = new java.util.ArrayList<>();
        int from = 0;
        while (true) {
            int sc = naive(d, from);
            int end = sc < 0 ? d.length : sc;
            while (end > from && d[end - 1] == 0) end--;
            if (end > from) out.add(java.util.Arrays.copyOfRange(d, from, end));
            if (sc < 0) return out;
            from = sc + 3;
        }
    }

    private static String hex(byte[] d) {
        return io.netty.buffer.ByteBufUtil.hexDump(d);
    }
}
