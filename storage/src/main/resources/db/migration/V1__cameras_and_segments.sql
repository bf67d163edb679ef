-- Times are microseconds since the Unix epoch (UTC); sizes are bytes.
CREATE TABLE cameras (
    id    INTEGER PRIMARY KEY,
    name  VARCHAR(64) NOT NULL UNIQUE
);

-- One row per segment: the tracks of one camera that share a base name on disk.
-- state: open (being written), closed (closed cleanly), recovered (closed by startup recovery),
--        missing (its files are gone), deleting (retention is removing it).
CREATE TABLE segments (
    id                  INTEGER PRIMARY KEY,
    camera_id           INTEGER NOT NULL REFERENCES cameras (id),
    base                VARCHAR(32) NOT NULL,
    start_micros        BIGINT NOT NULL,
    end_micros          BIGINT NOT NULL,
    tracks              VARCHAR(64) NOT NULL,
    entries             INTEGER NOT NULL,
    bytes               BIGINT NOT NULL,
    state               VARCHAR(10) NOT NULL CHECK (state IN ('open', 'closed', 'recovered', 'missing', 'deleting')),
    starts_key_frame    BOOLEAN NOT NULL,
    UNIQUE (camera_id, base)
);

CREATE INDEX segments_camera_start ON segments (camera_id, start_micros);
