-- The clocks of the closed loop: each district's working calendar and the
-- deadlines, patrol times and grace periods that run on it. One row per
-- district (neighborhood_id 0); a neighborhood may later get its own row.
CREATE TABLE clock_settings (
    district_id             BIGINT  NOT NULL REFERENCES places(id),
    neighborhood_id         BIGINT  NOT NULL DEFAULT 0,
    weekdays                TEXT    NOT NULL,   -- "1,2,3,4,5" (0 = Sunday)
    hours                   TEXT    NOT NULL,   -- "08:30-12:00,13:30-17:30"
    holidays                TEXT    NOT NULL DEFAULT '',  -- "2025-10-01,2025-10-02"
    workdays                TEXT    NOT NULL DEFAULT '',  -- make-up working days (调休)
    respond_hours           INTEGER NOT NULL,
    escalate_street_hours   INTEGER NOT NULL,
    escalate_district_hours INTEGER NOT NULL,
    patrol_times            TEXT    NOT NULL,   -- "08:30,13:30,17:00"
    due_soon_hours          INTEGER NOT NULL,
    auto_close_days         INTEGER NOT NULL,
    follow_up_days          INTEGER NOT NULL,
    updated_by              BIGINT  REFERENCES users(id),
    updated_at              BIGINT  NOT NULL,
    PRIMARY KEY (district_id, neighborhood_id)
);

-- Resolution deadlines in working hours, per category; a category without a
-- row uses the built-in default.
CREATE TABLE clock_resolve_hours (
    district_id             BIGINT  NOT NULL REFERENCES places(id),
    neighborhood_id         BIGINT  NOT NULL DEFAULT 0,
    category                TEXT    NOT NULL,
    hours                   INTEGER NOT NULL,
    PRIMARY KEY (district_id, neighborhood_id, category)
);
