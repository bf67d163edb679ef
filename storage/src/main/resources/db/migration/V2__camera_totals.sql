-- What the daemon asks about the whole catalog every few seconds (the metrics) or every minute
-- (retention) must not cost a pass over every segment: at 30 days of 64 cameras (166 000 rows)
-- summing the bytes per camera took 76 ms and finding the oldest segments 39 ms (BENCHMARKS.md).

-- Segments and bytes per camera over the segments that are neither open nor missing, kept by the
-- triggers below in the same transaction as the change. Open segments are left out: their bytes
-- move at every flush, and counting them here would fire a trigger per camera per flush. The few
-- open ones are added at query time through segments_open.
CREATE TABLE camera_totals (
    camera_id  INTEGER PRIMARY KEY REFERENCES cameras (id),
    segments   BIGINT NOT NULL,
    bytes      BIGINT NOT NULL
);

INSERT INTO camera_totals (camera_id, segments, bytes)
    SELECT c.id, COUNT(s.id), COALESCE(SUM(s.bytes), 0)
    FROM cameras c LEFT JOIN segments s ON s.camera_id = c.id AND s.state NOT IN ('open', 'missing')
    GROUP BY c.id;

CREATE INDEX segments_open ON segments (camera_id) WHERE state = 'open';

-- Retention deletes the oldest segments of all cameras first.
CREATE INDEX segments_start ON segments (start_micros);

CREATE TRIGGER camera_totals_new_camera AFTER INSERT ON cameras
BEGIN
    INSERT INTO camera_totals (camera_id, segments, bytes) VALUES (NEW.id, 0, 0);
END;

CREATE TRIGGER camera_totals_segment_added AFTER INSERT ON segments
WHEN NEW.state NOT IN ('open', 'missing')
BEGIN
    UPDATE camera_totals SET segments = segments + 1, bytes = bytes + NEW.bytes WHERE camera_id = NEW.camera_id;
END;

CREATE TRIGGER camera_totals_segment_removed AFTER DELETE ON segments
WHEN OLD.state NOT IN ('open', 'missing')
BEGIN
    UPDATE camera_totals SET segments = segments - 1, bytes = bytes - OLD.bytes WHERE camera_id = OLD.camera_id;
END;

-- An update (an upsert's DO UPDATE too) takes the old row out of the totals and puts the new one in.
CREATE TRIGGER camera_totals_segment_changed_from AFTER UPDATE ON segments
WHEN OLD.state NOT IN ('open', 'missing')
BEGIN
    UPDATE camera_totals SET segments = segments - 1, bytes = bytes - OLD.bytes WHERE camera_id = OLD.camera_id;
END;

CREATE TRIGGER camera_totals_segment_changed_to AFTER UPDATE ON segments
WHEN NEW.state NOT IN ('open', 'missing')
BEGIN
    UPDATE camera_totals SET segments = segments + 1, bytes = bytes + NEW.bytes WHERE camera_id = NEW.camera_id;
END;
