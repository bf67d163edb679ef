package dev.vigil.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.storage.rf1.IndexEntry;
import dev.vigil.storage.rf1.Rf1Flags;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentWriterTest {
    static final long T0 = 1_704_067_200_000_000L;
    static final long SECOND = 1_000_000L;

    @TempDir
    Path dir;

    final RecordingListener listener = new RecordingListener();
    final SyntheticStream stream = new SyntheticStream(42);

    @Test
    void rollsAtTheFirstKeyFrameAfterTheMaximumDuration() throws Exception {
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.of(Duration.ofSeconds(10), Duration.ZERO), listener)) {
            // 10 fps, a key frame every 3 s: the first one at or past 10 s is at 12 s.
            for (int i = 0; i < 250; i++) {
                long t = T0 + i * SECOND / 10;
                w.write(i % 30 == 0 ? stream.key(t, 2000) : stream.p(t, 500));
            }
        }
        assertThat(listener.closed).extracting(SegmentInfo::startMicros).containsExactly(T0, T0 + 12 * SECOND, T0 + 24 * SECOND);
        assertContiguousAndDecodable(listener.closed);
        assertThat(listener.closed).allMatch(SegmentInfo::startsWithKeyFrame);
        assertThat(listener.opened).extracting(SegmentInfo::startMicros).isEqualTo(listener.closed.stream().map(SegmentInfo::startMicros).toList());
    }

    /** A segment lives for minutes; holding its first key frame that long, per camera, filled the heap. */
    @Test
    void keepsNoFrameOnceItIsWritten() throws Exception {
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.defaults(), listener)) {
            VideoFrame first = stream.key(T0, 200_000);
            java.lang.ref.WeakReference<VideoFrame> written = new java.lang.ref.WeakReference<>(first);
            w.write(first);
            first = null;
            for (int i = 1; i < 5; i++) w.write(stream.p(T0 + i * SECOND / 10, 500));
            for (int i = 0; i < 20 && written.get() != null; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertThat(written.get()).as("the segment's first frame, after it was written").isNull();
        }
    }

    @Test
    void groupFlushReportsTheSegmentAsItWasWrittenOut() throws Exception {
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.of(Duration.ofSeconds(10), Duration.ZERO), listener)) {
            assertThat(w.writeIndex()).as("nothing written out, nothing to report").isNull();
            w.writeOut();
            assertThat(w.writeIndex()).as("no segment yet").isNull();
            for (int i = 0; i < 5; i++) w.write(i == 0 ? stream.key(T0, 2000) : stream.p(T0 + i * SECOND / 10, 500));
            w.writeOut();
            w.write(stream.p(T0 + 5 * SECOND / 10, 500));  // between the halves
            SegmentInfo flushed = w.writeIndex();
            assertThat(flushed.entries()).as("SPS, PPS, IDR and 4 P frames").isEqualTo(7);
            assertThat(flushed.endMicros()).isEqualTo(T0 + 5 * SECOND / 10);
            assertThat(flushed.closed()).isFalse();
            try (TrackReader r = video(flushed)) {
                assertThat(r.entryCount()).isEqualTo(7);
            }

            w.writeOut();
            w.write(stream.key(T0 + 11 * SECOND, 2000));  // rolls: the close made the old segment durable
            assertThat(w.writeIndex()).as("the segment written out is closed").isNull();
            assertThat(listener.closed).singleElement().extracting(SegmentInfo::entries).isEqualTo(8);
        }
    }

    @Test
    void staggerShortensOnlyTheFirstSegment() throws Exception {
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.of(Duration.ofSeconds(10), Duration.ofSeconds(4)), listener)) {
            for (int i = 0; i < 250; i++) {
                long t = T0 + i * SECOND / 10;
                w.write(i % 10 == 0 ? stream.key(t, 2000) : stream.p(t, 500));
            }
        }
        assertThat(listener.closed).extracting(SegmentInfo::startMicros).containsExactly(T0, T0 + 6 * SECOND, T0 + 16 * SECOND);
    }

    @Test
    void rollsHardBeforeThePtsLimitAndTheNewSegmentContinuesTheGop() throws Exception {
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.defaults(), listener)) {
            // One key frame, then P frames every 10 s: no key frame comes to roll at.
            w.write(stream.key(T0, 2000));
            for (int i = 1; i <= 110; i++) w.write(stream.p(T0 + i * 10 * SECOND, 500));
        }
        // 1030 s would be past 2^22-1 ticks (1023.99 s): the roll comes exactly there.
        assertThat(listener.closed).extracting(SegmentInfo::startMicros).containsExactly(T0, T0 + 1030 * SECOND);
        assertThat(listener.closed.get(1).startsWithKeyFrame()).isFalse();
        assertContiguousAndDecodable(listener.closed);
        try (TrackReader r = video(listener.closed.get(0))) {
            assertThat(r.pts(r.entryCount() - 1)).isLessThanOrEqualTo(IndexEntry.MAX_PTS).isEqualTo((int) IndexEntry.ticksFromMicros(1020 * SECOND));
        }
    }

    @Test
    void rollsHardBeforeTheEntryLimit() throws Exception {
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.defaults(), listener)) {
            w.write(stream.key(T0, 100));
            // 100 slices per frame: after frame 655 there are 3 + 65500 entries; frame 656 would need
            // 100 more plus the sentinel, 65604 > 65535.
            for (int i = 1; i <= 700; i++) w.write(stream.slicedP(T0 + i * 10_000L, 100, 8));
        }
        assertThat(listener.closed).hasSize(2);
        try (TrackReader r = video(listener.closed.get(0))) {
            assertThat(r.entryCount()).isEqualTo(3 + 655 * 100);
            assertThat(r.entryCount() + 1 + 100).isGreaterThan(IndexEntry.MAX_ENTRIES);
        }
        assertThat(listener.closed.get(1).startMicros()).isEqualTo(T0 + 656 * 10_000L);
        assertThat(listener.closed.get(1).startsWithKeyFrame()).isFalse();
        assertContiguousAndDecodable(listener.closed);
    }

    @Test
    void rollsHardBeforeTheByteLimit() throws Exception {
        int slice = 8 << 20;
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.defaults(), listener)) {
            w.write(stream.key(T0, 1000));
            for (int i = 1; i <= 130; i++) w.write(stream.p(T0 + i * 100_000L, slice));
        }
        assertThat(listener.closed).hasSize(2);
        SegmentInfo first = listener.closed.get(0);
        assertThat(first.bytes()).isLessThanOrEqualTo(IndexEntry.MAX_LOCATION);
        assertThat(first.bytes() + slice + 4).isGreaterThan(IndexEntry.MAX_LOCATION);
        assertThat(listener.closed.get(1).startsWithKeyFrame()).isFalse();
        assertContiguousAndDecodable(listener.closed);
    }

    @Test
    void softByteThresholdRollsAtAKeyFrame() throws Exception {
        RollPolicy policy = new RollPolicy(Duration.ofSeconds(1000), Duration.ZERO, 100_000, 60_000);
        try (SegmentWriter w = new SegmentWriter(dir, policy, listener)) {
            for (int i = 0; i < 100; i++) {
                long t = T0 + i * SECOND / 10;
                w.write(i % 10 == 0 ? stream.key(t, 5000) : stream.p(t, 5000));
            }
        }
        // 100 kB is passed with the 20th frame (2 x 5025 + 18 x 5004 bytes): the roll waits for the next key frame.
        assertThat(listener.closed).extracting(SegmentInfo::startMicros).containsExactly(T0, T0 + 2 * SECOND, T0 + 4 * SECOND,
                T0 + 6 * SECOND, T0 + 8 * SECOND);
        assertThat(listener.closed).allMatch(SegmentInfo::startsWithKeyFrame);
    }

    @Test
    void newSegmentBeginsWithTheParameterSetsInEffect() throws Exception {
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.of(Duration.ofSeconds(1), Duration.ZERO), listener)) {
            w.write(stream.key(T0, 1000));
            // A key frame without SPS/PPS (the camera sends them only in the SDP or once).
            for (int i = 1; i < 30; i++) {
                VideoFrame f = i % 10 == 0
                        ? new VideoFrame(T0 + i * SECOND / 10, stream.key(0, 1).codec(), 640, 480, List.of(stream.nal(0x65, 900)))
                        : stream.p(T0 + i * SECOND / 10, 300);
                w.write(f);
            }
        }
        assertThat(listener.closed).hasSize(3);
        assertContiguousAndDecodable(listener.closed);
    }

    @Test
    void pictureSizeChangeStartsANewSegmentWithTheNewSize() throws Exception {
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.defaults(), listener)) {
            w.write(stream.key(T0, 1000));
            w.write(stream.p(T0 + 100_000, 100));
            w.write(SyntheticStream.resized(stream.key(T0 + 200_000, 1000), 1280, 720));
        }
        assertThat(listener.closed).hasSize(2);
        try (TrackReader r = video(listener.closed.get(1))) {
            assertThat(r.header().width()).isEqualTo(1280);
            assertThat(r.header().height()).isEqualTo(720);
        }
    }

    @Test
    void timeGoingBackwardsStartsANewSegment() throws Exception {
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.defaults(), listener)) {
            w.write(stream.key(T0, 1000));
            w.write(stream.p(T0 + 100_000, 100));
            w.write(stream.key(T0 - 3600 * SECOND, 1000));
            w.write(stream.p(T0 - 3600 * SECOND + 100_000, 100));
        }
        assertThat(listener.closed).extracting(SegmentInfo::startMicros).containsExactly(T0, T0 - 3600 * SECOND);
        assertThat(listener.closed.get(0).endMicros()).isEqualTo(T0 + 200_000);
    }

    @Test
    void forcedRollsWithinOneMillisecondGetDistinctNames() throws Exception {
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.defaults(), listener)) {
            w.write(stream.key(T0, 1000));
            w.roll();
            w.write(stream.key(T0 + 100, 1000));
        }
        assertThat(listener.closed).extracting(SegmentInfo::base).containsExactly("1704067200000", "1704067200001");
        assertThat(listener.closed.get(1).startMicros()).isEqualTo(T0 + 100);
    }

    static TrackReader video(SegmentInfo s) throws Exception {
        return TrackReader.open(TrackFiles.of(s.dir(), s.base(), SegmentWriter.VIDEO).index());
    }

    /** Closed cleanly, back to back, each beginning with SPS and PPS then a picture. */
    static void assertContiguousAndDecodable(List<SegmentInfo> segments) throws Exception {
        for (int i = 0; i < segments.size(); i++) {
            SegmentInfo s = segments.get(i);
            assertThat(s.closed()).isTrue();
            if (i > 0) assertThat(s.startMicros()).as("segment %d starts where %d ends", i, i - 1).isEqualTo(segments.get(i - 1).endMicros());
            try (TrackReader r = video(s)) {
                assertThat(r.recovery().closedCleanly()).isTrue();
                assertThat(r.timeBaseMicros()).isEqualTo(s.startMicros());
                assertThat(r.flags(0)).isEqualTo(Rf1Flags.ESSENTIAL | Rf1Flags.ANNEX_B);
                assertThat(r.flags(1)).isEqualTo(Rf1Flags.ESSENTIAL | Rf1Flags.ANNEX_B);
                assertThat(r.readPayload(0, 1).get(4)).isEqualTo((byte) 0x67);
                assertThat(r.readPayload(1, 2).get(4)).isEqualTo((byte) 0x68);
                assertThat(Rf1Flags.isKeyFrame(r.flags(2))).isEqualTo(s.startsWithKeyFrame());
                assertThat(r.pts(0)).isZero();
                assertThat(r.entryCount()).isEqualTo(s.entries());
                assertThat(r.packetsEnd()).isEqualTo(s.bytes());
            }
        }
    }

    @Test
    void aSegmentEndsNoLaterThanTheFrameThatOpensTheNextSoRowsNeverOverlap() throws Exception {
        // A new size 40 ms after the last frame, sooner than the 100 ms interval would put it.
        long t = T0 + 9 * SECOND / 10 + 40_000;
        try (SegmentWriter w = new SegmentWriter(dir, RollPolicy.defaults(), listener)) {
            for (int i = 0; i < 10; i++) w.write(i == 0 ? stream.key(T0, 900) : stream.p(T0 + i * SECOND / 10, 300));
            w.write(SyntheticStream.resized(stream.key(t, 900), 320, 240));
            w.write(SyntheticStream.resized(stream.p(t + 10_000, 300), 320, 240));
            // And a new run (a reconnect) 5 ms after that, sooner than its 10 ms interval.
            w.roll(t + 15_000);
            w.write(SyntheticStream.resized(stream.key(t + 15_000, 900), 320, 240));
        }
        assertThat(listener.closed).extracting(SegmentInfo::startMicros, SegmentInfo::endMicros).startsWith(
                org.assertj.core.groups.Tuple.tuple(T0, t),
                // A new run ends a microsecond early: it must not look contiguous with the next.
                org.assertj.core.groups.Tuple.tuple(t, t + 15_000 - 1));
    }
}
