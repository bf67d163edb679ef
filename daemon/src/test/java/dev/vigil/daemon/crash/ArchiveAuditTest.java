package dev.vigil.daemon.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.storage.catalog.Catalog;
import dev.vigil.storage.testing.ClosedSegments;
import dev.vigil.storage.rf1.Codec;
import dev.vigil.storage.rf1.TrackFiles;
import dev.vigil.storage.rf1.TrackHeader;
import dev.vigil.storage.rf1.TrackWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveAuditTest {
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

    void record(String camera, long start) throws Exception {
        ClosedSegments.record(root, catalog, camera, start);
    }

    @Test
    void aCleanArchiveHasNoProblemsAndTheLossIsFromTheLastDurableFrameToTheKill() throws Exception {
        record("a", T0);
        record("a", T0 + 10_000_000); // after the restart
        long kill = T0 + 3_400_000, restart = T0 + 5_000_000;
        ArchiveAudit.Result r = ArchiveAudit.run(root, catalog, List.of("a"), kill, restart);
        assertThat(r.problems()).isEmpty();
        assertThat(r.segmentsChecked()).isOne();
        // The segment ends where its next frame would have been: 3.0 s.
        assertThat(r.lostBeforeKillMicros()).containsEntry("a", 400_000L);
        assertThat(r.gapMicros()).containsEntry("a", 7_000_000L);
    }

    @Test
    void anOpenSegmentACatalogMismatchAndAnOrphanAreAllProblems() throws Exception {
        record("a", T0);
        record("a", T0 + 10_000_000);
        // Left open by a kill and not recovered: what the audit exists to catch.
        TrackFiles open = TrackFiles.of(root.resolve("a"), Long.toString((T0 + 4_000_000) / 1000), "video");
        TrackWriter w = TrackWriter.create(open, TrackHeader.video(Codec.H264, T0 + 4_000_000, 320, 240));
        w.append(0, nal(0x67, 8), 6);
        w.append(0, nal(0x65, 100), 5);
        w.flush();
        w.abandon();
        // A packets file whose index is gone.
        Files.write(root.resolve("a").resolve((T0 + 4_500_000) / 1000 + "_video.rf1p"), new byte[] {0, 0, 0, 1, 0x65});
        ArchiveAudit.Result r = ArchiveAudit.run(root, catalog, List.of("a"), T0 + 4_200_000, T0 + 5_000_000);
        assertThat(r.problems()).anyMatch(p -> p.contains("still open after recovery"))
                .anyMatch(p -> p.contains((T0 + 4_000_000) / 1000 + ": on disk but not in the catalog"))
                .anyMatch(p -> p.contains((T0 + 4_500_000) / 1000 + "_video.rf1i"));
        assertThat(r.segmentsChecked()).isEqualTo(3);
    }
}
