-- Foundation: places, people, roles, verification, sessions, audit.
-- Times are Unix milliseconds (BIGINT) in both dialects so store code is one.
-- Every table holding neighborhood data carries district_id: the future shard key.

CREATE TABLE places (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL CHECK (kind IN ('district','street','neighborhood','grid','building')),
    parent_id       INTEGER REFERENCES places(id),
    district_id     INTEGER NOT NULL,
    neighborhood_id INTEGER,
    name            TEXT    NOT NULL,
    path            TEXT    NOT NULL,
    household_count INTEGER NOT NULL DEFAULT 0,
    resident_count  INTEGER NOT NULL DEFAULT 0,
    created_at      BIGINT  NOT NULL
);
CREATE UNIQUE INDEX places_parent_name ON places (COALESCE(parent_id, 0), kind, name);
CREATE INDEX places_path ON places (path);
CREATE INDEX places_parent ON places (parent_id);
CREATE INDEX places_district_kind ON places (district_id, kind);

CREATE TABLE households (
    id              INTEGER PRIMARY KEY,
    district_id     INTEGER NOT NULL,
    neighborhood_id INTEGER NOT NULL REFERENCES places(id),
    building_id     INTEGER NOT NULL REFERENCES places(id),
    room            TEXT    NOT NULL,
    area_centi      INTEGER NOT NULL CHECK (area_centi > 0),
    created_at      BIGINT  NOT NULL,
    UNIQUE (building_id, room)
);
CREATE INDEX households_neighborhood ON households (neighborhood_id);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    phone_index     BLOB    NOT NULL UNIQUE,
    phone_enc       BLOB    NOT NULL,
    password_hash   TEXT    NOT NULL,
    nickname        TEXT    NOT NULL,
    lang            TEXT    NOT NULL DEFAULT 'zh-CN',
    party_member    INTEGER NOT NULL DEFAULT 0,
    show_badge      INTEGER NOT NULL DEFAULT 0,
    status          TEXT    NOT NULL DEFAULT 'unverified' CHECK (status IN ('unverified','pending','verified')),
    district_id     INTEGER,
    neighborhood_id INTEGER,
    real_name_enc   BLOB,
    id_number_enc   BLOB,
    id_index        BLOB UNIQUE,
    verified_at     BIGINT,
    created_at      BIGINT  NOT NULL
);
CREATE INDEX users_neighborhood ON users (neighborhood_id, status);

CREATE TABLE residences (
    user_id         INTEGER NOT NULL REFERENCES users(id),
    household_id    INTEGER NOT NULL REFERENCES households(id),
    district_id     INTEGER NOT NULL,
    neighborhood_id INTEGER NOT NULL,
    is_owner        INTEGER NOT NULL DEFAULT 0,
    created_at      BIGINT  NOT NULL,
    PRIMARY KEY (user_id, household_id)
);
CREATE INDEX residences_household ON residences (household_id);
CREATE INDEX residences_neighborhood ON residences (neighborhood_id);

CREATE TABLE roster_people (
    id              INTEGER PRIMARY KEY,
    district_id     INTEGER NOT NULL,
    neighborhood_id INTEGER NOT NULL,
    household_id    INTEGER NOT NULL REFERENCES households(id),
    name_enc        BLOB    NOT NULL,
    name_index      BLOB    NOT NULL,
    id_number_enc   BLOB    NOT NULL,
    id_index        BLOB    NOT NULL,
    phone_enc       BLOB,
    is_owner        INTEGER NOT NULL DEFAULT 0,
    created_at      BIGINT  NOT NULL,
    UNIQUE (household_id, id_index)
);
CREATE INDEX roster_people_id ON roster_people (id_index);

