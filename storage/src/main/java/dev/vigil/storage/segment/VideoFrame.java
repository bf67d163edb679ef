package dev.vigil.storage.segment;

import dev.vigil.storage.rf1.Codec;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One video access unit to store.
 *
 * @param timeMicros its wall-clock time, microseconds since the epoch
 * @param codec H.264 or H.265
 * @param width picture width from the SPS in effect
 * @param height picture height
 * @param nals its NAL units without start codes (buffers are read, never kept or moved)
 * @param parameterSets the parameter sets in effect (e.g. from the SDP), without start codes;
 *     written at the start of a segment whose first frame does not carry them
 */
public record VideoFrame(long timeMicros, Codec codec, int width, int height, List<ByteBuffer> nals, List<ByteBuffer> parameterSets) {
    public VideoFrame {
        if (!codec.isVideo()) throw new IllegalArgumentException(codec + " is not a video codec");
        if (nals.isEmpty()) throw new IllegalArgumentException("an access unit has at least one NAL unit");
    }

    public VideoFrame(long timeMicros, Codec codec, int width, int height, List<ByteBuffer> nals) {
        this(timeMicros, codec, width, height, nals, List.of());
    }
}
