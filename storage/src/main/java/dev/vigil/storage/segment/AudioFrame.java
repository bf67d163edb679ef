package dev.vigil.storage.segment;

import dev.vigil.storage.rf1.Codec;
import java.nio.ByteBuffer;

/**
 * One audio frame to store: an ADTS frame for AAC, raw samples for G.711.
 *
 * @param timeMicros its wall-clock time, microseconds since the epoch
 */
public record AudioFrame(long timeMicros, Codec codec, int sampleRate, int channels, ByteBuffer data) {
    public AudioFrame {
        if (codec.isVideo()) throw new IllegalArgumentException(codec + " is not an audio codec");
    }
}
