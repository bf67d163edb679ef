package dev.vigil.rtsp.testing;

import java.io.ByteArrayOutputStream;

/** Writes parameter sets bit by bit (u(n), ue(v), se(v)) for SPS parser tests. */
public final class Bits {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int cur;
    private int n;

    public Bits u(int bits, long value) {
        for (int i = bits - 1; i >= 0; i--) bit((int) (value >> i) & 1);
        return this;
    }

    public Bits flag(boolean b) {
        return bit(b ? 1 : 0);
    }

    public Bits ue(int v) {
        long x = v + 1L;
        int len = 64 - Long.numberOfLeadingZeros(x);
        u(len - 1, 0);
        return u(len, x);
    }

    public Bits se(int v) {
        return ue(v > 0 ? 2 * v - 1 : -2 * v);
    }

    public Bits bit(int b) {
        cur = (cur << 1) | b;
        if (++n == 8) {
            out.write(cur);
            cur = 0;
            n = 0;
        }
        return this;
    }

    /** rbsp_trailing_bits, then the bytes with emulation prevention applied, after {@code header}. */
    public byte[] nal(int... header) {
        bit(1);
        while (n != 0) bit(0);
        byte[] rbsp = out.toByteArray();
        ByteArrayOutputStream nal = new ByteArrayOutputStream();
        for (int h : header) nal.write(h);
        int zeros = 0;
        for (byte b : rbsp) {
            if (zeros >= 2 && (b & 0xFF) <= 3) {
                nal.write(3);
                zeros = 0;
            }
            nal.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return nal.toByteArray();
    }
}
