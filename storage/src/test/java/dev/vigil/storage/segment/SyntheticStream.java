package dev.vigil.storage.segment;

import dev.vigil.storage.rf1.Codec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic H.264-shaped access units: SPS/PPS/IDR key frames and P slices of random bytes. */
final class SyntheticStream {
    static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xD9, 0x01, 0x40, 0x16};
    static final byte[] PPS = {0x68, (byte) 0xCB, (byte) 0x83, (byte) 0xCB, 0x20};
    private final SplittableRandom random;

    SyntheticStream(long seed) {
        random = new SplittableRandom(seed);
    }

    /** A NAL unit of {@code size} bytes with header byte {@code header}; no byte is 0, so no start code can appear. */
    ByteBuffer nal(int header, int size) {
        byte[] b = new byte[size];
        b[0] = (byte) header;
        for (int i = 1; i < size; i++) b[i] = (byte) (1 + random.nextInt(255));
        return ByteBuffer.wrap(b);
    }

    VideoFrame key(long micros, int sliceBytes) {
        return new VideoFrame(micros, Codec.H264, 640, 480, List.of(ByteBuffer.wrap(SPS), ByteBuffer.wrap(PPS), nal(0x65, sliceBytes)));
    }

    VideoFrame p(long micros, int sliceBytes) {
        return new VideoFrame(micros, Codec.H264, 640, 480, List.of(nal(0x41, sliceBytes)));
    }

    /** A P frame of {@code slices} slices (one entry each). */
    VideoFrame slicedP(long micros, int slices, int sliceBytes) {
        List<ByteBuffer> nals = new ArrayList<>();
        for (int i = 0; i < slices; i++) nals.add(nal(0x41, sliceBytes));
        return new VideoFrame(micros, Codec.H264, 640, 480, nals);
    }

    static VideoFrame resized(VideoFrame f, int width, int height) {
        return new VideoFrame(f.timeMicros(), f.codec(), width, height, f.nals(), f.parameterSets());
    }
}
