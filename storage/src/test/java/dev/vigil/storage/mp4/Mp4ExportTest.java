package dev.vigil.storage.mp4;

import dev.vigil.storage.testing.Encoded;
import static dev.vigil.storage.mp4.TestRecording.SECOND;
import static dev.vigil.storage.mp4.TestRecording.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.segment.VideoFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progressive MP4 exports of real H.264/H.265/AAC recordings, checked with ffprobe and ffmpeg. */
class Mp4ExportTest {
    static final int FPS = 15;
    static final double FRAME = 1.0 / FPS;

    @TempDir
    static Path tmp;

    /** 6 s of H.264 + AAC, a key frame every second, segments rolling every 2 s. */
    static List<SegmentRef> h264;
    /** 4 s of H.265, key frame every second, one segment. */
    static List<SegmentRef> h265;
    /** H.264: 2 s, a 3 s gap, 2 s. */
    static List<SegmentRef> gapped;

    @BeforeAll
    static void record() throws IOException {
        List<List<ByteBuffer>> avc = Encoded.video(Codec.H264, FPS, FPS, 6);
        List<ByteBuffer> aac = Encoded.aac(48000, 2, 7);
        TestRecording r = new TestRecording(Files.createDirectories(tmp.resolve("h264")), Duration.ofSeconds(2), Codec.H264);
        r.write(avc, 0, 90, FPS, T0, aac, 48000, 2);
        r.writer.close();
        h264 = r.segments();

        List<List<ByteBuffer>> hevc = Encoded.video(Codec.H265, FPS, FPS, 4);
        TestRecording h = new TestRecording(Files.createDirectories(tmp.resolve("h265")), Duration.ofSeconds(100), Codec.H265);
        h.write(hevc, 0, 60, FPS, T0, null, 0, 0);
        h.writer.close();
        h265 = h.segments();

        TestRecording g = new TestRecording(Files.createDirectories(tmp.resolve("gap")), Duration.ofSeconds(100), Codec.H264);
        g.write(avc, 0, 30, FPS, T0, null, 0, 0);
        g.writer.roll();
        g.write(avc, 30, 60, FPS, T0 + 5 * SECOND, null, 0, 0);
        g.writer.close();
        gapped = g.segments();
    }

