package dev.vigil.rtsp.codec;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The start-code scan with the CPU's vector registers (32 bytes at a time with AVX2), through
 * the Vector API, an incubator module in Java 17. Every video byte received passes through the
 * scan; word at a time ({@link AnnexB}) it cost a fifth of the network threads' time at 64
 * cameras, and this scans a P slice in a sixth of the time, a key frame in half (BENCHMARKS.md).
 *
 * <p>Only {@link AnnexB} touches this class, and only once it has found the module in the boot
 * layer ({@code --add-modules jdk.incubator.vector}, which the launcher gives the daemon):
 * without the module the class is never loaded, and the word-at-a-time scan runs instead.
 */
final class VectorStartCodes {
    private VectorStartCodes() {}

    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    /** The vector width in bits; narrower than 128, the Vector API is not worth it (see {@link AnnexB}). */
    static int bits() {
        return SPECIES.vectorBitSize();
    }

    /**
     * The first start code at or after {@code from} among the first {@code length} bytes of
     * {@code d}, or -1. Two loads one byte apart, or-ed: a zero lane is a pair of zero bytes, which
     * compressed video almost never has (emulation prevention puts a 03 after each), so only a step
     * that has one is looked at byte by byte. The last few bytes, where the second load would run
     * past what a start code there needs, go to the word-at-a-time scan.
     */
    static int indexOf(byte[] d, int from, int length) {
        int i = from;
        for (int last = length - LANES - 2; i <= last; i += LANES) {
            ByteVector orNext = ByteVector.fromArray(SPECIES, d, i).or(ByteVector.fromArray(SPECIES, d, i + 1));
            if (orNext.eq((byte) 0).anyTrue()) {
                // i + LANES + 1 < length: every start code beginning in this step is seen whole here.
                for (int k = i, end = i + LANES; k < end; k++) {
                    if (d[k] == 0 && d[k + 1] == 0 && d[k + 2] == 1) return k;
                }
            }
        }
        return AnnexB.indexOfStartCodeByWords(d, i, length);
    }
}
