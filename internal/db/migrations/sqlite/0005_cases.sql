-- Cases (工单): every problem a resident raises, tracked from report to rated
-- resolution. The state moves through internal/cases' one transitions table;
-- each move bumps version (optimistic concurrency) and writes a case_events row.

CREATE TABLE cases (
    id               INTEGER PRIMARY KEY,
    district_id      INTEGER NOT NULL,
    street_id        INTEGER NOT NULL,
    neighborhood_id  INTEGER NOT NULL REFERENCES places(id),
    place_id         INTEGER NOT NULL REFERENCES places(id),
    topic_id         INTEGER REFERENCES topics(id),
    category         TEXT    NOT NULL,
    title            TEXT    NOT NULL,
    description      TEXT    NOT NULL,
    lat              REAL,
    lng              REAL,
    address          TEXT    NOT NULL DEFAULT '',
    reporter_id      INTEGER REFERENCES users(id),
    entered_by       INTEGER REFERENCES users(id),
    channel          TEXT    NOT NULL CHECK (channel IN ('app','topic','box','visit','phone','wechat','hotline','open311')),
    state            TEXT    NOT NULL CHECK (state IN ('submitted','acknowledged','assigned','in_progress','resolved','closed','returned','reopened')),
    level            TEXT    NOT NULL DEFAULT 'neighborhood' CHECK (level IN ('neighborhood','street','district')),
    lead_unit_id     INTEGER REFERENCES units(id),
    assignee_id      INTEGER REFERENCES users(id),
    respond_by       BIGINT,
    resolve_by       BIGINT,
    -- due_at is the deadline that applies in the current state (respond_by
    -- before acknowledgement, resolve_by until resolved, NULL otherwise), kept
    -- by the store so queues and sweeps read one indexed column.
    due_at           BIGINT,
    acknowledged_at  BIGINT,
    resolved_at      BIGINT,
    closed_at        BIGINT,
    rating           INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
    rating_comment   TEXT    NOT NULL DEFAULT '',
    reopens          INTEGER NOT NULL DEFAULT 0,
    token            TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    version          BIGINT  NOT NULL DEFAULT 1
);
-- The workbench: a neighborhood's cases by state, newest first.
CREATE INDEX cases_hood_state ON cases (neighborhood_id, state, id);
-- Due soon / overdue in a neighborhood, and the deadline sweep over open cases.
CREATE INDEX cases_hood_due ON cases (neighborhood_id, due_at, id) WHERE due_at IS NOT NULL;
CREATE INDEX cases_due ON cases (due_at, id) WHERE due_at IS NOT NULL;
CREATE INDEX cases_reporter ON cases (reporter_id, id);
CREATE INDEX cases_assignee ON cases (assignee_id, id);
-- Street and district queues by escalation level.
CREATE INDEX cases_street_level ON cases (street_id, level, id);
CREATE INDEX cases_district_level ON cases (district_id, level, id);
CREATE INDEX cases_district ON cases (district_id, id);
CREATE INDEX cases_updated ON cases (district_id, updated_at, id);
CREATE UNIQUE INDEX cases_token ON cases (token);
CREATE UNIQUE INDEX cases_topic ON cases (topic_id) WHERE topic_id IS NOT NULL;

-- The timeline: transitions, notes, supervision (督办), ratings, reminders.
CREATE TABLE case_events (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases(id),
    district_id      INTEGER NOT NULL,
    actor_id         INTEGER REFERENCES users(id),
    kind             TEXT    NOT NULL,
    from_state       TEXT    NOT NULL DEFAULT '',
    to_state         TEXT    NOT NULL DEFAULT '',
    note             TEXT    NOT NULL DEFAULT '',
    unit_id          INTEGER REFERENCES units(id),
    photo_count      INTEGER NOT NULL DEFAULT 0,
    created_at       BIGINT  NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);
-- Partner systems follow a district's updates in order (Open311 updates).
CREATE INDEX case_events_district ON case_events (district_id, id);

CREATE TABLE case_event_photos (
    event_id         INTEGER NOT NULL REFERENCES case_events(id),
    position         INTEGER NOT NULL,
    case_id          INTEGER NOT NULL REFERENCES cases(id),
    district_id      INTEGER NOT NULL,
    photo_key        TEXT    NOT NULL,
    thumb_key        TEXT    NOT NULL,
    content_type     TEXT    NOT NULL,
    width            INTEGER NOT NULL,
    height           INTEGER NOT NULL,
    PRIMARY KEY (event_id, position)
);
CREATE INDEX case_event_photos_case ON case_event_photos (case_id);

-- Joint handling (三方联动): one lead unit and co-handlers; unit staff see the
-- cases their unit handles. unit_id 0 is the neighborhood committee itself.
CREATE TABLE case_handlers (
    case_id          INTEGER NOT NULL REFERENCES cases(id),
    unit_id          INTEGER NOT NULL,
    district_id      INTEGER NOT NULL,
    role             TEXT    NOT NULL CHECK (role IN ('lead','co')),
    created_at       BIGINT  NOT NULL,
    PRIMARY KEY (case_id, unit_id)
);
CREATE INDEX case_handlers_unit ON case_handlers (unit_id, case_id);

-- Routing: category (and optionally a building or grid) to the responsible
-- unit, per neighborhood; the most specific place wins; none = the committee.
CREATE TABLE case_routes (
    id               INTEGER PRIMARY KEY,
    district_id      INTEGER NOT NULL,
    neighborhood_id  INTEGER NOT NULL REFERENCES places(id),
    category         TEXT    NOT NULL,
    place_id         INTEGER REFERENCES places(id),
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    created_by       INTEGER REFERENCES users(id),
    created_at       BIGINT  NOT NULL
);
CREATE UNIQUE INDEX case_routes_unique ON case_routes (neighborhood_id, category, COALESCE(place_id, 0));
