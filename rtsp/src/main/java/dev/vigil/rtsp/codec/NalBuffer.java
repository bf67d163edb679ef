package dev.vigil.rtsp.codec;

import java.util.Arrays;

/**
 * Where a fragmented NAL unit is put back together: a byte array that grows as needed and keeps
 * its size between units. A plain class rather than a {@code ByteArrayOutputStream}, whose every
 * call takes a lock: this runs once per RTP packet of every camera, on the event loop.
 */
final class NalBuffer {
    private byte[] bytes = new byte[64 * 1024];
    private int size;

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    void write(byte[] src, int from, int length) {
        if (size + length > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + length));
        System.arraycopy(src, from, bytes, size, length);
        size += length;
    }

    /** The unit so far, as an array of its own. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
