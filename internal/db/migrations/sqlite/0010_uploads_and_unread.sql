-- Photos uploaded through the API before the topic that shows them: each
-- upload belongs to its uploader and is attached at most once (topic_id set
-- in the topic's transaction); pending ones are purged after a day.
CREATE TABLE photo_uploads (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    district_id     INTEGER NOT NULL,
    photo_key       TEXT    NOT NULL,
    thumb_key       TEXT    NOT NULL,
    content_type    TEXT    NOT NULL,
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    topic_id        INTEGER REFERENCES topics(id),
    created_at      BIGINT  NOT NULL
);
CREATE UNIQUE INDEX photo_uploads_pending ON photo_uploads (user_id, photo_key) WHERE topic_id IS NULL;
CREATE INDEX photo_uploads_stale ON photo_uploads (created_at) WHERE topic_id IS NULL;

-- The navigation's unread count on every page reads only the threads that
-- wait for staff, not every thread a committee or unit ever had.
CREATE INDEX message_threads_staff_unread ON message_threads (unit_id, neighborhood_id) WHERE staff_unread > 0;
