package dev.vigil.rtsp.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

    /** Little-endian 8-byte loads from a byte[]: the scan below looks at a word at a time. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The first start code at or after {@code from}, or -1. Every video NAL unit passes through
     * here, so it is the receive path's hottest loop: a start code begins with a zero byte, and
     * most 8-byte words of compressed video hold none, so words without a zero byte are skipped
     * whole (the classic "has a zero byte" test), and only the rare others are looked at byte by
     * byte.
     */
    static int indexOfStartCode(byte[] d, int from) {
        int i = from;
        int wordsEnd = d.length - 8;
        while (i <= wordsEnd) {
            long w = (long) LONGS.get(d, i);
            if (((w - ONES) & ~w & HIGHS) == 0) {
                i += 8; // no zero byte in d[i, i+8): no start code begins there
                continue;
            }
            int end = i + 8;
            for (; i < end; i++) {
                if (d[i] == 0 && i + 2 < d.length && d[i + 1] == 0 && d[i + 2] == 1) return i;
            }
        }
        for (; i + 2 < d.length; i++) {
            if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) return i;
        }
        return -1;
    }
}
