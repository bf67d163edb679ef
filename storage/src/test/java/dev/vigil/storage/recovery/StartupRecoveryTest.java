package dev.vigil.storage.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.testing.ClosedSegments;
import dev.vigil.storage.catalog.SegmentRecord;
import dev.vigil.storage.catalog.SegmentState;
import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.rf1.TrackCheck;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackHeader;
import dev.vigil.storage.rf1.TrackReader;
import dev.vigil.storage.rf1.TrackWriter;
import dev.vigil.storage.segment.SegmentInfo;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupRecoveryTest {
    static final long T0 = 1_704_067_200_000_000L;

    @TempDir
    Path tmp;

    Path root;
    Catalog catalog;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(tmp.resolve("archive"));
        catalog = Catalog.open("jdbc:sqlite:" + tmp.resolve("catalog.db"));
    }

    @AfterEach
    void tearDown() {
        catalog.close();
    }

    static ByteBuffer nal(int header, int size) {
        return ClosedSegments.nal(header, size);
    }

    /** A closed segment of 3 s at 10 fps, written and registered the way the recorder does. */
    void recordClosed(String camera, long start) throws Exception {
        ClosedSegments.record(root, catalog, camera, start);
    }

    /** A segment the daemon was writing when it was killed: 20 frames flushed, 5 more not. */
    TrackFiles leaveOpen(String camera, long start, boolean register) throws Exception {
        TrackFiles files = TrackFiles.of(Files.createDirectories(root.resolve(camera)), Long.toString(start / 1000), "video");
        TrackWriter w = TrackWriter.create(files, TrackHeader.video(Codec.H264, start, 320, 240));
        if (register) catalog.opened(camera, new SegmentInfo(files.index().getParent(), Long.toString(start / 1000), start, start, List.of("video"), 0, 0, true, false));
        for (int i = 0; i < 25; i++) {
            if (i == 20) w.flush();
            int pts = i * 409;
            if (i % 10 == 0) {
                w.append(pts, nal(0x67, 8), 6);
                w.append(pts, nal(0x68, 4), 6);
                w.append(pts, nal(0x65, 1500), 5);
            } else {
                w.append(pts, nal(0x41, 200), 4);
            }
        }
        w.abandon();
        return files;
    }

    RecoveryReport recover() throws Exception {
        long[] fakeNanos = {0};
        return new StartupRecovery(root, catalog, 4, () -> fakeNanos[0] += 1_000_000).run();
    }

    Map<String, SegmentRecord> rowsByCamera() {
        return catalog.allSegments().stream().collect(Collectors.toMap(SegmentRecord::camera, r -> r));
    }

    @Test
    void closesOpenSegmentsAndRecordsTheirTrueExtent() throws Exception {
        TrackFiles open = leaveOpen("door", T0, true);
        RecoveryReport report = recover();

        assertThat(report.closed()).isEqualTo(1);
        assertThat(report.droppedEntries()).isZero(); // the unflushed frames never reached the index
        SegmentRecord row = rowsByCamera().get("door");
        assertThat(row.state()).isEqualTo(SegmentState.RECOVERED);
        assertThat(row.entries()).isEqualTo(2 * 3 + 18);
        // 20 frames at 10 fps: the last at 1.9 s (pts 7771), its interval 409 ticks.
        assertThat(row.endMicros()).isEqualTo(T0 + (7771 + 409) * 1_000_000L / 4096 + 1);
        try (TrackReader r = TrackReader.open(open.index(), true)) {
            assertThat(r.recovery().closedCleanly()).isTrue();
            assertThat(r.entryCount()).isEqualTo(24);
            assertThat(Files.size(open.packets())).isEqualTo(r.packetsEnd());
        }
        assertThat(TrackCheck.check(open.index())).isEmpty();
    }

    @Test
    void reconcilesTheCatalogWithTheDisk() throws Exception {
        recordClosed("known", T0);                       // on disk and in the catalog: left as it is
        recordClosed("unknown", T0);                     // on disk only: registered
        catalog.delete(catalog.allSegments().stream().filter(r -> r.camera().equals("unknown")).findFirst().orElseThrow().id());
        catalog.closed("gone", new SegmentInfo(root.resolve("gone"), "1704067200000", T0, T0 + 1, List.of("video"), 1, 1, true, true));
        recordClosed("deleting", T0);                    // retention marked it, then the daemon died
        long deletingId = catalog.allSegments().stream().filter(r -> r.camera().equals("deleting")).findFirst().orElseThrow().id();
        catalog.setState(deletingId, SegmentState.DELETING);
        TrackFiles empty = TrackFiles.of(Files.createDirectories(root.resolve("empty")), "1704067200000", "video");
        TrackWriter.create(empty, TrackHeader.video(Codec.H264, T0, 320, 240)).abandon();   // killed before its first flush

        RecoveryReport report = recover();
        assertThat(report.registered()).isEqualTo(1);
        assertThat(report.missing()).isEqualTo(1);
        assertThat(report.emptyRemoved()).isEqualTo(1);
        assertThat(report.problems()).isEmpty();

        Map<String, SegmentRecord> rows = rowsByCamera();
        assertThat(rows.keySet()).containsExactlyInAnyOrder("known", "unknown", "gone");
        assertThat(rows.get("known").state()).isEqualTo(SegmentState.CLOSED);
        assertThat(rows.get("unknown").state()).isEqualTo(SegmentState.CLOSED);
        assertThat(rows.get("unknown").entries()).isEqualTo(rows.get("known").entries());
        assertThat(rows.get("unknown").endMicros()).isEqualTo(T0 + 3_000_000);
        assertThat(rows.get("gone").state()).isEqualTo(SegmentState.MISSING);
        assertThat(Files.list(root.resolve("deleting")).count()).isZero();
        assertThat(Files.exists(empty.index())).isFalse();
        assertThat(report.summary()).contains("1 registered").contains("1 catalog rows missing their files");
    }

    @Test
    void repairsATornTailAndCountsWhatItDropped() throws Exception {
        Path dir = Files.createDirectories(root.resolve("torn"));
        for (String f : List.of("1704067400000_video.rf1i.gz", "1704067400000_video.rf1p.gz")) {
            try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream("/rf1/vectors/h264-torn-zeroed/" + f))) {
                Files.copy(in, dir.resolve(f.substring(0, f.length() - 3)));
            }
        }
        RecoveryReport report = recover();
        assertThat(report.closed()).isEqualTo(1);
        assertThat(report.droppedEntries()).isEqualTo(3);
        SegmentRecord row = rowsByCamera().get("torn");
        assertThat(row.entries()).isEqualTo(53);
        assertThat(row.bytes()).isEqualTo(115696);
        assertThat(row.state()).isEqualTo(SegmentState.RECOVERED);
        assertThat(TrackCheck.check(dir.resolve("1704067400000_video.rf1i"))).isEmpty();
    }

    @Test
    void anUnreadableSegmentIsReportedAndLeftUntouched() throws Exception {
        Path dir = Files.createDirectories(root.resolve("bad"));
        byte[] garbage = "this is not an RF1 index, it is a text file of some length".getBytes();
        Files.write(dir.resolve("1_video.rf1i"), garbage);
        Files.write(dir.resolve("1_video.rf1p"), new byte[] {1, 2, 3});
        leaveOpen("good", T0, false);

        RecoveryReport report = recover();
        assertThat(report.problems()).singleElement().asString().contains("bad").contains("not an RF1 index");
        assertThat(Files.readAllBytes(dir.resolve("1_video.rf1i"))).isEqualTo(garbage);
        assertThat(rowsByCamera()).containsOnlyKeys("good");
    }

    @Test
    void runningTwiceChangesNothingTheSecondTime() throws Exception {
        leaveOpen("a", T0, true);
        recordClosed("b", T0);
        recover();
        List<SegmentRecord> after = catalog.allSegments();
        RecoveryReport again = recover();
        assertThat(again.closed()).isZero();
        assertThat(again.registered()).isZero();
        assertThat(again.missing()).isZero();
        assertThat(catalog.allSegments()).isEqualTo(after);
    }

    @Test
    void recoversManyOpenSegmentsAtOnce() throws Exception {
        for (int i = 0; i < 64; i++) leaveOpen("cam" + i, T0 + i, true);
        RecoveryReport report = recover();
        assertThat(report.closed()).isEqualTo(64);
        assertThat(catalog.allSegments()).hasSize(64).allMatch(r -> r.state() == SegmentState.RECOVERED && r.entries() == 24);
    }


    @Test
    void segmentsWrittenAfterTheSnapshotAreLeftToTheirWriter() throws Exception {
        leaveOpen("a", T0, true);
        long[] fakeNanos = {0};
        TrackFiles[] fresh = new TrackFiles[1];
        RecoveryReport report = new StartupRecovery(root, catalog, 4, () -> fakeNanos[0] += 1_000_000).run(() -> {
            try {
                // What the recorder starts once the snapshot is taken: open, registered, being written.
                fresh[0] = leaveOpen("a", T0 + 60_000_000, true);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(report.segments()).isEqualTo(1);
        assertThat(report.closed()).isEqualTo(1);
        assertThat(report.missing()).isZero();
        assertThat(catalog.allSegments()).extracting(SegmentRecord::startMicros, SegmentRecord::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, SegmentState.RECOVERED),
                        org.assertj.core.groups.Tuple.tuple(T0 + 60_000_000, SegmentState.OPEN));
        try (TrackReader r = TrackReader.open(fresh[0].index())) {
            assertThat(r.recovery().closedCleanly()).as("the new segment is still open, untouched").isFalse();
        }
    }

    @Test
    void aSegmentTheCatalogSaysWasClosedIsNotReadAgain() throws Exception {
        recordClosed("b", T0);
        TrackFiles files = TrackFiles.of(root.resolve("b"), Long.toString(T0 / 1000), "video");
        // Garble its header: a start that read the index would report it as unreadable.
        try (var ch = java.nio.channels.FileChannel.open(files.index(), java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("junk".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 0);
        }
        RecoveryReport report = recover();
        assertThat(report.segments()).isEqualTo(1);
        assertThat(report.problems()).isEmpty();
        assertThat(report.registered()).isZero();
        assertThat(catalog.allSegments()).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(SegmentState.CLOSED));
    }
}
