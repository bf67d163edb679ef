package dev.vigil.storage.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.storage.segment.SegmentInfo;
import java.io.Closeable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;

/**
 * The catalog of recorded segments: which camera, which time range, how big, in what state. SQLite
 * (WAL mode); the schema is Flyway's {@code db/migration}, in SQLite's dialect (its triggers keep
 * the per-camera totals, so that what runs every few seconds reads a few rows, not every segment).
 *
 * <p>All writes go through one pooled connection, so there is exactly one writer (what SQLite wants
 * anyway); reads use a small pool of their own, and in WAL mode never wait for the writer.
 * Thread-safe. Failures surface as {@link CatalogException} naming the operation.
 */
public final class Catalog implements Closeable {
    /** A segment lasts at most 2^22 ticks of 1/4096 s; overlap queries bound their index scan by it. */
    static final long MAX_SEGMENT_MICROS = 1_024_000_000L;
    private static final String COLUMNS = "s.id, c.name, s.base, s.start_micros, s.end_micros, s.tracks, s.entries, s.bytes, s.state, s.starts_key_frame";
    private static final String FROM = " FROM segments s JOIN cameras c ON c.id = s.camera_id";
    private static final String PLAYABLE = "s.state IN ('open', 'closed', 'recovered')";
    /**
     * Bytes per camera that has segments: the totals the triggers keep ({@code V2__camera_totals.sql}),
     * plus the open segments, which they leave out (found through index segments_open).
     */
    static final String BYTES_BY_CAMERA = "SELECT c.name, t.bytes + COALESCE(o.bytes, 0) FROM cameras c"
            + " JOIN camera_totals t ON t.camera_id = c.id LEFT JOIN"
            + " (SELECT camera_id, COUNT(*) AS segments, SUM(bytes) AS bytes FROM segments WHERE state = 'open' GROUP BY camera_id) o"
            + " ON o.camera_id = c.id WHERE t.segments + COALESCE(o.segments, 0) > 0 ORDER BY c.name";
    static final String SEGMENT_COUNT = "SELECT (SELECT COALESCE(SUM(segments), 0) FROM camera_totals)"
            + " + (SELECT COUNT(*) FROM segments WHERE state = 'open')";
    /** The oldest segments of all cameras (of one with {@code AND c.name = ?} added), through index segments_start. */
    static final String OLDEST = "SELECT " + COLUMNS + FROM + " WHERE s.state <> 'deleting'";

    private final String url;
    private final HikariDataSource writer;
    private final HikariDataSource readers;
    private final Map<String, Long> cameraIds = new ConcurrentHashMap<>();

    private Catalog(String url, HikariDataSource writer, HikariDataSource readers) {
        this.url = url;
        this.writer = writer;
        this.readers = readers;
    }

    /** Opens (creating and migrating as needed) the catalog at {@code jdbcUrl}, e.g. {@code jdbc:sqlite:/var/lib/vigil/catalog.db}. */
    public static Catalog open(String jdbcUrl) {
        HikariDataSource writer = pool(jdbcUrl, "vigil-catalog-writer", 1);
        try {
            Flyway.configure().dataSource(writer).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            writer.close();
            throw new CatalogException("cannot open the catalog at " + jdbcUrl + ": " + rootMessage(e), e);
        }
        return new Catalog(jdbcUrl, writer, pool(jdbcUrl, "vigil-catalog-reader", 4));
    }

