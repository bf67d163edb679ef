package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.rtsp.AccessUnit;
import dev.vigil.rtsp.Codec;
import dev.vigil.storage.catalog.Recordings;
import dev.vigil.storage.catalog.SegmentRecord;
import dev.vigil.storage.catalog.SegmentState;
import dev.vigil.storage.recovery.RecoveryReport;
import dev.vigil.storage.rf1.TrackCheck;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's wiring with fake camera sources that push synthetic H.264 at 10 fps. */
class DaemonTest {
    static final long T0 = 1_704_067_200_000_000L;
    static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xD9, 0x01, 0x40, 0x16};
    static final byte[] PPS = {0x68, (byte) 0xCB, (byte) 0x83, (byte) 0xCB, 0x20};

    @TempDir
    Path tmp;

    final long[] nanos = {0};
    final Clock wall = Clock.fixed(Instant.ofEpochSecond(T0 / 1_000_000), ZoneOffset.UTC);

    VigilConfig config() {
        return ConfigLoader.load("""
                storageRoot: %s
                segmentDuration: 2s
                flushInterval: 1h
                cameras:
                  - {name: a, url: "rtsp://127.0.0.1/a"}
                  - {name: b, url: "rtsp://127.0.0.1/b"}
                  - {name: off, url: "rtsp://127.0.0.1/c", enabled: false}
                """.formatted(tmp.resolve("archive")), "test.yaml");
    }

    /** A source that, when started, pushes {@code frames} frames (a key frame each second) at once. */
    CameraSource.Factory pushing(int frames) {
        return (camera, recorder) -> new CameraSource() {
            @Override
            public void start() {
                for (int i = 0; i < frames; i++) recorder.accept(frame(i));
            }

            @Override
            public String state() {
                return "fake";
            }

            @Override
            public void close() {}
        };
    }

    AccessUnit frame(int i) {
        boolean key = i % 10 == 0;
        byte[] slice = new byte[key ? 2000 : 300];
        slice[0] = (byte) (key ? 0x65 : 0x41);
        for (int k = 1; k < slice.length; k++) slice[k] = (byte) (1 + k % 200);
        return new AccessUnit(0, Codec.H264, i * 9000L, 90_000, i * 100_000_000L, List.of(ByteBuffer.wrap(slice)),
                new int[] {key ? 5 : 4}, key, false, List.of(ByteBuffer.wrap(SPS), ByteBuffer.wrap(PPS)), 320, 240);
    }

    Daemon daemon(int frames) {
        return new Daemon(config(), pushing(frames), wall, () -> nanos[0]);
    }

    /** Stopping waits for the slowest camera, not for the sum of them all. */
    @Test
    void closeAsksEverySourceToStopBeforeWaitingForAny() throws Exception {
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        CameraSource.Factory recording = (camera, recorder) -> new CameraSource() {
            @Override
            public void start() {}

            @Override
            public String state() {
                return "fake";
            }

            @Override
            public java.util.concurrent.CompletableFuture<Void> stop() {
                calls.add("stop " + camera.name());
                return new java.util.concurrent.CompletableFuture<>();
            }

            @Override
            public void close() {
                calls.add("close " + camera.name());
            }
        };
        try (Daemon d = new Daemon(config(), recording, wall, () -> nanos[0])) {
            d.start();
        }
        assertThat(calls).hasSize(4);
        assertThat(calls.subList(0, 2)).allMatch(c -> c.startsWith("stop ")).containsExactlyInAnyOrder("stop a", "stop b");
        assertThat(calls.subList(2, 4)).containsExactlyInAnyOrder("close a", "close b");
    }

    @Test
    void recordsEveryEnabledCameraIntoStaggeredContiguousSegments() throws Exception {
        try (Daemon d = daemon(70)) {
            d.start();
            assertThat(d.recorders()).containsOnlyKeys("a", "b");
            d.flushAll();
            assertThat(d.catalog().allSegments()).filteredOn(s -> s.state() == SegmentState.OPEN).hasSize(2)
                    .allMatch(s -> s.entries() > 0 && s.endMicros() > s.startMicros());
        }
        try (Daemon d = daemon(0)) {
            d.start();
            List<SegmentRecord> rows = d.catalog().allSegments();
            // a: 7 s at 10 fps with 2 s segments -> rolls at 2, 4, 6 s; b is staggered by 1 s: 1, 3, 5 s.
            assertThat(rows.stream().filter(r -> r.camera().equals("a")).map(SegmentRecord::startMicros))
                    .containsExactly(T0, T0 + 2_000_000, T0 + 4_000_000, T0 + 6_000_000);
            assertThat(rows.stream().filter(r -> r.camera().equals("b")).map(SegmentRecord::startMicros))
                    .containsExactly(T0, T0 + 1_000_000, T0 + 3_000_000, T0 + 5_000_000);
            assertThat(rows).allMatch(r -> r.state() == SegmentState.CLOSED);
            Recordings runs = d.catalog().recordings("a", T0, T0 + 10_000_000);
            assertThat(runs.runs()).singleElement().satisfies(run -> {
                assertThat(run.startMicros()).isEqualTo(T0);
                assertThat(run.endMicros()).isEqualTo(T0 + 7_000_000);
                assertThat(run.segments()).isEqualTo(4);
            });
            assertEverySegmentChecksClean();
        }
    }

    @Test
    void aKilledDaemonIsRecoveredOnTheNextStartLosingOnlyWhatWasNotFlushed() throws Exception {
        Daemon crashed = daemon(15);
        crashed.start();
        crashed.flushAll();
        // Killed here: no close. (Its files stay open in this JVM; on disk they are as after a kill.)
        try (Daemon d = daemon(0)) {
            RecoveryReport report = d.start();
            assertThat(report.closed()).isEqualTo(2);
            // Frames 0..14 were flushed. a: one segment, SPS and PPS (from the session, written once
            // at the segment's start), 15 slices. b (staggered by 1 s) rolled at the key frame 10: its
            // first segment was closed cleanly, its second holds SPS, PPS and 5 slices.
            List<SegmentRecord> rows = d.catalog().allSegments();
            assertThat(rows).extracting(SegmentRecord::camera, SegmentRecord::state, SegmentRecord::entries).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("a", SegmentState.RECOVERED, 2 + 15),
                    org.assertj.core.groups.Tuple.tuple("b", SegmentState.CLOSED, 2 + 10),
                    org.assertj.core.groups.Tuple.tuple("b", SegmentState.RECOVERED, 2 + 5));
            assertThat(rows.get(2).endMicros()).isEqualTo(T0 + 1_500_000);
            assertEverySegmentChecksClean();
        }
    }

    /** A failed sync of the file system does not say which file failed: each camera then syncs its own. */
    @Test
    void whenTheFileSystemSyncFailsEachCameraFlushesItsOwnFilesAndNothingIsLost() throws Exception {
        Daemon crashed = daemon(15);
        crashed.start();
        int[] syncs = {0};
        crashed.storageSync(() -> {
            if (++syncs[0] == 2) throw new java.io.IOException("syncing the file system of /archive failed: errno 5");
        });
        crashed.flushAll();
        assertThat(syncs[0]).as("the first half synced, the second failed").isEqualTo(2);
        assertThat(crashed.recorders().get("a").stats().flushLatency().snapshot().count())
                .as("one flush counted: the camera's own, after the failed sync (a group flush counts only once durable)").isEqualTo(1);
        assertThat(crashed.catalog().allSegments()).filteredOn(r -> r.state() == SegmentState.OPEN)
                .extracting(SegmentRecord::camera, SegmentRecord::entries)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", 2 + 15), org.assertj.core.groups.Tuple.tuple("b", 2 + 5));
        assertThat(crashed.recorders().get("a").stats().writeErrors()).isZero();
        // Killed here: every frame was flushed, by each camera's own fdatasyncs.
        try (Daemon d = daemon(0)) {
            d.start();
            assertThat(d.catalog().allSegments()).extracting(SegmentRecord::camera, SegmentRecord::entries)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 2 + 15), org.assertj.core.groups.Tuple.tuple("b", 2 + 10),
                            org.assertj.core.groups.Tuple.tuple("b", 2 + 5));
            assertEverySegmentChecksClean();
        }
    }

    @Test
    void framesArrivingWhileRecoveryRunsAreWrittenAfterItAndRecoverySeesOnlyTheOldSegments() throws Exception {
        Daemon crashed = daemon(15);
        crashed.start();
        crashed.flushAll();
        // The next start's sources deliver 100 s later, at once: before the catalog is even open.
        CameraSource.Factory early = (camera, recorder) -> new CameraSource() {
            @Override
            public void start() {
                for (int i = 1000; i < 1015; i++) recorder.accept(frame(i));
            }

            @Override
            public String state() {
                return "fake";
            }

            @Override
            public void close() {}
        };
        try (Daemon d = new Daemon(config(), early, wall, () -> nanos[0])) {
            RecoveryReport report = d.start();
            assertThat(report.closed()).isEqualTo(2);
            assertThat(report.registered()).isZero();
            d.flushAll();
            assertThat(d.catalog().allSegments()).filteredOn(r -> r.state() == SegmentState.OPEN)
                    .extracting(SegmentRecord::camera, SegmentRecord::startMicros, SegmentRecord::entries)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", T0 + 100_000_000, 2 + 15),
                            // b's first segment is shortened by its 1 s stagger: it rolled at frame 1010.
                            org.assertj.core.groups.Tuple.tuple("b", T0 + 101_000_000, 2 + 5));
            assertThat(d.recorders().get("a").stats().frames()).isEqualTo(15);
        }
        assertEverySegmentChecksClean();
    }

    @Test
    void retentionDeletesWhatIsOlderThanTheMaximumAgeAndKeepsTheRest() throws Exception {
        Path cam = Files.createDirectories(tmp.resolve("archive").resolve("a"));
        long day = 86_400_000_000L;
        dev.vigil.storage.rf1.TrackFiles old = segmentAt(cam, T0 - 2 * day);
        dev.vigil.storage.rf1.TrackFiles young = segmentAt(cam, T0 - day / 2);
        VigilConfig withRetention = ConfigLoader.load("""
                storageRoot: %s
                flushInterval: 1h
                retention: {maxAge: 1d, minFreeDisk: 1MiB}
                cameras:
                  - {name: a, url: "rtsp://127.0.0.1/a"}
                """.formatted(tmp.resolve("archive")), "test.yaml");
        try (Daemon d = new Daemon(withRetention, pushing(0), wall, () -> nanos[0])) {
            assertThat(d.start().registered()).isEqualTo(2);
            d.runRetention();
            assertThat(d.catalog().allSegments()).extracting(SegmentRecord::startMicros).containsExactly(T0 - day / 2);
        }
        assertThat(Files.exists(old.index())).isFalse();
        assertThat(Files.exists(old.packets())).isFalse();
        assertThat(Files.exists(young.index())).isTrue();
    }

    /** A closed one-second segment starting at {@code micros}, written straight to disk. */
    static dev.vigil.storage.rf1.TrackFiles segmentAt(Path dir, long micros) throws Exception {
        dev.vigil.storage.rf1.TrackFiles f = dev.vigil.storage.rf1.TrackFiles.of(dir, Long.toString(micros / 1000), "video");
        try (dev.vigil.storage.rf1.TrackWriter w = dev.vigil.storage.rf1.TrackWriter.create(f,
                dev.vigil.storage.rf1.TrackHeader.video(dev.vigil.storage.rf1.Codec.H264, micros, 320, 240))) {
            w.append(0, ByteBuffer.wrap(SPS), 6);
            w.append(0, ByteBuffer.wrap(PPS), 6);
            w.append(0, ByteBuffer.wrap(new byte[] {0x65, 1, 2, 3}), 5);
            w.append(4096, ByteBuffer.wrap(new byte[] {0x41, 1, 2, 3}), 4);
        }
        return f;
    }

    void assertEverySegmentChecksClean() throws Exception {
        try (Stream<Path> files = Files.walk(tmp.resolve("archive"))) {
            for (Path index : files.filter(p -> p.toString().endsWith(".rf1i")).toList()) {
                assertThat(TrackCheck.check(index)).as(index.toString()).isEmpty();
            }
        }
    }
}
