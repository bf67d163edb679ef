package dev.vigil.storage.mp4;

import dev.vigil.storage.testing.Encoded;
import static dev.vigil.storage.mp4.TestRecording.SECOND;
import static dev.vigil.storage.mp4.TestRecording.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.rf1.NalClassifier;
import dev.vigil.storage.rf1.Rf1Flags;
import dev.vigil.storage.rf1.IndexEntry;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackHeader;
import dev.vigil.storage.segment.AudioFrame;
import dev.vigil.storage.segment.RollPolicy;
import dev.vigil.storage.segment.SegmentInfo;
import dev.vigil.storage.segment.SegmentListener;
import dev.vigil.storage.segment.SegmentWriter;
import dev.vigil.storage.segment.VideoFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs other than our writer's usual ones: 3-byte start codes, G.711 audio. */
class Mp4SourcesTest {
    @TempDir
    Path dir;

    static Path export(Mp4Plan plan, Path f) throws IOException {
        try (OutputStream out = Files.newOutputStream(f)) {
            Mp4File.of(plan).writeTo(out);
        }
        return f;
    }

    @Test
    void threeByteStartCodesBecomeFourByteLengths() throws IOException {
        List<List<ByteBuffer>> units = Encoded.video(Codec.H264, 15, 15, 2);
        // Written by hand: our TrackWriter always stores 4-byte start codes.
        TrackFiles files = TrackFiles.of(dir, "1", "video");
        ByteArrayOutputStream packets = new ByteArrayOutputStream();
        List<Long> entries = new ArrayList<>();
        int threeByte = 0;
        long lengthPrefixed = 0;
        for (int i = 0; i < units.size(); i++) {
            int pts = (int) (i * 4096L / 15);
            for (ByteBuffer nal : units.get(i)) {
                // Every other NAL unit with a 3-byte start code, as another RF1 writer might store it.
                boolean three = entries.size() % 2 == 0;
                entries.add(IndexEntry.pack(pts, packets.size(), NalClassifier.flags(Codec.H264, nal.get(0))));
                packets.writeBytes(three ? new byte[] {0, 0, 1} : new byte[] {0, 0, 0, 1});
                byte[] b = new byte[nal.remaining()];
                nal.duplicate().get(b);
                packets.writeBytes(b);
                if (!Rf1Flags.isEssential(NalClassifier.flags(Codec.H264, nal.get(0)))) lengthPrefixed += 4 + b.length;
                if (three) threeByte++;
            }
        }
        entries.add(IndexEntry.pack(0, packets.size(), 0));
        ByteBuffer index = ByteBuffer.allocate(TrackHeader.BYTES + entries.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        index.put(TrackHeader.video(Codec.H264, T0, 320, 240).withIndexCount(entries.size() - 1).encode());
        for (long e : entries) index.putLong(e);
        Files.write(files.index(), index.array());
        Files.write(files.packets(), packets.toByteArray());
        assertThat(threeByte).isGreaterThan(10);
        SegmentRef s = new SegmentRef(dir, "1", T0, T0 + 2 * SECOND, List.of("video"), true);
        Mp4Plan plan = Mp4Planner.plan(List.of(s), T0, T0 + 2 * SECOND, GapMode.STOP);
        Path f = export(plan, dir.resolve("three.mp4"));
        assertThat(Probe.stream(f, "v:0").get("nb_read_frames")).isEqualTo("30");
        assertThat(Probe.decodeErrors(f)).isEmpty();
        // Each start code, 3 or 4 bytes, became a 4-byte length; the parameter sets are in the avcC only.
        Mp4File mp4 = Mp4File.of(plan);
        assertThat(mp4.length() - mp4.headerLength()).isEqualTo(lengthPrefixed);
    }

    @Test
    void g711IsUlawThatFfprobeKnows() throws IOException {
        List<List<ByteBuffer>> units = Encoded.video(Codec.H264, 15, 15, 3);
        byte[] ulaw = Encoded.run(List.of("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000", "-t", "4",
                "-ac", "1", "-f", "mulaw", "-"));
        List<SegmentInfo> closed = new ArrayList<>();
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.defaults(), new SegmentListener() {
            @Override
            public void closed(SegmentInfo segment) {
                closed.add(segment);
            }
        })) {
            int a = 0;
            for (int i = 0; i < 45; i++) {
                long t = T0 + i * SECOND / 15;
                for (; a * 20_000L <= i * SECOND / 15; a++)
                    w.write(new AudioFrame(T0 + a * 20_000L, Codec.PCMU, 8000, 1, ByteBuffer.wrap(ulaw, a * 160, 160)));
                w.write(new VideoFrame(t, Codec.H264, 320, 240, units.get(i)));
            }
        }
        Mp4Plan plan = Mp4Planner.plan(closed.stream().map(SegmentRef::of).toList(), T0, T0 + 3 * SECOND, GapMode.STOP);
        assertThat(plan.hasAudio()).isTrue();
        Path f = export(plan, dir.resolve("ulaw.mp4"));
        Map<String, String> au = Probe.stream(f, "a:0");
        assertThat(au.get("codec_name")).isEqualTo("pcm_mulaw");
        assertThat(au.get("sample_rate")).isEqualTo("8000");
        assertThat(au.get("channels")).isEqualTo("1");
        assertThat(Double.parseDouble(au.get("duration"))).isCloseTo(3.0, within(0.05));
        assertThat(Probe.decodeErrors(f)).isEmpty();
    }
}
