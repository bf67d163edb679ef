package dev.vigil.storage.rf1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnexBTest {
    static ByteBuffer bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return ByteBuffer.wrap(out);
    }

    static List<String> hex(List<ByteBuffer> units) {
        return units.stream().map(u -> {
            StringBuilder sb = new StringBuilder();
            for (int i = u.position(); i < u.limit(); i++) sb.append(String.format("%02x", u.get(i)));
            return sb.toString();
        }).toList();
    }

    @Test
    void splitsOnThreeAndFourByteStartCodes() {
        ByteBuffer s = bytes(0, 0, 0, 1, 0x67, 0xAA, 0, 0, 1, 0x68, 0xBB, 0, 0, 0, 1, 0x65, 0xCC, 0xDD);
        assertThat(hex(AnnexB.split(s))).containsExactly("67aa", "68bb", "65ccdd");
    }

    @Test
    void dropsTrailingZeroBytesAndLeadingGarbage() {
        ByteBuffer s = bytes(0x12, 0x34, 0, 0, 1, 0x67, 0xAA, 0, 0, 0, 0, 0, 1, 0x68, 0xBB, 0, 0);
        assertThat(hex(AnnexB.split(s))).containsExactly("67aa", "68bb");
    }

    @Test
    void keepsEmulationPreventionBytes() {
        ByteBuffer s = bytes(0, 0, 1, 0x65, 0, 0, 3, 1, 0x42);
        assertThat(hex(AnnexB.split(s))).containsExactly("6500000301" + "42");
    }

    @Test
    void noStartCodeMeansNoUnits() {
        assertThat(AnnexB.split(bytes(0x65, 1, 2, 3))).isEmpty();
        assertThat(AnnexB.split(bytes())).isEmpty();
        assertThat(AnnexB.split(bytes(0, 0, 1))).isEmpty();
    }

    @Test
    void unitsShareTheStreamAndLeaveItsPositionAlone() {
        ByteBuffer s = bytes(0xFF, 0, 0, 1, 0x41, 0x9A);
        s.position(1);
        List<ByteBuffer> units = AnnexB.split(s);
        assertThat(s.position()).isEqualTo(1);
        s.put(5, (byte) 0x77);
        assertThat(units.get(0).get(1)).isEqualTo((byte) 0x77);
    }

    @Test
    void recognisesStartCodes() {
        assertThat(AnnexB.startsWithStartCode(bytes(0, 0, 1, 0x65), 0, 4)).isTrue();
        assertThat(AnnexB.startsWithStartCode(bytes(0, 0, 0, 1), 0, 4)).isTrue();
        assertThat(AnnexB.startsWithStartCode(bytes(0, 0, 0, 0), 0, 4)).isFalse();
        assertThat(AnnexB.startsWithStartCode(bytes(0, 0, 0, 1), 0, 3)).isFalse();
        assertThat(AnnexB.startsWithStartCode(bytes(0, 1, 0, 1), 0, 4)).isFalse();
    }
}
