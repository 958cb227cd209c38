-- Neighborhood boards: sections, topics, comments, likes, readers, photos, search.
-- Counters live on the rows they count so list pages never count.

CREATE TABLE sections (
    id              INTEGER PRIMARY KEY,
    district_id     INTEGER NOT NULL,
    neighborhood_id INTEGER NOT NULL REFERENCES places(id),
    kind            TEXT    NOT NULL CHECK (kind IN ('hall','neighbors','announcements','guide','unit')),
    unit_id         INTEGER REFERENCES units(id),
    name            TEXT    NOT NULL,
    position        INTEGER NOT NULL DEFAULT 0,
    topic_count     INTEGER NOT NULL DEFAULT 0,
    created_at      BIGINT  NOT NULL
);
CREATE UNIQUE INDEX sections_unique ON sections (neighborhood_id, kind, COALESCE(unit_id, 0));

CREATE TABLE topics (
    id               INTEGER PRIMARY KEY,
    district_id      INTEGER NOT NULL,
    neighborhood_id  INTEGER NOT NULL REFERENCES places(id),
    section_id       INTEGER NOT NULL REFERENCES sections(id),
    author_id        INTEGER NOT NULL REFERENCES users(id),
    channel          TEXT    NOT NULL DEFAULT 'online' CHECK (channel IN ('online','door','box','phone','wechat','other')),
    for_user_id      INTEGER REFERENCES users(id),
    title            TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    category         TEXT    NOT NULL,
    building_id      INTEGER REFERENCES places(id),
    place_note       TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL DEFAULT 'visible' CHECK (status IN ('visible','held','hidden','deleted')),
    status_reason    TEXT    NOT NULL DEFAULT '',
    pinned           INTEGER NOT NULL DEFAULT 0,
    locked           INTEGER NOT NULL DEFAULT 0,
    comment_count    INTEGER NOT NULL DEFAULT 0,
    like_count       INTEGER NOT NULL DEFAULT 0,
    read_count       INTEGER NOT NULL DEFAULT 0,
    report_count     INTEGER NOT NULL DEFAULT 0,
    photo_count      INTEGER NOT NULL DEFAULT 0,
    hot_score        REAL    NOT NULL DEFAULT 0,
    last_activity_at BIGINT  NOT NULL,
    created_at       BIGINT  NOT NULL,
    edited_at        BIGINT,
    search_text      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX topics_latest ON topics (neighborhood_id, status, id);
CREATE INDEX topics_active ON topics (neighborhood_id, status, last_activity_at, id);
CREATE INDEX topics_hot ON topics (neighborhood_id, status, hot_score, id);
CREATE INDEX topics_section ON topics (section_id, status, id);
CREATE INDEX topics_author ON topics (author_id, id);

CREATE TABLE topic_photos (
    topic_id        INTEGER NOT NULL REFERENCES topics(id),
    position        INTEGER NOT NULL,
    district_id     INTEGER NOT NULL,
    photo_key       TEXT    NOT NULL,
    thumb_key       TEXT    NOT NULL,
    content_type    TEXT    NOT NULL,
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    PRIMARY KEY (topic_id, position)
);

CREATE TABLE comments (
    id              INTEGER PRIMARY KEY,
    district_id     INTEGER NOT NULL,
    neighborhood_id INTEGER NOT NULL,
    topic_id        INTEGER NOT NULL REFERENCES topics(id),
    parent_id       INTEGER REFERENCES comments(id),
    author_id       INTEGER NOT NULL REFERENCES users(id),
    body            TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'visible' CHECK (status IN ('visible','held','hidden','deleted')),
    status_reason   TEXT    NOT NULL DEFAULT '',
    like_count      INTEGER NOT NULL DEFAULT 0,
    report_count    INTEGER NOT NULL DEFAULT 0,
    created_at      BIGINT  NOT NULL
);
CREATE INDEX comments_topic ON comments (topic_id, id);

CREATE TABLE likes (
    user_id         INTEGER NOT NULL REFERENCES users(id),
    target_type     TEXT    NOT NULL CHECK (target_type IN ('topic','comment')),
    target_id       INTEGER NOT NULL,
    district_id     INTEGER NOT NULL,
    created_at      BIGINT  NOT NULL,
    PRIMARY KEY (target_type, target_id, user_id)
);

CREATE TABLE topic_reads (
    topic_id        INTEGER NOT NULL REFERENCES topics(id),
    user_id         INTEGER NOT NULL REFERENCES users(id),
    district_id     INTEGER NOT NULL,
    created_at      BIGINT  NOT NULL,
    PRIMARY KEY (topic_id, user_id)
);

-- Chinese search: search_text holds bigram tokens (textsearch.IndexText);
-- FTS5 indexes it as an external-content table kept in step by triggers.
CREATE VIRTUAL TABLE topics_fts USING fts5(search_text, content='topics', content_rowid='id', tokenize='unicode61');
CREATE TRIGGER topics_fts_insert AFTER INSERT ON topics BEGIN
    INSERT INTO topics_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER topics_fts_delete AFTER DELETE ON topics BEGIN
    INSERT INTO topics_fts (topics_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER topics_fts_update AFTER UPDATE OF search_text ON topics BEGIN
    INSERT INTO topics_fts (topics_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO topics_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

-- Reports by residents: one per person and target; enough of them hide the
-- target until a cadre decides.
CREATE TABLE reports (
    target_type     TEXT    NOT NULL CHECK (target_type IN ('topic','comment')),
    target_id       BIGINT  NOT NULL,
    user_id         BIGINT  NOT NULL REFERENCES users(id),
    district_id     BIGINT  NOT NULL,
    neighborhood_id BIGINT  NOT NULL,
    reason          TEXT    NOT NULL DEFAULT '',
    created_at      BIGINT  NOT NULL,
    PRIMARY KEY (target_type, target_id, user_id)
);

-- The in-app inbox: every notification a person gets; later channels (push,
-- mail) deliver from here.
CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY,
    user_id         BIGINT  NOT NULL REFERENCES users(id),
    district_id     BIGINT  NOT NULL,
    kind            TEXT    NOT NULL,
    topic_id        BIGINT,
    comment_id      BIGINT,
    actor_id        BIGINT,
    detail          TEXT    NOT NULL DEFAULT '',
    read_at         BIGINT,
    created_at      BIGINT  NOT NULL
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
CREATE INDEX topics_held ON topics (neighborhood_id, status, report_count);
CREATE INDEX comments_held ON comments (neighborhood_id, status);