CREATE TABLE verifications (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    district_id     INTEGER NOT NULL,
    neighborhood_id INTEGER NOT NULL,
    household_id    INTEGER NOT NULL REFERENCES households(id),
    real_name_enc   BLOB    NOT NULL,
    id_number_enc   BLOB    NOT NULL,
    id_index        BLOB    NOT NULL,
    claims_owner    INTEGER NOT NULL DEFAULT 0,
    status          TEXT    NOT NULL CHECK (status IN ('pending','matched','approved','rejected')),
    reason          TEXT    NOT NULL DEFAULT '',
    reviewer_id     INTEGER REFERENCES users(id),
    created_at      BIGINT  NOT NULL,
    decided_at      BIGINT
);
CREATE UNIQUE INDEX verifications_one_pending ON verifications (user_id) WHERE status = 'pending';
CREATE INDEX verifications_queue ON verifications (neighborhood_id, status, id);

CREATE TABLE units (
    id              INTEGER PRIMARY KEY,
    district_id     INTEGER NOT NULL,
    place_id        INTEGER NOT NULL REFERENCES places(id),
    kind            TEXT    NOT NULL CHECK (kind IN ('property','owners_committee','police','doctor','lawyer','street_dept','district_dept','other')),
    name            TEXT    NOT NULL,
    phone           TEXT    NOT NULL DEFAULT '',
    created_at      BIGINT  NOT NULL,
    UNIQUE (place_id, name)
);

CREATE TABLE unit_places (
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    place_id        INTEGER NOT NULL REFERENCES places(id),
    district_id     INTEGER NOT NULL,
    PRIMARY KEY (unit_id, place_id)
);
CREATE INDEX unit_places_place ON unit_places (place_id);

CREATE TABLE grants (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    role            TEXT    NOT NULL CHECK (role IN ('building_leader','grid_leader','cadre','secretary','unit_staff','street_admin','district_admin')),
    place_id        INTEGER NOT NULL REFERENCES places(id),
    unit_id         INTEGER REFERENCES units(id),
    district_id     INTEGER NOT NULL,
    granted_by      INTEGER,
    created_at      BIGINT  NOT NULL
);
CREATE UNIQUE INDEX grants_unique ON grants (user_id, role, place_id, COALESCE(unit_id, 0));
CREATE INDEX grants_place ON grants (place_id, role);

CREATE TABLE sessions (
    token_hash      BLOB    PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    created_at      BIGINT  NOT NULL,
    seen_at         BIGINT  NOT NULL,
    expires_at      BIGINT  NOT NULL,
    ip              TEXT    NOT NULL DEFAULT '',
    user_agent      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id              INTEGER PRIMARY KEY,
    token_hash      BLOB    NOT NULL UNIQUE,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    name            TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    expires_at      BIGINT  NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_throttle (
    key             TEXT    PRIMARY KEY,
    window_start    BIGINT  NOT NULL,
    failures        INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    at              BIGINT  NOT NULL,
    actor_id        INTEGER,
    action          TEXT    NOT NULL,
    object_type     TEXT    NOT NULL DEFAULT '',
    object_id       INTEGER,
    district_id     INTEGER,
    neighborhood_id INTEGER,
    ip              TEXT    NOT NULL DEFAULT '',
    request_id      TEXT    NOT NULL DEFAULT '',
    detail          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_district ON audit_log (district_id, id);
CREATE INDEX audit_log_neighborhood ON audit_log (neighborhood_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);

CREATE TABLE imports (
    id              INTEGER PRIMARY KEY,
    district_id     INTEGER NOT NULL,
    place_id        INTEGER NOT NULL REFERENCES places(id),
    user_id         INTEGER REFERENCES users(id),
    filename        TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('running','done','failed')),
    total_rows      INTEGER NOT NULL DEFAULT 0,
    processed       INTEGER NOT NULL DEFAULT 0,
    good            INTEGER NOT NULL DEFAULT 0,
    bad             INTEGER NOT NULL DEFAULT 0,
    report          TEXT    NOT NULL DEFAULT '',
    created_at      BIGINT  NOT NULL,
    finished_at     BIGINT
);
CREATE INDEX imports_place ON imports (place_id, id);
