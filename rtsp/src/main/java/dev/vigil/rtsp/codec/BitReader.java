package dev.vigil.rtsp.codec;

/**
 * Reads bits MSB-first from an RBSP (emulation prevention already removed), with the
 * exp-Golomb codes of H.264/H.265 §9.2. Reading past the end throws {@link EndOfData}, which
 * parsers catch to reject a truncated structure without crashing the stream.
 */
final class BitReader {
    static final class EndOfData extends RuntimeException {
        EndOfData() {
            super("read past the end", null, false, false);
        }
    }

    private final byte[] data;
    private final int endBit;
    private int bit;

    BitReader(byte[] data, int fromByte) {
        this.data = data;
        this.bit = fromByte * 8;
        this.endBit = data.length * 8;
    }

    int readBit() {
        if (bit >= endBit) throw new EndOfData();
        int v = (data[bit >> 3] >> (7 - (bit & 7))) & 1;
        bit++;
        return v;
    }

    boolean readFlag() {
        return readBit() != 0;
    }

    /** Up to 32 bits, as an unsigned value in a long. */
    long readBits(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v = (v << 1) | readBit();
        return v;
    }

    int readInt(int n) {
        return (int) readBits(n);
    }

    void skip(int n) {
        if (bit + (long) n > endBit) throw new EndOfData();
        bit += n;
    }

    /** ue(v). Values above 2^31-2 cannot occur in a valid parameter set and are refused. */
    int readUe() {
        int zeros = 0;
        while (readBit() == 0) {
            if (++zeros > 31) throw new EndOfData();
        }
        long v = (1L << zeros) - 1 + readBits(zeros);
        if (v > Integer.MAX_VALUE) throw new EndOfData();
        return (int) v;
    }

    /** se(v): 1, -1, 2, -2, ... */
    int readSe() {
        int k = readUe();
        return (k & 1) != 0 ? (k + 1) / 2 : -(k / 2);
    }
}
