package dev.vigil.daemon.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.Codec;
import dev.vigil.storage.rf1.Rf1Flags;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackReader;
import dev.vigil.storage.segment.RollPolicy;
import dev.vigil.storage.segment.SegmentInfo;
import dev.vigil.storage.segment.SegmentListener;
import dev.vigil.storage.segment.SegmentWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraRecorderTest {
    static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xD9, 0x01, 0x40, 0x16};
    static final byte[] PPS = {0x68, (byte) 0xCB, (byte) 0x83, (byte) 0xCB, 0x20};

    @TempDir
    Path dir;

    final long[] monotonic = {0};
    final LocalClock clock = new LocalClock(Clock.fixed(Instant.ofEpochSecond(1_704_067_200L), ZoneOffset.UTC), () -> monotonic[0]);
    final List<SegmentInfo> closed = new ArrayList<>();
    final SegmentListener listener = new SegmentListener() {
        @Override
        public void closed(SegmentInfo s) {
            closed.add(s);
        }
    };

    /** Frame {@code i} of a 10 fps H.264 stream with a key frame every 10 frames, arriving on time. */
    AccessUnit frame(int i, long rtpBase) {
        return frame(i, rtpBase, AccessUnit.NOTHING_TO_RELEASE);
    }

    AccessUnit frame(int i, long rtpBase, Runnable releaser) {
        monotonic[0] = i * 100_000_000L;
        boolean key = i % 10 == 0;
        byte[] slice = new byte[key ? 3000 : 500];
        slice[0] = (byte) (key ? 0x65 : 0x41);
        for (int k = 1; k < slice.length; k++) slice[k] = (byte) (1 + k % 200);
        return new AccessUnit(0, Codec.H264, rtpBase + i * 9000L, 90_000, monotonic[0], List.of(ByteBuffer.wrap(slice)),
                new int[] {key ? 5 : 4}, key, false, List.of(ByteBuffer.wrap(SPS), ByteBuffer.wrap(PPS)), 320, 240, releaser);
    }

    CameraRecorder recorder(Executor io, long maxQueued) throws Exception {
        return recorder(io, maxQueued, WriteBacklog.unbounded());
    }

    CameraRecorder recorder(Executor io, long maxQueued, WriteBacklog backlog) throws Exception {
        return new CameraRecorder("cam", new SegmentWriter(dir, RollPolicy.defaults(), listener), io, clock, maxQueued, backlog);
    }

    List<Integer> storedPts(SegmentInfo s) throws Exception {
        try (TrackReader r = TrackReader.open(TrackFiles.of(dir, s.base(), "video").index())) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < r.entryCount(); i++) if (!Rf1Flags.isEssential(r.flags(i))) out.add(r.pts(i));
            return out;
        }
    }

    @Test
    void storesEveryFrameAtItsWallTimeWithParameterSetsFirst() throws Exception {
        CameraRecorder rec = recorder(Runnable::run, 1 << 20);
        for (int i = 0; i < 30; i++) rec.accept(frame(i, 5000));
        rec.close().join();
        assertThat(closed).singleElement().satisfies(s -> {
            assertThat(s.startMicros()).isEqualTo(1_704_067_200_000_000L);
            assertThat(s.endMicros()).isEqualTo(1_704_067_203_000_000L);
            assertThat(s.entries()).isEqualTo(32);
        });
        assertThat(storedPts(closed.get(0))).hasSize(30).startsWith(0, 409, 819);
        assertThat(rec.stats().frames()).isEqualTo(30);
        assertThat(rec.stats().droppedFrames()).isZero();
    }

    @Test
    void aStalledDiskDropsVideoUpToTheNextKeyFrame() throws Exception {
        Queue<Runnable> stalled = new ArrayDeque<>();
        CameraRecorder rec = recorder(stalled::add, 10_000);
        // Frames 0..9 fit in 10 kB (3000 + 9 x 500 bytes); the key frame 10 does not, so it and 11
        // are dropped; then the disk catches up, but 12..19 are dropped until the key frame 20.
        for (int i = 0; i < 12; i++) rec.accept(frame(i, 0));
        while (!stalled.isEmpty()) stalled.poll().run();
        for (int i = 12; i < 25; i++) rec.accept(frame(i, 0));
        while (!stalled.isEmpty()) stalled.poll().run();
        rec.close();
        while (!stalled.isEmpty()) stalled.poll().run();

        assertThat(rec.stats().droppedFrames()).isEqualTo(2 + 8);
        // Stored: frames 0..9, then nothing until the key frame 20, then 20..24.
        List<Integer> pts = storedPts(closed.get(0));
        assertThat(pts).hasSize(10 + 5);
        assertThat(pts.get(10)).isEqualTo(2 * 4096);
    }

    /** Released once each, when written or dropped, never while it waits for the disk: its arrays go to later frames. */
    @Test
    void everyFrameIsReleasedOnceItIsWrittenOrDropped() throws Exception {
        Queue<Runnable> stalled = new ArrayDeque<>();
        CameraRecorder rec = recorder(stalled::add, 10_000);
        int[] released = new int[25];
        for (int i = 0; i < 12; i++) {
            int n = i;
            rec.accept(frame(i, 0, () -> released[n]++));
        }
        // 0..9 wait for the disk; 10 and 11 were dropped.
        assertThat(java.util.Arrays.copyOf(released, 12)).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1);
        while (!stalled.isEmpty()) stalled.poll().run();
        for (int i = 12; i < 25; i++) {
            int n = i;
            rec.accept(frame(i, 0, () -> released[n]++));
        }
        rec.close();
        while (!stalled.isEmpty()) stalled.poll().run();
        assertThat(released).containsOnly(1);
    }

    @Test
    void theSharedBacklogBoundsAllCamerasTogether() throws Exception {
        Queue<Runnable> stalled = new ArrayDeque<>();
        WriteBacklog backlog = new WriteBacklog(8_000);
        List<SegmentInfo> closedB = new ArrayList<>();
        CameraRecorder a = recorder(stalled::add, 1 << 20, backlog);
        CameraRecorder b = new CameraRecorder("b", new SegmentWriter(dir.resolve("b"), RollPolicy.defaults(), new SegmentListener() {
            @Override
            public void closed(SegmentInfo s) {
                closedB.add(s);
            }
        }), stalled::add, clock, 1 << 20, backlog);
        // Each camera's own cap (1 MiB) is far away; together they pass 8000 bytes: a's key frame
        // and 3 P frames (4500), then b's key frame and 1 P frame (3500) fit, b's next ones do not.
        for (int i = 0; i < 4; i++) a.accept(frame(i, 0));
        for (int i = 0; i < 4; i++) b.accept(frame(i, 0));
        assertThat(backlog.bytes()).isEqualTo(8_000);
        assertThat(a.stats().droppedFrames()).isZero();
        assertThat(b.stats().droppedFrames()).isEqualTo(2);
        // The disk catches up: the backlog empties, and b waits for its next key frame.
        while (!stalled.isEmpty()) stalled.poll().run();
        assertThat(backlog.bytes()).isZero();
        for (int i = 4; i < 11; i++) b.accept(frame(i, 0));
        assertThat(b.stats().droppedFrames()).isEqualTo(2 + 6);
        a.close();
        b.close();
        while (!stalled.isEmpty()) stalled.poll().run();
        assertThat(storedPts(closed.get(0))).hasSize(4);
        assertThat(closedB).singleElement().satisfies(s -> assertThat(s.entries()).isEqualTo(2 + 2 + 1));
    }

    @Test
    void aTimestampJumpStartsANewSegment() throws Exception {
        CameraRecorder rec = recorder(Runnable::run, 1 << 20);
        for (int i = 0; i < 15; i++) rec.accept(frame(i, 0));
        for (int i = 15; i < 30; i++) rec.accept(frame(i, 3600L * 90_000));
        rec.close().join();
        assertThat(closed).hasSize(2);
        assertThat(closed.get(1).startMicros()).isEqualTo(1_704_067_201_500_000L);
    }

    @Test
    void aWriteErrorClosesTheSegmentAndRecordingResumesAtTheNextKeyFrame() throws Exception {
        CameraRecorder rec = recorder(Runnable::run, 1 << 20);
        for (int i = 0; i < 5; i++) rec.accept(frame(i, 0));
        // The camera directory disappears (a disk unmounted, say): the next segment cannot be made.
        rec.accept(frame(5, 0));
        Path moved = dir.resolveSibling(dir.getFileName() + "-away");
        Files.move(dir, moved);
        Files.writeString(dir, "not a directory");
        long errorsBefore = rec.stats().writeErrors();
        rec.accept(frame(10, 3600L * 90_000)); // a jump forces a new segment, which cannot be created
        assertThat(rec.stats().writeErrors()).isGreaterThan(errorsBefore);
        for (int i = 11; i < 15; i++) rec.accept(frame(i, 3600L * 90_000));
        assertThat(rec.stats().droppedFrames()).isEqualTo(4);
        Files.delete(dir);
        Files.move(moved, dir);
        for (int i = 15; i < 25; i++) rec.accept(frame(i, 3600L * 90_000));
        rec.close().join();
        // The first segment survived intact; recording resumed with the key frame 20.
        assertThat(closed).hasSizeGreaterThanOrEqualTo(2);
        SegmentInfo last = closed.get(closed.size() - 1);
        assertThat(storedPts(last)).hasSize(5);
        assertThat(last.startsWithKeyFrame()).isTrue();
    }

    /**
     * The event loop hands over frames faster than the I/O thread learns of an error: those queued
     * behind the frame that failed are dropped up to the next key frame too, so no segment opens
     * in the middle of a GOP.
     */
    @Test
    void framesQueuedBehindAFailedWriteWaitForTheNextKeyFrame() throws Exception {
        Queue<Runnable> queued = new ArrayDeque<>();
        CameraRecorder rec = recorder(queued::add, 1 << 20);
        for (int i = 0; i < 5; i++) rec.accept(frame(i, 0));
        while (!queued.isEmpty()) queued.poll().run();
        Path moved = dir.resolveSibling(dir.getFileName() + "-away");
        Files.move(dir, moved);
        Files.writeString(dir, "not a directory");
        rec.accept(frame(10, 3600L * 90_000)); // a jump forces a new segment, which cannot be created
        for (int i = 11; i < 15; i++) rec.accept(frame(i, 3600L * 90_000)); // queued before the failure is known
        queued.poll().run();
        assertThat(rec.stats().writeErrors()).isEqualTo(1);
        Files.delete(dir);
        Files.move(moved, dir); // the disk is back before the queued frames reach it
        while (!queued.isEmpty()) queued.poll().run();
        assertThat(rec.stats().droppedFrames()).isEqualTo(4);
        for (int i = 15; i < 25; i++) rec.accept(frame(i, 3600L * 90_000));
        rec.close();
        while (!queued.isEmpty()) queued.poll().run();
        SegmentInfo last = closed.get(closed.size() - 1);
        assertThat(last.startsWithKeyFrame()).isTrue();
        assertThat(storedPts(last)).hasSize(5);
        assertThat(rec.stats().frames()).isEqualTo(5 + 5);
    }

    @Test
    void adtsChannelConfiguration() {
        ByteBuffer stereo = ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xF1, 0x4C, (byte) 0x80, 0, 0x1F, (byte) 0xFC});
        assertThat(CameraRecorder.adtsChannels(stereo)).isEqualTo(2);
    }
}
