-- Open311 partner keys. A key is shown once when it is made; only its SHA-256
-- is kept, so a leaked dump posts nothing. A key belongs to one district (an
-- Open311 jurisdiction) and is revoked, never deleted, so old cases still
-- name the partner that filed them.
CREATE TABLE open311_keys (
    id              INTEGER PRIMARY KEY,
    key_hash        BLOB    NOT NULL UNIQUE,
    name            TEXT    NOT NULL,
    district_id     INTEGER NOT NULL REFERENCES places(id),
    created_by      INTEGER REFERENCES users(id),
    created_at      BIGINT  NOT NULL,
    revoked_at      BIGINT
);
-- One live key per partner name in a district, so "which key is Acme's" has one answer.
CREATE UNIQUE INDEX open311_keys_live_name ON open311_keys (district_id, name) WHERE revoked_at IS NULL;

-- Open311 reads a district's cases and timeline by time: the request list
-- by requested_datetime, the update feed by when each step happened.
CREATE INDEX cases_district_created ON cases (district_id, created_at, id);
CREATE INDEX case_events_district_time ON case_events (district_id, created_at, id);