    private static HikariDataSource pool(String url, String name, int size) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setPoolName(name);
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(1);
        if (url.startsWith("jdbc:sqlite:")) {
            // WAL lets readers go on while the writer commits; NORMAL syncs at checkpoints, and
            // startup recovery reconciles the catalog with the disk after a power cut anyway.
            c.addDataSourceProperty("journal_mode", "WAL");
            c.addDataSourceProperty("synchronous", "NORMAL");
            c.addDataSourceProperty("busy_timeout", "10000");
            c.addDataSourceProperty("foreign_keys", "true");
        }
        try {
            return new HikariDataSource(c);
        } catch (RuntimeException e) {
            throw new CatalogException("cannot open the catalog at " + url + ": " + rootMessage(e), e);
        }
    }

    /** The id of camera {@code name}, registering it on first use. */
    public long cameraId(String name) {
        Long id = cameraIds.get(name);
        if (id != null) return id;
        return write("register camera " + name, c -> {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO cameras (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
                ins.setString(1, name);
                ins.executeUpdate();
            }
            try (PreparedStatement q = c.prepareStatement("SELECT id FROM cameras WHERE name = ?")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    long found = rs.getLong(1);
                    cameraIds.put(name, found);
                    return found;
                }
            }
        });
    }

    /** Registers a segment the writer has just opened. */
    public void opened(String camera, SegmentInfo s) {
        upsert(camera, s, SegmentState.OPEN);
    }

    /** Finalises a segment its writer has closed. */
    public void closed(String camera, SegmentInfo s) {
        upsert(camera, s, SegmentState.CLOSED);
    }

    /** Inserts or replaces the row of segment {@code (camera, s.base())}. */
    public void upsert(String camera, SegmentInfo s, SegmentState state) {
        long cameraId = cameraId(camera);
        write("record segment " + camera + "/" + s.base(), c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO segments"
                    + " (camera_id, base, start_micros, end_micros, tracks, entries, bytes, state, starts_key_frame)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (camera_id, base) DO UPDATE SET"
                    + " start_micros = excluded.start_micros, end_micros = excluded.end_micros, tracks = excluded.tracks,"
                    + " entries = excluded.entries, bytes = excluded.bytes, state = excluded.state,"
                    + " starts_key_frame = excluded.starts_key_frame")) {
                p.setLong(1, cameraId);
                p.setString(2, s.base());
                p.setLong(3, s.startMicros());
                p.setLong(4, s.endMicros());
                p.setString(5, String.join(",", s.tracks()));
                p.setInt(6, s.entries());
                p.setLong(7, s.bytes());
                p.setString(8, state.sql());
                p.setBoolean(9, s.startsWithKeyFrame());
                p.executeUpdate();
            }
            return null;
        });
    }

    /** Moves the end, entries and bytes of every camera's open segment forward, in one transaction. */
    public void updateOpen(Map<String, SegmentInfo> byCamera) {
        if (byCamera.isEmpty()) return;
        Map<Long, SegmentInfo> byId = new LinkedHashMap<>();
        byCamera.forEach((camera, s) -> byId.put(cameraId(camera), s));
        write("update " + byCamera.size() + " open segments", c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE segments SET end_micros = ?, entries = ?, bytes = ?"
                    + " WHERE camera_id = ? AND base = ? AND state = 'open'")) {
                for (Map.Entry<Long, SegmentInfo> e : byId.entrySet()) {
                    p.setLong(1, e.getValue().endMicros());
                    p.setInt(2, e.getValue().entries());
                    p.setLong(3, e.getValue().bytes());
                    p.setLong(4, e.getKey());
                    p.setString(5, e.getValue().base());
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    public void setState(long segmentId, SegmentState state) {
        write("mark segment " + segmentId + " " + state.sql(), c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE segments SET state = ? WHERE id = ?")) {
                p.setString(1, state.sql());
                p.setLong(2, segmentId);
                p.executeUpdate();
            }
            return null;
        });
    }

    public void delete(long segmentId) {
        write("delete segment " + segmentId, c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM segments WHERE id = ?")) {
                p.setLong(1, segmentId);
                p.executeUpdate();
            }
            return null;
        });
    }

    /** Playable segments of {@code camera} overlapping {@code [from, to)}, by start. */
    public List<SegmentRecord> segments(String camera, long from, long to) {
        return query("list segments of " + camera, "SELECT " + COLUMNS + FROM + " WHERE c.name = ? AND " + PLAYABLE
                + " AND s.start_micros >= ? AND s.start_micros < ? AND s.end_micros > ? ORDER BY s.start_micros",
                camera, from - MAX_SEGMENT_MICROS, to, from);
    }

    /** Runs and gaps of {@code camera} in {@code [from, to)}. */
    public Recordings recordings(String camera, long from, long to) {
        return Recordings.of(segments(camera, from, to), from, to);
    }

    /** Every segment in every state, by camera and start: what recovery and {@code verify} reconcile with the disk. */
    public List<SegmentRecord> allSegments() {
        return query("list all segments", "SELECT " + COLUMNS + FROM + " ORDER BY c.name, s.start_micros");
    }

    /** The {@code limit} oldest segments in any state but deleting, oldest first; of one camera, or of all when null. */
    public List<SegmentRecord> oldest(String camera, int limit) {
        String where = camera == null ? "" : " AND c.name = ?";
        Object[] args = camera == null ? new Object[] {limit} : new Object[] {camera, limit};
        return query("list the oldest segments", OLDEST + where + " ORDER BY s.start_micros LIMIT ?", args);
    }

    /**
     * Bytes held by each camera's segments (every state but missing), for the cameras that have
     * any: a few rows read, however long the archive ({@link #BYTES_BY_CAMERA}).
     */
    public Map<String, Long> bytesByCamera() {
        return read("sum bytes by camera", c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement(BYTES_BY_CAMERA); ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        });
    }

    /** Segments in the catalog, every state but missing: what the metrics report, without listing them. */
    public long segmentCount() {
        return read("count segments", c -> {
            try (PreparedStatement p = c.prepareStatement(SEGMENT_COUNT); ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The first recorded instant and the last of {@code camera}, if it recorded anything playable. */
    public Optional<long[]> extent(String camera) {
        return read("find the extent of " + camera, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT MIN(s.start_micros), MAX(s.end_micros)" + FROM
                    + " WHERE c.name = ? AND " + PLAYABLE)) {
                p.setString(1, camera);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    long first = rs.getLong(1);
                    return rs.wasNull() ? Optional.<long[]>empty() : Optional.of(new long[] {first, rs.getLong(2)});
                }
            }
        });
    }

    public List<String> cameras() {
        return read("list cameras", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT name FROM cameras ORDER BY name"); ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    /** The JDBC URL this catalog was opened with. */
    public String url() {
        return url;
    }

    private List<SegmentRecord> query(String what, String sql, Object... args) {
        return read(what, c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) p.setObject(i + 1, args[i]);
                List<SegmentRecord> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) out.add(row(rs));
                }
                return out;
            }
        });
    }

    private static SegmentRecord row(ResultSet rs) throws SQLException {
        String tracks = rs.getString(6);
        return new SegmentRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                tracks.isEmpty() ? List.of() : Arrays.asList(tracks.split(",")), rs.getInt(7), rs.getLong(8),
                SegmentState.of(rs.getString(9)), rs.getBoolean(10));
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T write(String what, Work<T> work) {
        try (Connection c = writer.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback); // the first error is the one that says what happened (e.g. disk full)
                }
                // SQLite may have rolled back by itself (SQLITE_FULL does), leaving the driver's idea of
                // the transaction wrong for good: the next write gets a fresh connection.
                writer.evictConnection(c);
                throw e;
            }
        } catch (SQLException e) {
            throw new CatalogException("catalog " + url + ": cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private <T> T read(String what, Work<T> work) {
        try (Connection c = readers.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new CatalogException("catalog " + url + ": cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    @Override
    public void close() {
        try {
            readers.close();
        } finally {
            writer.close();
        }
    }
}
