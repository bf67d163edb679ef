package dev.vigil.storage.mp4;

import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.segment.AudioFrame;
import dev.vigil.storage.segment.RollPolicy;
import dev.vigil.storage.segment.SegmentInfo;
import dev.vigil.storage.segment.SegmentListener;
import dev.vigil.storage.segment.SegmentWriter;
import dev.vigil.storage.segment.VideoFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes real encoded frames into segments with synthetic wall times, and remembers the closed
 * segments as the catalog would list them.
 */
final class TestRecording implements SegmentListener {
    static final long T0 = 1_704_067_200_000_000L;
    static final long SECOND = 1_000_000L;

    final List<SegmentInfo> closed = new ArrayList<>();
    final SegmentWriter writer;
    final Codec codec;

    TestRecording(Path dir, Duration maxSegment, Codec codec) throws IOException {
        this.writer = new SegmentWriter(dir, RollPolicy.of(maxSegment, Duration.ZERO), this);
        this.codec = codec;
    }

    @Override
    public void closed(SegmentInfo segment) {
        closed.add(segment);
    }

    /** Video frame i of {@code units} at {@code start + i/fps}, with the audio frames due before it. */
    void write(List<List<ByteBuffer>> units, int from, int to, int fps, long start, List<ByteBuffer> aac, int sampleRate, int channels)
            throws IOException {
        write(units, from, to, fps, start, aac, sampleRate, channels, 320, 240);
    }

    void write(List<List<ByteBuffer>> units, int from, int to, int fps, long start, List<ByteBuffer> aac, int sampleRate, int channels,
               int width, int height) throws IOException {
        int a = 0;
        for (int i = from; i < to; i++) {
            long t = start + (i - from) * SECOND / fps;
            while (aac != null && a < aac.size() && start + a * 1024L * SECOND / sampleRate <= t) {
                writer.write(new AudioFrame(start + a * 1024L * SECOND / sampleRate, Codec.AAC, sampleRate, channels, aac.get(a).duplicate()));
                a++;
            }
            List<ByteBuffer> nals = new ArrayList<>();
            for (ByteBuffer n : units.get(i)) nals.add(n.duplicate());
            writer.write(new VideoFrame(t, codec, width, height, nals));
        }
    }

    List<SegmentRef> segments() {
        return closed.stream().map(SegmentRef::of).toList();
    }
}
