package dev.vigil.storage.segment;

import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.rf1.NalClassifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameter sets in effect for a video stream (VPS, SPS, PPS: the latest of each), so that a
 * new segment can begin with them even when its first frame does not carry them. Copies are kept:
 * the caller's buffers are not ours to hold.
 */
final class ParameterSets {
    private final ByteBuffer[] sets = new ByteBuffer[3]; // VPS, SPS, PPS
    private Codec codec;

    /** Slot of a parameter set NAL unit, or -1 for any other NAL unit. */
    static int slot(Codec codec, byte header) {
        if (codec == Codec.H264) {
            int t = NalClassifier.h264Type(header);
            return t == 7 ? 1 : t == 8 ? 2 : -1;
        }
        int t = NalClassifier.h265Type(header);
        return t >= 32 && t <= 34 ? t - 32 : -1;
    }

    /** Remembers {@code nal} if it is a parameter set; returns whether it was. */
    boolean offer(Codec codec, ByteBuffer nal) {
        if (codec != this.codec) {
            java.util.Arrays.fill(sets, null);
            this.codec = codec;
        }
        if (!nal.hasRemaining()) return false;
        int slot = slot(codec, nal.get(nal.position()));
        if (slot < 0) return false;
        ByteBuffer old = sets[slot];
        if (old == null || !old.equals(nal)) {
            ByteBuffer copy = ByteBuffer.allocate(nal.remaining());
            copy.put(nal.duplicate()).flip();
            sets[slot] = copy.asReadOnlyBuffer();
        }
        return true;
    }

    /** The sets in effect in decoding order (VPS, SPS, PPS), as read-only buffers. */
    List<ByteBuffer> inEffect() {
        List<ByteBuffer> out = new ArrayList<>(3);
        for (ByteBuffer b : sets) if (b != null) out.add(b.duplicate());
        return out;
    }
}