    static Path export(Mp4Plan plan, String name) throws IOException {
        Path f = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(f)) {
            Mp4File.of(plan).writeTo(out);
        }
        return f;
    }

    static double d(Map<String, String> m, String key) {
        return Double.parseDouble(m.get(key));
    }

    @Test
    void wholeRecordingIsFaststartAvc1WithEveryFrameAndDecodesCleanly() throws IOException {
        assertThat(h264).hasSizeGreaterThan(2); // the range spans rolls
        Mp4Plan plan = Mp4Planner.plan(h264, T0, T0 + 6 * SECOND, GapMode.STOP);
        assertThat(plan.videoSamples()).isEqualTo(90);
        assertThat(plan.stopReason()).isEqualTo(StopReason.END);
        Path f = export(plan, "whole.mp4");
        assertThat(Probe.topLevelBoxes(f)).containsExactly("ftyp", "moov", "mdat");
        assertThat(Files.size(f)).isEqualTo(Mp4File.of(plan).length());
        Map<String, String> v = Probe.stream(f, "v:0");
        assertThat(v.get("codec_tag_string")).isEqualTo("avc1");
        assertThat(v.get("nb_read_frames")).isEqualTo("90");
        assertThat(d(Probe.format(f), "duration")).isCloseTo(6.0, within(FRAME));
        assertThat(Probe.decodeErrors(f)).isEmpty();
    }

    @Test
    void aacTrackHasTheRecordedRateAndChannels() throws IOException {
        Mp4Plan plan = Mp4Planner.plan(h264, T0, T0 + 6 * SECOND, GapMode.STOP);
        assertThat(plan.hasAudio()).isTrue();
        Path f = export(plan, "audio.mp4");
        Map<String, String> a = Probe.stream(f, "a:0");
        assertThat(a.get("codec_name")).isEqualTo("aac");
        assertThat(a.get("sample_rate")).isEqualTo("48000");
        assertThat(a.get("channels")).isEqualTo("2");
        assertThat(a.get("nb_read_frames")).isEqualTo(Integer.toString(plan.audioSamples()));
        assertThat(d(a, "duration")).isCloseTo(6.0, within(0.05));
        assertThat(Probe.decodeErrors(f)).isEmpty();
    }

    @Test
    void midGopStartDecodesFromThePreviousKeyFrameAndPresentsFromTheStart() throws IOException {
        // 2.5 s is half way into the GOP that starts at 2 s (and the second segment).
        long start = T0 + 2_500_000, end = T0 + 4_500_000;
        Mp4Plan plan = Mp4Planner.plan(h264, start, end, GapMode.STOP);
        assertThat(plan.mediaStartMicros()).isBetween(T0 + 2 * SECOND - 1000, T0 + 2 * SECOND);
        assertThat(plan.startMicros()).isEqualTo(start);
        assertThat(plan.videoSamples()).isEqualTo(30 + 8 - 1 + 1); // frames 30..67: from the key frame to before 4.5 s
        Path f = export(plan, "midgop.mp4");
        ByteBuffer moov = Probe.box(ByteBuffer.wrap(Files.readAllBytes(f)), "moov");
        ByteBuffer elst = Probe.box(Probe.children(moov, "trak").get(0), "edts/elst");
        assertThat(elst).isNotNull();
        assertThat(elst.getInt(4)).isEqualTo(1); // one entry
        assertThat(elst.getInt(8)).isEqualTo(2000); // segment_duration, ms
        assertThat(elst.getInt(12)).isCloseTo(45_000, within(10)); // media_time: 0.5 s at 90 kHz
        assertThat(elst.getInt(16)).isEqualTo(0x00010000);
        // ffmpeg decodes from the key frame but outputs only what the edit list presents: 2 s of frames.
        assertThat(Probe.stream(f, "v:0").get("nb_read_frames")).isEqualTo("30");
        Map<String, String> fmt = Probe.format(f);
        assertThat(d(fmt, "duration")).isCloseTo(2.0, within(FRAME));
        assertThat(d(fmt, "start_time")).isCloseTo(0.0, within(FRAME));
        assertThat(Probe.decodeErrors(f)).isEmpty();
    }

    @Test
    void rangeAcrossARollIsSeamless() throws IOException {
        long start = T0 + 1 * SECOND, end = T0 + 5 * SECOND;
        Mp4Plan plan = Mp4Planner.plan(h264, start, end, GapMode.STOP);
        assertThat(plan.stopReason()).isEqualTo(StopReason.END);
        assertThat(plan.videoSamples()).isEqualTo(60);
        Path f = export(plan, "roll.mp4");
        assertThat(Probe.stream(f, "v:0").get("nb_read_frames")).isEqualTo("60");
        assertThat(d(Probe.format(f), "duration")).isCloseTo(4.0, within(FRAME));
        assertThat(Probe.decodeErrors(f)).isEmpty();
    }

    @Test
    void h265IsHvc1() throws IOException {
        Mp4Plan plan = Mp4Planner.plan(h265, T0, T0 + 4 * SECOND, GapMode.STOP);
        assertThat(plan.videoSamples()).isEqualTo(60);
        Path f = export(plan, "hevc.mp4");
        Map<String, String> v = Probe.stream(f, "v:0");
        assertThat(v.get("codec_name")).isEqualTo("hevc");
        assertThat(v.get("codec_tag_string")).isEqualTo("hvc1");
        assertThat(v.get("nb_read_frames")).isEqualTo("60");
        assertThat(v.get("width")).isEqualTo("320");
        assertThat(d(Probe.format(f), "duration")).isCloseTo(4.0, within(FRAME));
        assertThat(Probe.decodeErrors(f)).isEmpty();
    }

    @Test
    void stopsAtAGapAndSaysWhereTheNextRunStarts() throws IOException {
        assertThat(gapped).hasSize(2);
        Mp4Plan plan = Mp4Planner.plan(gapped, T0, T0 + 7 * SECOND, GapMode.STOP);
        assertThat(plan.stopReason()).isEqualTo(StopReason.GAP);
        assertThat(plan.nextRunStartMicros()).hasValue(T0 + 5 * SECOND);
        assertThat(plan.videoSamples()).isEqualTo(30);
        Path f = export(plan, "gap-stop.mp4");
        assertThat(d(Probe.format(f), "duration")).isCloseTo(2.0, within(FRAME));
        assertThat(Probe.stream(f, "v:0").get("nb_read_frames")).isEqualTo("30");
        assertThat(Probe.decodeErrors(f)).isEmpty();
    }

    @Test
    void joinKeepsTheGapAsTime() throws IOException {
        Mp4Plan plan = Mp4Planner.plan(gapped, T0, T0 + 7 * SECOND, GapMode.JOIN);
        assertThat(plan.stopReason()).isEqualTo(StopReason.END);
        assertThat(plan.videoSamples()).isEqualTo(60);
        Path f = export(plan, "gap-join.mp4");
        assertThat(d(Probe.format(f), "duration")).isCloseTo(7.0, within(FRAME));
        assertThat(Probe.stream(f, "v:0").get("nb_read_frames")).isEqualTo("60");
        assertThat(Probe.decodeErrors(f)).isEmpty();
    }

    @Test
    void stopsWhereTheParameterSetsChange() throws IOException {
        // 2 s at 320x240, then straight on at 160x120: contiguous, but one avcC cannot describe both.
        TestRecording r = new TestRecording(Files.createDirectories(tmp.resolve("resize")), Duration.ofSeconds(100), Codec.H264);
        r.write(Encoded.video(Codec.H264, FPS, FPS, 2), 0, 30, FPS, T0, null, 0, 0);
        r.write(Encoded.video(Codec.H264, "160x120", FPS, FPS, 2), 0, 30, FPS, T0 + 2 * SECOND, null, 0, 0, 160, 120);
        r.writer.close();
        List<SegmentRef> segments = r.segments();
        assertThat(segments).hasSize(2);
        assertThat(segments.get(1).startMicros()).isEqualTo(segments.get(0).endMicros());
        for (GapMode mode : GapMode.values()) {
            Mp4Plan plan = Mp4Planner.plan(segments, T0, T0 + 4 * SECOND, mode);
            assertThat(plan.stopReason()).isEqualTo(StopReason.FORMAT_CHANGE);
            assertThat(plan.nextRunStartMicros()).hasValue(T0 + 2 * SECOND);
            assertThat(plan.videoSamples()).isEqualTo(30);
        }
        // Asked again from there, the second part exports at its own size.
        Path f = export(Mp4Planner.plan(segments, T0 + 2 * SECOND, T0 + 4 * SECOND, GapMode.STOP), "resized.mp4");
        Map<String, String> v = Probe.stream(f, "v:0");
        assertThat(v.get("width")).isEqualTo("160");
        assertThat(v.get("nb_read_frames")).isEqualTo("30");
        assertThat(Probe.decodeErrors(f)).isEmpty();
    }

    @Test
    void startInASegmentThatContinuesAGopDecodesFromTheKeyFrameInTheSegmentBefore() throws IOException {
        // One key frame, then a frame every 10 s: the writer rolls hard at 1030 s, inside the GOP.
        List<List<ByteBuffer>> units = Encoded.video(Codec.H264, FPS, 300, 8);
        TestRecording r = new TestRecording(Files.createDirectories(tmp.resolve("hard")), Duration.ofSeconds(1000), Codec.H264);
        for (int i = 0; i < 110; i++) r.writer.write(new VideoFrame(T0 + i * 10 * SECOND, Codec.H264, 320, 240, units.get(i)));
        r.writer.close();
        List<SegmentRef> segments = r.segments();
        assertThat(segments).hasSize(2);
        assertThat(segments.get(1).startsWithKeyFrame()).isFalse();
        long start = T0 + 1045 * SECOND, end = T0 + 1075 * SECOND;
        Mp4Plan plan = Mp4Planner.plan(segments, start, end, GapMode.STOP);
        assertThat(plan.mediaStartMicros()).isEqualTo(T0);
        assertThat(plan.startMicros()).isEqualTo(start);
        assertThat(plan.videoSamples()).isEqualTo(108); // frames 0..107 at 0, 10, ..., 1070 s
        Path f = export(plan, "hard-roll.mp4");
        assertThat(d(Probe.format(f), "duration")).isCloseTo(30.0, within(0.01));
        assertThat(Probe.decodeErrors(f)).isEmpty();
    }

    @Test
    void etagIsStableForTheSameRangeAndFilesAndDiffersForAnother() throws IOException {
        String a = Mp4Planner.plan(h264, T0, T0 + 3 * SECOND, GapMode.STOP).etag();
        assertThat(Mp4Planner.plan(h264, T0, T0 + 3 * SECOND, GapMode.STOP).etag()).isEqualTo(a);
        assertThat(Mp4Planner.plan(h264, T0, T0 + 4 * SECOND, GapMode.STOP).etag()).isNotEqualTo(a);
    }
}
