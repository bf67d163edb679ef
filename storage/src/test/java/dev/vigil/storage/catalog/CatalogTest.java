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

    /**
     * The totals the triggers keep equal a sum over every segment, after every kind of change the
     * daemon makes: segments opened, grown, closed, recovered, marked missing or deleting (and back),
     * deleted, registered again.
     */
    @Test
    void perCameraTotalsEqualASumOverEverySegmentAfterEveryChange() throws Exception {
        java.util.Random random = new java.util.Random(11);
        String[] cameras = {"a", "b", "c"};
        List<String[]> known = new ArrayList<>(); // camera, base
        for (int step = 0; step < 400; step++) {
            String camera = cameras[random.nextInt(cameras.length)];
            long start = T0 + random.nextInt(1000) * MIN;
            SegmentInfo s = new SegmentInfo(Path.of("/x"), Long.toString(start / 1000), start, start + MIN, List.of("video"),
                    random.nextInt(100), random.nextInt(1_000_000), true, true);
            switch (random.nextInt(6)) {
                case 0 -> {
                    catalog.opened(camera, s);
                    known.add(new String[] {camera, s.base()});
                }
                case 1 -> {
                    catalog.upsert(camera, s, random.nextBoolean() ? SegmentState.CLOSED : SegmentState.RECOVERED);
                    known.add(new String[] {camera, s.base()});
                }
                case 2 -> {
                    if (known.isEmpty()) continue;
                    String[] k = known.get(random.nextInt(known.size()));
                    long at = Long.parseLong(k[1]) * 1000;
                    catalog.updateOpen(Map.of(k[0], new SegmentInfo(Path.of("/x"), k[1], at, at + MIN, List.of("video"), 5,
                            random.nextInt(1_000_000), true, true)));
                }
                case 3, 4 -> {
                    List<SegmentRecord> all = catalog.allSegments();
                    if (all.isEmpty()) continue;
                    SegmentRecord r = all.get(random.nextInt(all.size()));
                    SegmentState[] states = SegmentState.values();
                    catalog.setState(r.id(), states[random.nextInt(states.length)]);
                }
                default -> {
                    List<SegmentRecord> all = catalog.allSegments();
                    if (!all.isEmpty()) catalog.delete(all.get(random.nextInt(all.size())).id());
                }
            }
            assertThat(catalog.bytesByCamera()).as("step %d", step).isEqualTo(summedBytesByCamera());
            assertThat(catalog.segmentCount()).as("step %d", step).isEqualTo(countedSegments());
        }
        assertThat(catalog.segmentCount()).as("the walk left segments to count").isGreaterThan(20);
    }

    /** A catalog from before the totals existed gets them, right, when the daemon opens it. */
    @Test
    void aCatalogFromBeforeTheTotalsGetsThemOnOpening() throws Exception {
        catalog.close();
        Path old = dir.resolve("v1.db");
        url = "jdbc:sqlite:" + old;
        org.flywaydb.core.Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("1").load().migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().executeUpdate("INSERT INTO cameras (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'idle')");
            c.createStatement().executeUpdate("INSERT INTO segments (camera_id, base, start_micros, end_micros, tracks, entries, bytes, state,"
                    + " starts_key_frame) VALUES (1, '1', 1, 2, 'video', 1, 100, 'closed', 1), (1, '2', 2, 3, 'video', 1, 20, 'open', 1),"
                    + " (1, '3', 3, 4, 'video', 1, 4000, 'missing', 1), (2, '1', 1, 2, 'video', 1, 7, 'recovered', 1),"
                    + " (2, '2', 2, 3, 'video', 1, 9, 'deleting', 1), (3, '1', 1, 2, 'video', 1, 50, 'missing', 1)");
        }
        catalog = Catalog.open(url);
        assertThat(catalog.bytesByCamera()).containsExactly(Map.entry("a", 120L), Map.entry("b", 16L));
        assertThat(catalog.bytesByCamera()).isEqualTo(summedBytesByCamera());
        assertThat(catalog.segmentCount()).isEqualTo(4).isEqualTo(countedSegments());
    }

    /** What runs every few seconds (metrics) or every minute (retention) reads indexes, not every segment. */
    @Test
    void wholeCatalogQueriesReadNoTableInFull() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            for (String sql : new String[] {Catalog.BYTES_BY_CAMERA, Catalog.SEGMENT_COUNT, Catalog.OLDEST + " ORDER BY s.start_micros LIMIT 5"}) {
                List<String> plan = new ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery("EXPLAIN QUERY PLAN " + sql)) {
                    while (rs.next()) plan.add(rs.getString("detail"));
                }
                // A plain "SCAN s" reads every segment; a sort would too, to find the first few.
                assertThat(plan).as(sql).noneMatch(d -> d.matches("SCAN (s|segments)") || d.contains("TEMP B-TREE"))
                        .anyMatch(d -> d.contains("segments_open") || d.contains("segments_start"));
            }
        }
    }

    /** The queries {@link Catalog#bytesByCamera()} and {@link Catalog#segmentCount()} answered before the totals. */
    private Map<String, Long> summedBytesByCamera() throws Exception {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = c.createStatement().executeQuery("SELECT c.name, SUM(s.bytes) FROM segments s JOIN cameras c ON c.id = s.camera_id"
                     + " WHERE s.state <> 'missing' GROUP BY c.name ORDER BY c.name")) {
            while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
        }
        return out;
    }

    private long countedSegments() throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM segments WHERE state <> 'missing'")) {
            rs.next();
            return rs.getLong(1);
        }
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
