package dev.vigil.storage.mp4;

import dev.vigil.storage.testing.Encoded;
import static dev.vigil.storage.mp4.TestRecording.SECOND;
import static dev.vigil.storage.mp4.TestRecording.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.segment.SegmentInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fragmented MP4: init segment + one fragment per GOP, whole and fragment by fragment. */
class Mp4FragmentedTest {
    @TempDir
    static Path tmp;

    static List<List<ByteBuffer>> avc;
    static List<ByteBuffer> aac;
    static List<SegmentRef> recording;

    @BeforeAll
    static void record() throws IOException {
        avc = Encoded.video(Codec.H264, 15, 15, 6);
        aac = Encoded.aac(48000, 2, 7);
        TestRecording r = new TestRecording(Files.createDirectories(tmp.resolve("rec")), Duration.ofSeconds(2), Codec.H264);
        r.write(avc, 0, 90, 15, T0, aac, 48000, 2);
        r.writer.close();
        recording = r.segments();
    }

    static byte[] fragment(Fmp4 f, int k) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.write(k, Channels.newChannel(out));
        return out.toByteArray();
    }

    static Path concatenate(Fmp4 f, List<Integer> which, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(f.init());
        for (int k : which) out.writeBytes(fragment(f, k));
        Path p = tmp.resolve(name);
        Files.write(p, out.toByteArray());
        return p;
    }

    @Test
    void initAndAllFragmentsDecodeWithEveryFrame() throws IOException {
        Mp4Plan plan = Mp4Planner.plan(recording, T0, T0 + 6 * SECOND, GapMode.STOP);
        Fmp4 f = Fmp4.of(plan);
        assertThat(f.fragments()).hasSize(6); // a GOP per second
        Path p = concatenate(f, f.fragments().stream().map(Fmp4.Fragment::index).toList(), "all.mp4");
        Map<String, String> v = Probe.stream(p, "v:0");
        assertThat(v.get("codec_tag_string")).isEqualTo("avc1");
        assertThat(v.get("nb_read_frames")).isEqualTo("90");
        Map<String, String> a = Probe.stream(p, "a:0");
        assertThat(a.get("nb_read_frames")).isEqualTo(Integer.toString(plan.audioSamples()));
        assertThat(a.get("sample_rate")).isEqualTo("48000");
        assertThat(Double.parseDouble(Probe.format(p).get("duration"))).isCloseTo(6.0, within(0.1));
        assertThat(Probe.decodeErrors(p)).isEmpty();
    }

    @Test
    void fragmentsListTheirTimesAndSizesAndEachStartsWithAKeyFrame() throws IOException {
        Mp4Plan plan = Mp4Planner.plan(recording, T0 + 1_500_000, T0 + 5 * SECOND, GapMode.STOP);
        Fmp4 f = Fmp4.of(plan);
        // From the key frame at 1 s (before the requested start) to 5 s.
        assertThat(f.fragments()).extracting(Fmp4.Fragment::startMicros)
                .allSatisfy(t -> assertThat((t - T0) % SECOND).isLessThan(1000));
        assertThat(f.fragments().get(0).startMicros()).isBetween(T0 + SECOND - 1000, T0 + SECOND);
        long total = 0;
        for (Fmp4.Fragment fr : f.fragments()) {
            byte[] bytes = fragment(f, fr.index());
            assertThat((long) bytes.length).isEqualTo(fr.bytes());
            assertThat(fr.durationMicros()).isCloseTo(SECOND, within(1000L));
            total += fr.durationMicros();
            ByteBuffer b = ByteBuffer.wrap(bytes);
            assertThat(Probe.topLevelBoxes(write(bytes, "frag" + fr.index() + ".m4s"))).containsExactly("moof", "mdat");
            ByteBuffer trun = Probe.box(b, "moof/traf/trun");
            assertThat(trun.getInt(4)).isEqualTo(15); // sample_count
            assertThat(trun.getInt(12 + 8)).isEqualTo(Fmp4.KEY_FLAGS); // first sample's flags
            assertThat(trun.getInt(12 + 12 + 8)).isEqualTo(Fmp4.NON_KEY_FLAGS);
            // Each fragment decodes on its own after the init segment.
            Path alone = concatenate(f, List.of(fr.index()), "alone" + fr.index() + ".mp4");
            assertThat(Probe.stream(alone, "v:0").get("nb_read_frames")).isEqualTo("15");
            assertThat(Probe.decodeErrors(alone)).isEmpty();
        }
        assertThat(total).isCloseTo(4 * SECOND, within(1000L));
    }

    @Test
    void h265Fragments() throws IOException {
        TestRecording r = new TestRecording(Files.createDirectories(tmp.resolve("hevc")), Duration.ofSeconds(100), Codec.H265);
        r.write(Encoded.video(Codec.H265, 15, 15, 3), 0, 45, 15, T0, null, 0, 0);
        r.writer.close();
        Fmp4 f = Fmp4.of(Mp4Planner.plan(r.segments(), T0, T0 + 3 * SECOND, GapMode.STOP));
        Path p = concatenate(f, List.of(0, 1, 2), "hevc.mp4");
        Map<String, String> v = Probe.stream(p, "v:0");
        assertThat(v.get("codec_tag_string")).isEqualTo("hvc1");
        assertThat(v.get("nb_read_frames")).isEqualTo("45");
        assertThat(Probe.decodeErrors(p)).isEmpty();
    }

    @Test
    void liveSegmentStillBeingWritten() throws IOException {
        TestRecording r = new TestRecording(Files.createDirectories(tmp.resolve("live")), Duration.ofSeconds(100), Codec.H264);
        r.write(avc, 0, 50, 15, T0, aac, 48000, 2);
        r.writer.flush();
        r.write(avc, 50, 60, 15, T0 + 50 * SECOND / 15, null, 0, 0); // written, not flushed: not visible yet
        SegmentInfo live = r.writer.currentSegment();
        assertThat(live.closed()).isFalse();
        Mp4Plan plan = Mp4Planner.plan(List.of(SegmentRef.of(live)), T0, T0 + 60 * SECOND, GapMode.STOP);
        assertThat(plan.videoSamples()).isEqualTo(50);
        Fmp4 f = Fmp4.of(plan);
        assertThat(f.fragments()).hasSize(4); // GOPs at 0, 1, 2 s and the one begun at 3 s
        Path p = concatenate(f, f.fragments().stream().map(Fmp4.Fragment::index).toList(), "live.mp4");
        assertThat(Probe.stream(p, "v:0").get("nb_read_frames")).isEqualTo("50");
        assertThat(Probe.decodeErrors(p)).isEmpty();
        // The progressive file of the same live segment works too.
        Path progressive = tmp.resolve("live-progressive.mp4");
        try (var out = Files.newOutputStream(progressive)) {
            Mp4File.of(plan).writeTo(out);
        }
        assertThat(Probe.stream(progressive, "v:0").get("nb_read_frames")).isEqualTo("50");
        assertThat(Probe.decodeErrors(progressive)).isEmpty();
        r.writer.close();
    }

    static Path write(byte[] bytes, String name) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }
}
