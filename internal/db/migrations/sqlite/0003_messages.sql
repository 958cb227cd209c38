-- Private messages from a resident to their committee or to a partner unit
-- (never resident to resident), with unread counters for each side.
CREATE TABLE message_threads (
    id              INTEGER PRIMARY KEY,
    district_id     INTEGER NOT NULL,
    neighborhood_id INTEGER NOT NULL REFERENCES places(id),
    resident_id     INTEGER NOT NULL REFERENCES users(id),
    unit_id         INTEGER REFERENCES units(id),
    subject         TEXT    NOT NULL,
    resident_unread INTEGER NOT NULL DEFAULT 0,
    staff_unread    INTEGER NOT NULL DEFAULT 0,
    message_count   INTEGER NOT NULL DEFAULT 0,
    last_message_at BIGINT  NOT NULL,
    created_at      BIGINT  NOT NULL
);
CREATE INDEX message_threads_resident ON message_threads (resident_id, last_message_at);
CREATE INDEX message_threads_staff ON message_threads (neighborhood_id, unit_id, last_message_at);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    thread_id       INTEGER NOT NULL REFERENCES message_threads(id),
    district_id     INTEGER NOT NULL,
    author_id       INTEGER NOT NULL REFERENCES users(id),
    from_staff      INTEGER NOT NULL DEFAULT 0,
    body            TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL
);
CREATE INDEX messages_thread ON messages (thread_id, id);
