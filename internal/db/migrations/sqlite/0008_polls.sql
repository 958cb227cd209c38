-- Polls (打钩, 投票, 业主大会表决): one engine for tick lists, single and
-- multiple choice, and owners' assembly resolutions. The electorate is
-- snapshotted when a poll opens; one counted ballot per voter key is the
-- primary key's job; tallies are counters moved in the ballot's transaction
-- and can always be recomputed from the ballots (internal/polls).

CREATE TABLE polls (
    id               INTEGER PRIMARY KEY,
    district_id      INTEGER NOT NULL,
    neighborhood_id  INTEGER NOT NULL REFERENCES places(id),
    kind             TEXT    NOT NULL CHECK (kind IN ('tick','single','multiple','assembly')),
    title            TEXT    NOT NULL,
    description      TEXT    NOT NULL DEFAULT '',
    state            TEXT    NOT NULL CHECK (state IN ('draft','open','closed')),
    electorate       TEXT    NOT NULL CHECK (electorate IN ('residents','households','owners')),
    min_choices      INTEGER NOT NULL DEFAULT 1,
    max_choices      INTEGER NOT NULL DEFAULT 1,
    option_count     INTEGER NOT NULL DEFAULT 0,
    winners          INTEGER NOT NULL DEFAULT 0,
    major            INTEGER NOT NULL DEFAULT 0,
    secret           INTEGER NOT NULL DEFAULT 1,
    live             INTEGER NOT NULL DEFAULT 0,
    paper_check      TEXT    NOT NULL DEFAULT 'double' CHECK (paper_check IN ('double','single')),
    project_id       BIGINT,
    commitment       TEXT    NOT NULL DEFAULT '',
    opens_at         BIGINT  NOT NULL,
    closes_at        BIGINT  NOT NULL,
    elector_count    INTEGER NOT NULL DEFAULT 0,
    elector_area     BIGINT  NOT NULL DEFAULT 0,
    ballot_count     INTEGER NOT NULL DEFAULT 0,
    ballot_area      BIGINT  NOT NULL DEFAULT 0,
    online_count     INTEGER NOT NULL DEFAULT 0,
    paper_count      INTEGER NOT NULL DEFAULT 0,
    door_count       INTEGER NOT NULL DEFAULT 0,
    reject_count     INTEGER NOT NULL DEFAULT 0,
    result_hash      TEXT    NOT NULL DEFAULT '',
    outcome          TEXT    NOT NULL DEFAULT '',
    notice_topic_id  BIGINT,
    created_by       INTEGER NOT NULL REFERENCES users(id),
    created_at       BIGINT  NOT NULL,
    opened_at        BIGINT,
    closed_at        BIGINT,
    CHECK (closes_at > opens_at)
);
CREATE INDEX polls_hood ON polls (neighborhood_id, id);
CREATE INDEX polls_project ON polls (project_id) WHERE project_id IS NOT NULL;

-- Where the electorate lives: the neighborhood, or some grids or buildings.
CREATE TABLE poll_places (
    poll_id          INTEGER NOT NULL REFERENCES polls(id),
    place_id         INTEGER NOT NULL REFERENCES places(id),
    PRIMARY KEY (poll_id, place_id)
);

-- Options carry their counters: votes and, for owners' votes, floor area in
-- hundredths of m2. position is the bit of a ballot's choice mask.
CREATE TABLE poll_options (
    poll_id          INTEGER NOT NULL REFERENCES polls(id),
    position         INTEGER NOT NULL CHECK (position >= 0 AND position < 62),
    label            TEXT    NOT NULL,
    project_id       BIGINT,
    votes            INTEGER NOT NULL DEFAULT 0,
    area             BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (poll_id, position)
);

-- The electorate, fixed when the poll opens. voter_key is the household for
-- one-per-household and owners' votes, the person for residents' polls.
CREATE TABLE poll_electors (
    poll_id          INTEGER NOT NULL REFERENCES polls(id),
    voter_key        BIGINT  NOT NULL,
    household_id     INTEGER NOT NULL,
    area             BIGINT  NOT NULL,
    label            TEXT    NOT NULL,
    PRIMARY KEY (poll_id, voter_key)
);

-- Who may cast a voter key's ballot online, fixed with the electorate.
CREATE TABLE poll_voters (
    poll_id          INTEGER NOT NULL REFERENCES polls(id),
    user_id          INTEGER NOT NULL,
    voter_key        BIGINT  NOT NULL,
    PRIMARY KEY (poll_id, user_id)
);

-- One counted ballot per voter key (the UNIQUE constraint): the first recorded
-- counts, from any channel. The rows are kept in receipt order (the primary
-- key; WITHOUT ROWID on SQLite, a covering index on PostgreSQL), the order
-- the result hash and the published list read them in, so verifying a
-- million ballots is one sequential scan. No foreign key to polls here or
-- in poll_rejects: a ballot is written only after the guarded UPDATE of its
-- poll row in the same transaction, and on PostgreSQL the key-share lock a
-- foreign-key check takes on a row its own transaction updated, from inside
-- each group-commit savepoint, made ballots slower still (about 80 → 190/s
-- in one busy-machine run; see docs/performance.md).
CREATE TABLE poll_ballots (
    poll_id          INTEGER NOT NULL, -- no FK: see above
    voter_key        BIGINT  NOT NULL,
    district_id      INTEGER NOT NULL,
    channel          TEXT    NOT NULL CHECK (channel IN ('online','paper','door')),
    serial           TEXT    NOT NULL DEFAULT '',
    choices          BIGINT  NOT NULL,
    area             BIGINT  NOT NULL,
    receipt          TEXT    NOT NULL,
    voter_id         INTEGER,
    entered_by       INTEGER,
    created_at       BIGINT  NOT NULL,
    PRIMARY KEY (poll_id, receipt),
    UNIQUE (poll_id, voter_key)
) WITHOUT ROWID;

-- Ballots refused because their voter had already voted: kept for review.
CREATE TABLE poll_rejects (
    id               INTEGER PRIMARY KEY,
    poll_id          INTEGER NOT NULL, -- no FK: see above
    voter_key        BIGINT  NOT NULL,
    channel          TEXT    NOT NULL,
    serial           TEXT    NOT NULL DEFAULT '',
    choices          BIGINT  NOT NULL,
    by_id            INTEGER,
    created_at       BIGINT  NOT NULL
);
CREATE INDEX poll_rejects_poll ON poll_rejects (poll_id, id);

-- Paper sheets by serial number: entered twice by two people (or once and
-- checked by another); a mismatch waits for review.
CREATE TABLE poll_sheets (
    poll_id          INTEGER NOT NULL REFERENCES polls(id),
    serial           TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('pending','mismatch','counted','duplicate','void')),
    voter_key        BIGINT  NOT NULL,
    choices          BIGINT  NOT NULL,
    first_by         INTEGER NOT NULL,
    second_key       BIGINT,
    second_choices   BIGINT,
    second_by        INTEGER,
    created_at       BIGINT  NOT NULL,
    PRIMARY KEY (poll_id, serial)
);
CREATE INDEX poll_sheets_state ON poll_sheets (poll_id, state);
