package dev.vigil.rtsp.codec;

/** NAL unit payload helpers shared by H.264 and H.265. */
final class Rbsp {
    private Rbsp() {}

    /**
     * Removes emulation-prevention bytes: every {@code 00 00 03} becomes {@code 00 00} (the 03 was
     * inserted by the encoder so the payload never contains a start code).
     */
    static byte[] unescape(byte[] nal) {
        byte[] out = new byte[nal.length];
        int n = 0;
        int zeros = 0;
        for (byte b : nal) {
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            out[n++] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }
}
