package dev.vigil.rtsp.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Some cameras put Annex-B byte stream (start codes) inside RTP payloads — a whole
 * "00 00 00 01 SPS 00 00 00 01 PPS" as one "single NAL" packet, or a start code in front of the
 * unit. A real NAL unit can never contain {@code 00 00 01} (emulation prevention forbids it), so
 * any occurrence is a start code and splitting there is always safe.
 */
final class AnnexB {
    private AnnexB() {}

    /** True if {@code data} contains a 3-byte start code anywhere. */
    static boolean hasStartCode(byte[] data) {
        return indexOfStartCode(data, 0) >= 0;
    }

    /**
     * Splits at start codes. Bytes before the first start code form a unit of their own; zero
     * bytes in front of a start code (the 4-byte form, trailing_zero_8bits) are dropped; empty
     * units are dropped. Without a start code the result is {@code [data]} itself (no copy).
     */
    static List<byte[]> split(byte[] data) {
        int sc = indexOfStartCode(data, 0);
        if (sc < 0) return List.of(data);
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int end = sc < 0 ? data.length : sc;
            while (end > from && data[end - 1] == 0) end--; // trailing zeros belong to the byte stream
            if (end > from) out.add(Arrays.copyOfRange(data, from, end));
            if (sc < 0) return out;
            from = sc + 3;
            sc = indexOfStartCode(data, from);
        }
    }

    private static int indexOfStartCode(byte[] d, int from) {
        for (int i = from; i + 2 < d.length; i++) {
            if ((d[i + 2] & 0xFF) > 1) {
                i += 2; // no start code can end at or straddle i+2
            } else if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) {
                return i;
            }
        }
        return -1;
    }
}
