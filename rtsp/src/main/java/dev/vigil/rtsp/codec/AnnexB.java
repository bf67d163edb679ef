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

    /**
     * Splits at start codes. Bytes before the first start code form a unit of their own; zero
     * bytes in front of a start code (the 4-byte form, trailing_zero_8bits) are dropped; empty
     * units are dropped. Without a start code the result is {@code [data]} itself (no copy).
     */
    static List<byte[]> split(byte[] data) {
        List<byte[]> units = split(data, data.length);
        return units == null ? List.of(data) : units;
    }

    /**
     * {@link #split(byte[])} of the first {@code length} bytes of {@code data}, except that without
     * a start code the result is null: the bytes are one unit as they are.
     */
    static List<byte[]> split(byte[] data, int length) {
        int sc = indexOfStartCode(data, 0, length);
        if (sc < 0) return null;
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int end = sc < 0 ? length : sc;
            while (end > from && data[end - 1] == 0) end--; // trailing zeros belong to the byte stream
            if (end > from) out.add(Arrays.copyOfRange(data, from, end));
            if (sc < 0) return out;
            from = sc + 3;
            sc = indexOfStartCode(data, from, length);
        }
    }

    /** Little-endian 8-byte loads from a byte[]: the scan below looks at a word at a time. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;

    /**
     * The first start code at or after {@code from}, or -1. Every video NAL unit passes through
     * here, so it is the receive path's hottest loop: on vectors where it can be
     * ({@link #VECTORS}), else {@link #indexOfStartCodeByWords a word at a time}.
     */
    static int indexOfStartCode(byte[] d, int from) {
        return indexOfStartCode(d, from, d.length);
    }

    /** {@link #indexOfStartCode(byte[], int)} among the first {@code length} bytes of {@code d}. */
    static int indexOfStartCode(byte[] d, int from, int length) {
        return VECTORS ? VectorStartCodes.indexOf(d, from, length) : indexOfStartCodeByWords(d, from, length);
    }

    /**
     * Whether the scan runs on vectors ({@link VectorStartCodes}): only where the module is in
     * the boot layer and the CPU has vectors of at least 128 bits. Elsewhere the Vector API falls
     * back to plain Java objects, many times slower than the word-at-a-time scan.
     */
    static final boolean VECTORS = vectorsUsable();

    /** How the scan runs here, for the start-up log line; says how to get vectors where they are missing. */
    static String scanDescription() {
        if (VECTORS) return "start codes scanned on " + VectorStartCodes.bits() + "-bit vectors";
        if (!vectorModule()) {
            return "start codes scanned a word at a time (the launcher's --add-modules jdk.incubator.vector would use vectors)";
        }
        return "start codes scanned a word at a time (this CPU has no vectors of 128 bits or more)";
    }

    private static boolean vectorModule() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static boolean vectorsUsable() {
        if (!vectorModule()) return false;
        try {
            return VectorStartCodes.bits() >= 128;
        } catch (LinkageError e) {
            return false;
        }
    }

    /**
     * {@link #indexOfStartCode(byte[], int, int)} without the Vector API. A start code begins with
     * two adjacent zero bytes, which compressed video (emulation prevention aside) almost never
     * has, whereas a single zero byte is in about one 8-byte word in four. So each word gets an
     * exact zero-byte mask, and only a word with two adjacent zero bytes is looked at further, and
     * then only at those pairs. Words overlap by one byte (a step of 7), so a pair across two words
     * is seen too.
     */
    static int indexOfStartCodeByWords(byte[] d, int from, int length) {
        int i = from;
        int wordsEnd = length - 8;
        while (i <= wordsEnd) {
            long w = (long) LONGS.get(d, i);
            // Bit 7 of each byte set iff that byte is zero. Exact, unlike the classic
            // (w - 0x01..01) & ~w & 0x80..80, whose borrow can flag a byte after a zero one:
            // (w & 0x7F) + 0x7F cannot carry out of its byte.
            long zeros = ~(((w & LOWS) + LOWS) | w | LOWS);
            // Byte k flagged iff bytes k and k + 1 are both zero (little endian: k + 1 is higher).
            long pairs = zeros & (zeros >>> 8);
            while (pairs != 0) {
                int at = i + (Long.numberOfTrailingZeros(pairs) >>> 3);
                if (at + 2 < length && d[at + 2] == 1) return at;
                pairs &= pairs - 1;
            }
            i += 7; // no start code begins in d[i, i + 7); one at i + 7 is in the next word
        }
        for (; i + 2 < length; i++) {
            if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) return i;
        }
        return -1;
    }
}
