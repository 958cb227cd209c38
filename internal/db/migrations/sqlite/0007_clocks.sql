-- The clocks of the closed loop: each district's working calendar and the
-- deadlines, patrol times and grace periods that run on it. One row per
-- district (neighborhood_id 0); a neighborhood may later get its own row.
CREATE TABLE clock_settings (
    district_id             INTEGER NOT NULL REFERENCES places(id),
    neighborhood_id         INTEGER NOT NULL DEFAULT 0,
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
    updated_by              INTEGER REFERENCES users(id),
    updated_at              BIGINT  NOT NULL,
    PRIMARY KEY (district_id, neighborhood_id)
);

-- Resolution deadlines in working hours, per category; a category without a
-- row uses the built-in default.
CREATE TABLE clock_resolve_hours (
    district_id             INTEGER NOT NULL REFERENCES places(id),
    neighborhood_id         INTEGER NOT NULL DEFAULT 0,
    category                TEXT    NOT NULL,
    hours                   INTEGER NOT NULL,
    PRIMARY KEY (district_id, neighborhood_id, category)
);

-- Each clock stage a case has passed, once. The primary key is what makes a
-- reminder, an escalation or an auto-close happen once per case per stage
-- however often, and on however many nodes, the sweep runs; run_id picks
-- out the rows one sweep added so it can act on exactly those. round is the
-- case's reopen count: a reopened case's clocks start again.
CREATE TABLE case_alarms (
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    stage           TEXT    NOT NULL CHECK (stage IN ('remind_respond','remind_resolve','escalate_street','escalate_district','auto_close','follow_up')),
    round           INTEGER NOT NULL,
    district_id     INTEGER NOT NULL,
    run_id          BIGINT  NOT NULL,
    created_at      BIGINT  NOT NULL,
    PRIMARY KEY (case_id, stage, round)
);
CREATE INDEX case_alarms_run ON case_alarms (run_id, stage);

-- Where each district's last sweep left off: the next one looks only at
-- deadlines passed and cases changed since, not at every overdue case again.
CREATE TABLE clock_sweeps (
    district_id     INTEGER PRIMARY KEY,
    swept_at        BIGINT  NOT NULL
);

-- The auto-close and follow-up sweeps find resolved and closed cases by time.
CREATE INDEX cases_resolved_at ON cases (resolved_at) WHERE state = 'resolved';
CREATE INDEX cases_closed_at ON cases (closed_at) WHERE state = 'closed';
-- A patrol list counts a neighborhood's cases reported since the last patrol.
CREATE INDEX cases_hood_created ON cases (neighborhood_id, created_at);

-- Deadline extensions: a handler asks for more working hours, the level above
-- the case decides. One pending request per case.
CREATE TABLE case_extensions (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    district_id     INTEGER NOT NULL,
    street_id       INTEGER NOT NULL,
    neighborhood_id INTEGER NOT NULL,
    hours           INTEGER NOT NULL,
    reason          TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending','approved','rejected')),
    requested_by    INTEGER NOT NULL REFERENCES users(id),
    decided_by      INTEGER REFERENCES users(id),
    decision_note   TEXT    NOT NULL DEFAULT '',
    old_resolve_by  BIGINT,
    new_resolve_by  BIGINT,
    created_at      BIGINT  NOT NULL,
    decided_at      BIGINT
);
CREATE UNIQUE INDEX case_extensions_pending ON case_extensions (case_id) WHERE state = 'pending';
CREATE INDEX case_extensions_case ON case_extensions (case_id, id);
CREATE INDEX case_extensions_queue ON case_extensions (district_id, state, id);

-- Patrols (一日三巡): one list per cadre, neighborhood and patrol time, with
-- its counts as they stood; done_at is when the cadre marked it patrolled.
CREATE TABLE patrol_runs (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    district_id     INTEGER NOT NULL,
    neighborhood_id INTEGER NOT NULL REFERENCES places(id),
    slot_at         BIGINT  NOT NULL,
    since_at        BIGINT  NOT NULL,
    due_until       BIGINT  NOT NULL,
    new_count       INTEGER NOT NULL,
    due_soon_count  INTEGER NOT NULL,
    overdue_count   INTEGER NOT NULL,
    done_at         BIGINT,
    created_at      BIGINT  NOT NULL
);
CREATE UNIQUE INDEX patrol_runs_slot ON patrol_runs (user_id, neighborhood_id, slot_at);
CREATE INDEX patrol_runs_user ON patrol_runs (user_id, slot_at);

-- Reminders reach the staff of the units handling a case.
CREATE INDEX grants_unit ON grants (unit_id, role) WHERE unit_id IS NOT NULL;
