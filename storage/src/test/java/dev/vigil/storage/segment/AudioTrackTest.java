package dev.vigil.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.rf1.Rf1Flags;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioTrackTest {
    static final long T0 = SegmentWriterTest.T0;

    @TempDir
    Path dir;

    /** A 7-byte ADTS header (AAC-LC, 48 kHz, stereo) and {@code payload} bytes of a raw frame. */
    static ByteBuffer adts(int payload) {
        int len = 7 + payload;
        byte[] b = new byte[len];
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xF1;
        b[2] = (byte) ((1 << 6) | (3 << 2)); // profile LC (1), sampling index 3 (48 kHz), channel config high bit 0
        b[3] = (byte) ((2 << 6) | (len >> 11));
        b[4] = (byte) (len >> 3);
        b[5] = (byte) (((len & 7) << 5) | 0x1F);
        b[6] = (byte) 0xFC;
        for (int i = 7; i < len; i++) b[i] = (byte) i;
        return ByteBuffer.wrap(b);
    }

    @Test
    void audioFramesFollowTheVideoSegmentsWithTheirOwnHeader() throws Exception {
        RecordingListener listener = new RecordingListener();
        SyntheticStream video = new SyntheticStream(7);
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.defaults(), listener)) {
            // Audio first, as cameras often do: it opens the segment and video joins it.
            w.write(new AudioFrame(T0, Codec.AAC, 48000, 2, adts(300)));
            for (int i = 0; i < 10; i++) {
                w.write(i == 0 ? video.key(T0 + 10_000, 1000) : video.p(T0 + 10_000 + i * 100_000L, 100));
                w.write(new AudioFrame(T0 + 21_333L * (i + 1), Codec.AAC, 48000, 2, adts(300)));
            }
        }
        assertThat(listener.closed).hasSize(1);
        SegmentInfo s = listener.closed.get(0);
        assertThat(s.tracks()).containsExactly(SegmentWriter.VIDEO, SegmentWriter.AUDIO);

        TrackFiles audio = TrackFiles.of(dir, s.base(), SegmentWriter.AUDIO);
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(audio.index())).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(header.array(), 0, 8, "US-ASCII")).isEqualTo("rf1aaac ");
        assertThat(header.getInt(26)).isEqualTo(48000);
        assertThat(header.get(30)).isEqualTo((byte) 2);
        try (TrackReader r = TrackReader.open(audio.index(), true)) {
            assertThat(r.entryCount()).isEqualTo(11);
            assertThat(r.recovery().closedCleanly()).isTrue();
            for (int i = 0; i < r.entryCount(); i++) assertThat(r.flags(i)).isEqualTo(Rf1Flags.KEY_FRAME);
            // The packets file is a plain ADTS stream: frames back to back, each with its sync word.
            ByteBuffer all = r.readPayload(0, r.entryCount());
            assertThat(all.remaining()).isEqualTo(11 * 307);
            for (int i = 0; i < 11; i++) assertThat(all.getShort(i * 307) & 0xFFF0).isEqualTo(0xFFF0);
        }
        try (TrackReader v = SegmentWriterTest.video(s)) {
            // Video joined a segment that audio opened 10 ms earlier: its first entry is not at pts 0.
            assertThat(v.pts(0)).isEqualTo(40);
            assertThat(Rf1Flags.isKeyFrame(v.flags(2))).isTrue();
        }
    }

    @Test
    void g711AudioIsStoredAsItCame() throws Exception {
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.defaults(), SegmentListener.NONE)) {
            w.write(new SyntheticStream(1).key(T0, 500));
            for (int i = 0; i < 50; i++) w.write(new AudioFrame(T0 + i * 20_000L, Codec.PCMU, 8000, 1, ByteBuffer.wrap(new byte[160])));
        }
        Path index = Files.list(dir).filter(p -> p.toString().endsWith("_audio.rf1i")).findFirst().orElseThrow();
        try (TrackReader r = TrackReader.open(index)) {
            assertThat(r.codec()).isEqualTo(Codec.PCMU);
            assertThat(r.header().sampleRate()).isEqualTo(8000);
            assertThat(r.entryCount()).isEqualTo(50);
            assertThat(r.packetsEnd()).isEqualTo(50 * 160);
            assertThat(r.pts(49)).isEqualTo(49 * 20 * 4096 / 1000);
        }
    }
}
