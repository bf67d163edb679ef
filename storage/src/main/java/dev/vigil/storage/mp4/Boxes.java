package dev.vigil.storage.mp4;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte builder for ISO BMFF boxes: {@link #open} writes a size placeholder
 * and the type, {@link #close} patches the size in. Boxes nest by keeping the open offsets on a stack.
 */
final class Boxes {
    private byte[] buf;
    private int len;
    private final int[] open = new int[32];
    private int depth;

    Boxes(int capacity) {
        buf = new byte[Math.max(64, capacity)];
    }

    Boxes open(String type) {
        open[depth++] = len;
        u32(0);
        fourcc(type);
        return this;
    }

    /** A full box: type, then version and 24 bits of flags. */
    Boxes openFull(String type, int version, int flags) {
        open(type);
        u32((version << 24) | (flags & 0xFFFFFF));
        return this;
    }

    Boxes close() {
        int start = open[--depth];
        int size = len - start;
        buf[start] = (byte) (size >>> 24);
        buf[start + 1] = (byte) (size >>> 16);
        buf[start + 2] = (byte) (size >>> 8);
        buf[start + 3] = (byte) size;
        return this;
    }

    Boxes u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    Boxes u16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    Boxes u24(int v) {
        return u8(v >>> 16).u16(v & 0xFFFF);
    }

    Boxes u32(long v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    Boxes u64(long v) {
        return u32(v >>> 32).u32(v & 0xFFFFFFFFL);
    }

    Boxes fourcc(String s) {
        if (s.length() != 4) throw new IllegalArgumentException("fourcc '" + s + "'");
        return bytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    Boxes zeros(int n) {
        ensure(n);
        len += n; // the array is zero beyond len: it only grows
        return this;
    }

    Boxes bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    /** The unity matrix of mvhd and tkhd. */
    Boxes matrix() {
        return u32(0x00010000).u32(0).u32(0).u32(0).u32(0x00010000).u32(0).u32(0).u32(0).u32(0x40000000);
    }

    int length() {
        return len;
    }

    /** Overwrites a u32 written earlier (e.g. a data offset known only later). */
    void patchU32(int at, long v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    byte[] toArray() {
        if (depth != 0) throw new IllegalStateException(depth + " boxes still open");
        return Arrays.copyOf(buf, len);
    }

    ByteBuffer toBuffer() {
        return ByteBuffer.wrap(toArray());
    }

    private void ensure(int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
}
