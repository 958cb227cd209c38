-- Projects (实事项目 / 微项目): what a neighborhood decides to do, from a
-- topic, a case or the committee's own plan, through to the residents' rating.
-- The state moves only through internal/projects' one transitions table; each
-- move bumps version and writes a project_events row. Counters live on the
-- project row so list pages never count.

CREATE TABLE projects (
    id               INTEGER PRIMARY KEY,
    district_id      INTEGER NOT NULL,
    neighborhood_id  INTEGER NOT NULL REFERENCES places(id),
    title            TEXT    NOT NULL,
    description      TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('proposed','listed','selected','in_progress','done','evaluated','dropped')),
    drop_reason      TEXT    NOT NULL DEFAULT '',
    budget_fen       BIGINT  NOT NULL DEFAULT 0 CHECK (budget_fen >= 0),
    lead_unit_id     INTEGER REFERENCES units(id),
    origin           TEXT    NOT NULL CHECK (origin IN ('topic','case','plan')),
    topic_id         INTEGER REFERENCES topics(id),
    -- The cases table comes with the cases migration, on another branch; the
    -- id is checked by the service when the project is made.
    case_id          BIGINT,
    proposer_id      INTEGER REFERENCES users(id),
    created_by       INTEGER NOT NULL REFERENCES users(id),
    photo_count      INTEGER NOT NULL DEFAULT 0,
    update_count     INTEGER NOT NULL DEFAULT 0,
    milestone_count  INTEGER NOT NULL DEFAULT 0,
    milestones_done  INTEGER NOT NULL DEFAULT 0,
    follower_count   INTEGER NOT NULL DEFAULT 0,
    rating_count     INTEGER NOT NULL DEFAULT 0,
    rating_sum       INTEGER NOT NULL DEFAULT 0,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    version          BIGINT  NOT NULL DEFAULT 1,
    CHECK ((origin = 'topic') = (topic_id IS NOT NULL)),
    CHECK ((origin = 'case') = (case_id IS NOT NULL))
);
CREATE INDEX projects_hood_state ON projects (neighborhood_id, state, id);
CREATE INDEX projects_hood ON projects (neighborhood_id, id);
-- One project per topic and per case: making it twice is a mistake.
CREATE UNIQUE INDEX projects_topic ON projects (topic_id) WHERE topic_id IS NOT NULL;
CREATE UNIQUE INDEX projects_case ON projects (case_id) WHERE case_id IS NOT NULL;

CREATE TABLE project_photos (
    project_id       INTEGER NOT NULL REFERENCES projects(id),
    position         INTEGER NOT NULL,
    district_id      INTEGER NOT NULL,
    photo_key        TEXT    NOT NULL,
    thumb_key        TEXT    NOT NULL,
    content_type     TEXT    NOT NULL,
    width            INTEGER NOT NULL,
    height           INTEGER NOT NULL,
    PRIMARY KEY (project_id, position)
);

-- Funding: shares in basis points that the store keeps at exactly 10000. A
-- share that needs the owners' approval (maintenance fund, owners' money,
-- common-parts revenue) names the poll that approved it; the project cannot
-- start while one lacks it. Polls live in another migration, hence no FK.
CREATE TABLE project_funding (
    project_id       INTEGER NOT NULL REFERENCES projects(id),
    position         INTEGER NOT NULL,
    district_id      INTEGER NOT NULL,
    source           TEXT    NOT NULL CHECK (source IN ('government','street','maintenance_fund','owners','public_revenue','property','donation','other')),
    note             TEXT    NOT NULL DEFAULT '',
    share_bp         INTEGER NOT NULL CHECK (share_bp > 0 AND share_bp <= 10000),
    needs_approval   INTEGER NOT NULL DEFAULT 0,
    approval_poll_id BIGINT,
    PRIMARY KEY (project_id, position),
    CHECK (approval_poll_id IS NULL OR needs_approval = 1)
);

CREATE TABLE project_milestones (
    id               INTEGER PRIMARY KEY,
    project_id       INTEGER NOT NULL REFERENCES projects(id),
    district_id      INTEGER NOT NULL,
    title            TEXT    NOT NULL,
    due_at           BIGINT  NOT NULL,
    done_at          BIGINT,
    created_at       BIGINT  NOT NULL
);
CREATE INDEX project_milestones_project ON project_milestones (project_id, due_at, id);

-- Progress updates, with photos.
CREATE TABLE project_updates (
    id               INTEGER PRIMARY KEY,
    project_id       INTEGER NOT NULL REFERENCES projects(id),
    district_id      INTEGER NOT NULL,
    author_id        INTEGER NOT NULL REFERENCES users(id),
    body             TEXT    NOT NULL,
    photo_count      INTEGER NOT NULL DEFAULT 0,
    created_at       BIGINT  NOT NULL
);
CREATE INDEX project_updates_project ON project_updates (project_id, id);

CREATE TABLE project_update_photos (
    update_id        INTEGER NOT NULL REFERENCES project_updates(id),
    position         INTEGER NOT NULL,
    project_id       INTEGER NOT NULL REFERENCES projects(id),
    district_id      INTEGER NOT NULL,
    photo_key        TEXT    NOT NULL,
    thumb_key        TEXT    NOT NULL,
    content_type     TEXT    NOT NULL,
    width            INTEGER NOT NULL,
    height           INTEGER NOT NULL,
    PRIMARY KEY (update_id, position)
);
-- A page of the timeline fetches its updates' photos by a range of update ids.
CREATE INDEX project_update_photos_project ON project_update_photos (project_id, update_id);

-- The timeline: creation, every move, update, milestone and approval.
CREATE TABLE project_events (
    id               INTEGER PRIMARY KEY,
    project_id       INTEGER NOT NULL REFERENCES projects(id),
    district_id      INTEGER NOT NULL,
    actor_id         INTEGER REFERENCES users(id),
    kind             TEXT    NOT NULL,
    from_state       TEXT    NOT NULL DEFAULT '',
    to_state         TEXT    NOT NULL DEFAULT '',
    note             TEXT    NOT NULL DEFAULT '',
    update_id        INTEGER REFERENCES project_updates(id),
    milestone_id     INTEGER REFERENCES project_milestones(id),
    poll_id          BIGINT,
    created_at       BIGINT  NOT NULL
);
CREATE INDEX project_events_project ON project_events (project_id, id);

-- One rating per resident, by the primary key.
CREATE TABLE project_ratings (
    project_id       INTEGER NOT NULL REFERENCES projects(id),
    user_id          INTEGER NOT NULL REFERENCES users(id),
    district_id      INTEGER NOT NULL,
    stars            INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    comment          TEXT    NOT NULL DEFAULT '',
    created_at       BIGINT  NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_ratings_latest ON project_ratings (project_id, created_at);

-- Followers hear about every move in their inbox; the proposer follows from the start.
CREATE TABLE project_followers (
    project_id       INTEGER NOT NULL REFERENCES projects(id),
    user_id          INTEGER NOT NULL REFERENCES users(id),
    district_id      INTEGER NOT NULL,
    created_at       BIGINT  NOT NULL,
    PRIMARY KEY (project_id, user_id)
);

-- Inbox entries about a project link to it.
ALTER TABLE notifications ADD COLUMN project_id BIGINT;
