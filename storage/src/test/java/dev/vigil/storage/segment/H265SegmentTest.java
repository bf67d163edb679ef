package dev.vigil.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.rf1.NalClassifier;
import dev.vigil.storage.rf1.TrackReader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H265SegmentTest {
    @TempDir
    Path dir;

    final SyntheticStream stream = new SyntheticStream(9);

    /** H.265 NAL header: type in bits 1..6 of the first byte, layer 0, temporal id 1. */
    ByteBuffer nal(int type, int size) {
        ByteBuffer b = stream.nal(type << 1, size);
        b.put(1, (byte) 1);
        return b;
    }

    @Test
    void everySegmentBeginsWithVpsSpsPpsInDecodingOrder() throws Exception {
        RecordingListener listener = new RecordingListener();
        ByteBuffer vps = nal(32, 20), sps = nal(33, 40), pps = nal(34, 8);
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.of(Duration.ofSeconds(2), Duration.ZERO), listener)) {
            // Parameter sets only from the SDP, and given in an odd order.
            for (int i = 0; i < 60; i++) {
                long t = SegmentWriterTest.T0 + i * 100_000L;
                List<ByteBuffer> nals = i % 10 == 0 ? List.of(nal(39, 30), nal(19, 4000)) : List.of(nal(1, 400));
                w.write(new VideoFrame(t, Codec.H265, 1920, 1080, nals, List.of(pps, sps, vps)));
            }
        }
        assertThat(listener.closed).hasSize(3);
        for (SegmentInfo s : listener.closed) {
            try (TrackReader r = SegmentWriterTest.video(s)) {
                int[] types = new int[5];
                for (int i = 0; i < 5; i++) types[i] = NalClassifier.h265Type(r.readPayload(i, i + 1).get(4));
                assertThat(types).containsExactly(32, 33, 34, 39, 19);
                assertThat(r.flags(0)).isEqualTo(6);
                assertThat(r.flags(3)).isEqualTo(4);
                assertThat(r.flags(4)).isEqualTo(5);
                assertThat(r.header().width()).isEqualTo(1920);
            }
        }
    }
}
