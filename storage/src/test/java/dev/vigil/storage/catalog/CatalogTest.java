package dev.vigil.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.storage.catalog.Recordings.Gap;
import dev.vigil.storage.catalog.Recordings.Run;
import dev.vigil.storage.segment.SegmentInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real SQLite file. Times in microseconds; one "minute" segments for readability. */
class CatalogTest {
    static final long MIN = 60_000_000L;
    static final long T0 = 1_704_067_200_000_000L;

    @TempDir
    Path dir;

    Catalog catalog;
    String url;

    @BeforeEach
    void open() {
        url = "jdbc:sqlite:" + dir.resolve("catalog.db");
        catalog = Catalog.open(url);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    static SegmentInfo segment(long start, long end) {
        return new SegmentInfo(Path.of("/x"), Long.toString(start / 1000), start, end, List.of("video", "audio"), 100, 1000, true, true);
    }

    @Test
    void migratesARealSqliteFileInWalMode() throws Exception {
        assertThat(Files.exists(dir.resolve("catalog.db"))).isTrue();
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("wal");
        }
        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = c.createStatement().executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("1");
        }
    }

    @Test
    void aSegmentIsRegisteredWhenOpenedAndFinalisedWhenClosed() {
        SegmentInfo open = new SegmentInfo(Path.of("/x"), "1704067200000", T0, T0, List.of("video"), 0, 0, true, false);
        catalog.opened("front", open);
        assertThat(catalog.allSegments()).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(SegmentState.OPEN);
            assertThat(r.camera()).isEqualTo("front");
            assertThat(r.endMicros()).isEqualTo(T0);
        });
        catalog.closed("front", new SegmentInfo(Path.of("/x"), "1704067200000", T0, T0 + MIN, List.of("video", "audio"), 900, 123456, true, true));
        assertThat(catalog.allSegments()).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(SegmentState.CLOSED);
            assertThat(r.endMicros()).isEqualTo(T0 + MIN);
            assertThat(r.entries()).isEqualTo(900);
            assertThat(r.bytes()).isEqualTo(123456);
            assertThat(r.tracks()).containsExactly("video", "audio");
        });
    }

    @Test
    void openSegmentsOfAllCamerasMoveForwardInOneCall() {
        catalog.opened("a", segment(T0, T0));
        catalog.opened("b", segment(T0 + 5, T0 + 5));
        catalog.closed("c", segment(T0, T0 + MIN));
        catalog.updateOpen(Map.of("a", segment(T0, T0 + 30_000_000), "b", segment(T0 + 5, T0 + 31_000_000),
                "c", segment(T0, T0 + 99 * MIN)));
        List<SegmentRecord> all = catalog.allSegments();
        assertThat(all).extracting(SegmentRecord::endMicros).containsExactly(T0 + 30_000_000, T0 + 31_000_000, T0 + MIN);
    }

    @Test
    void overlapQueryIsHalfOpenAndOrdered() {
        for (int i = 0; i < 10; i++) catalog.closed("cam", segment(T0 + i * MIN, T0 + (i + 1) * MIN));
        assertThat(catalog.segments("cam", T0 + 3 * MIN, T0 + 5 * MIN)).extracting(SegmentRecord::startMicros)
                .containsExactly(T0 + 3 * MIN, T0 + 4 * MIN);
        assertThat(catalog.segments("cam", T0 + 3 * MIN - 1, T0 + 5 * MIN + 1)).hasSize(4);
        assertThat(catalog.segments("cam", T0 + 10 * MIN, T0 + 11 * MIN)).isEmpty();
        assertThat(catalog.segments("other", T0, T0 + 10 * MIN)).isEmpty();
    }

    @Test
    void overlapQueryFindsASegmentThatStartedUpTo1024SecondsEarlier() {
        catalog.closed("cam", segment(T0, T0 + 1_020_000_000L));
        assertThat(catalog.segments("cam", T0 + 1_000_000_000L, T0 + 1_010_000_000L)).hasSize(1);
    }

    @Test
    void contiguousSegmentsMergeIntoRunsWithTheGapsBetween() {
        catalog.closed("cam", segment(T0, T0 + MIN));
        catalog.closed("cam", segment(T0 + MIN, T0 + 2 * MIN));
        catalog.closed("cam", segment(T0 + 2 * MIN, T0 + 3 * MIN));
        catalog.closed("cam", segment(T0 + 5 * MIN, T0 + 6 * MIN));   // a reconnect: new run
        catalog.closed("cam", segment(T0 + 6 * MIN + 1, T0 + 7 * MIN)); // one microsecond apart: not contiguous
        Recordings r = catalog.recordings("cam", T0 - MIN, T0 + 10 * MIN);
        assertThat(r.runs()).containsExactly(new Run(T0, T0 + 3 * MIN, 3, 3000), new Run(T0 + 5 * MIN, T0 + 6 * MIN, 1, 1000),
                new Run(T0 + 6 * MIN + 1, T0 + 7 * MIN, 1, 1000));
        assertThat(r.gaps()).containsExactly(new Gap(T0 - MIN, T0), new Gap(T0 + 3 * MIN, T0 + 5 * MIN),
                new Gap(T0 + 6 * MIN, T0 + 6 * MIN + 1), new Gap(T0 + 7 * MIN, T0 + 10 * MIN));
    }

    @Test
    void missingAndDeletingSegmentsAreNotPlayable() {
        catalog.closed("cam", segment(T0, T0 + MIN));
        catalog.closed("cam", segment(T0 + MIN, T0 + 2 * MIN));
        List<SegmentRecord> all = catalog.allSegments();
        catalog.setState(all.get(0).id(), SegmentState.MISSING);
        catalog.setState(all.get(1).id(), SegmentState.DELETING);
        assertThat(catalog.segments("cam", T0, T0 + 2 * MIN)).isEmpty();
        assertThat(catalog.extent("cam")).isEmpty();
        assertThat(catalog.oldest(null, 10)).extracting(SegmentRecord::state).containsExactly(SegmentState.MISSING);
        catalog.delete(all.get(1).id());
        assertThat(catalog.allSegments()).hasSize(1);
    }

    @Test
    void retentionQueries() {
        catalog.closed("a", segment(T0 + MIN, T0 + 2 * MIN));
        catalog.closed("b", segment(T0, T0 + MIN));
        catalog.closed("a", segment(T0 + 2 * MIN, T0 + 3 * MIN));
        assertThat(catalog.oldest(null, 2)).extracting(SegmentRecord::camera).containsExactly("b", "a");
        assertThat(catalog.oldest("a", 1)).extracting(SegmentRecord::startMicros).containsExactly(T0 + MIN);
        assertThat(catalog.bytesByCamera()).containsExactly(Map.entry("a", 2000L), Map.entry("b", 1000L));
        assertThat(catalog.extent("a")).hasValueSatisfying(e -> assertThat(e).containsExactly(T0 + MIN, T0 + 3 * MIN));
        assertThat(catalog.cameras()).containsExactly("a", "b");
        assertThat(catalog.segmentCount()).isEqualTo(3);
        catalog.setState(catalog.oldest("b", 1).get(0).id(), SegmentState.MISSING);
        assertThat(catalog.segmentCount()).as("missing rows hold no footage").isEqualTo(2);
    }

    @Test
    void survivesReopeningAndMigratesOnlyOnce() {
        catalog.closed("cam", segment(T0, T0 + MIN));
        catalog.close();
        catalog = Catalog.open(url);
        assertThat(catalog.allSegments()).hasSize(1);
    }

    @Test
    void overlapQueryUsesTheCameraStartIndex() throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = c.createStatement().executeQuery("EXPLAIN QUERY PLAN SELECT s.id FROM segments s JOIN cameras c ON c.id = s.camera_id"
                     + " WHERE c.name = 'x' AND s.start_micros >= 0 AND s.start_micros < 10 AND s.end_micros > 5")) {
            List<String> plan = new ArrayList<>();
            while (rs.next()) plan.add(rs.getString("detail"));
            assertThat(plan).anyMatch(d -> d.contains("segments_camera_start"));
        }
    }

    @Test
    void anUnusableUrlIsAClearError() {
        Path file = dir.resolve("not-a-dir");
        assertThatThrownBy(() -> {
            Files.writeString(file, "x");
            Catalog.open("jdbc:sqlite:" + file.resolve("catalog.db"));
        }).isInstanceOf(CatalogException.class).hasMessageContaining("cannot open the catalog at jdbc:sqlite:" + file);
    }
}
