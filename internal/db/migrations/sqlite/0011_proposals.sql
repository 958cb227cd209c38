-- Proposals (提案) and deliberation (议事协商).
--
-- A proposal is individual, joint (co-signed) or organizational (on behalf of
-- a registered resident group by one of its speakers). Its state moves only
-- through internal/proposals' transitions table; each move bumps version and
-- writes a proposal_events row. Supports and co-signatures are one row per
-- person by primary key, counted on the proposal row in the same transaction.
--
-- Screening lists are data: a place (a street for defaults, or a neighborhood
-- with its own) has a screening_lists row whose version bumps on every edit,
-- so the compiled matcher is cached per (place, version).

CREATE TABLE screening_lists (
    place_id         INTEGER PRIMARY KEY REFERENCES places(id),
    district_id      INTEGER NOT NULL,
    min_cosigners    INTEGER NOT NULL DEFAULT 3 CHECK (min_cosigners BETWEEN 1 AND 100),
    version          BIGINT  NOT NULL DEFAULT 1,
    updated_at       BIGINT  NOT NULL
);

-- The encouraged list: categories a proposal may go straight to deliberation in.
CREATE TABLE screening_categories (
    id               INTEGER PRIMARY KEY,
    place_id         INTEGER NOT NULL REFERENCES screening_lists(place_id),
    district_id      INTEGER NOT NULL,
    name             TEXT    NOT NULL,
    position         INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX screening_categories_name ON screening_categories (place_id, name);

-- The negative list: items that cannot be proposals, each with the words that
-- reveal it (one per line) and the explanation the author is shown.
CREATE TABLE screening_items (
    id               INTEGER PRIMARY KEY,
    place_id         INTEGER NOT NULL REFERENCES screening_lists(place_id),
    district_id      INTEGER NOT NULL,
    name             TEXT    NOT NULL,
    words            TEXT    NOT NULL,
    explanation      TEXT    NOT NULL,
    position         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX screening_items_place ON screening_items (place_id, position, id);

-- Registered groups (resident groups, party branches, volunteer teams) that may
-- make organizational proposals, and the people who may speak for them.
CREATE TABLE resident_groups (
    id               INTEGER PRIMARY KEY,
    district_id      INTEGER NOT NULL,
    neighborhood_id  INTEGER NOT NULL REFERENCES places(id),
    kind             TEXT    NOT NULL CHECK (kind IN ('resident_group','party_branch','volunteer_team')),
    name             TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL
);
CREATE UNIQUE INDEX resident_groups_name ON resident_groups (neighborhood_id, name);

CREATE TABLE resident_group_speakers (
    group_id         INTEGER NOT NULL REFERENCES resident_groups(id),
    user_id          INTEGER NOT NULL REFERENCES users(id),
    district_id      INTEGER NOT NULL,
    PRIMARY KEY (group_id, user_id)
);

CREATE TABLE proposals (
    id               INTEGER PRIMARY KEY,
    district_id      INTEGER NOT NULL,
    neighborhood_id  INTEGER NOT NULL REFERENCES places(id),
    kind             TEXT    NOT NULL CHECK (kind IN ('individual','joint','organizational')),
    title            TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    category         TEXT    NOT NULL DEFAULT '',
    author_id        INTEGER NOT NULL REFERENCES users(id),
    group_id         INTEGER REFERENCES resident_groups(id),
    state            TEXT    NOT NULL CHECK (state IN ('draft','submitted','returned','rejected','accepted','deliberated','adopted','not_adopted')),
    -- Screening: the negative-list item matched (returned at once), or the
    -- cadre's reason for returning or rejecting.
    screen_item      TEXT    NOT NULL DEFAULT '',
    screen_word      TEXT    NOT NULL DEFAULT '',
    screen_note      TEXT    NOT NULL DEFAULT '',
    needs_review     INTEGER NOT NULL DEFAULT 0,
    -- Deliberation and outcome: the meeting, the reason for not adopting, the
    -- project it became, and the feedback the author and co-signers get.
    meeting_id       BIGINT,
    outcome_note     TEXT    NOT NULL DEFAULT '',
    project_id       INTEGER REFERENCES projects(id),
    cosigner_count   INTEGER NOT NULL DEFAULT 0,
    support_count    INTEGER NOT NULL DEFAULT 0,
    follower_count   INTEGER NOT NULL DEFAULT 0,
    submitted_at     BIGINT,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL,
    version          BIGINT  NOT NULL DEFAULT 1,
    CHECK ((kind = 'organizational') = (group_id IS NOT NULL))
);
CREATE INDEX proposals_hood_state ON proposals (neighborhood_id, state, id);
CREATE INDEX proposals_hood ON proposals (neighborhood_id, id);
CREATE INDEX proposals_author ON proposals (author_id, id);
-- The cadre's queue: submitted proposals outside the encouraged list.
CREATE INDEX proposals_review ON proposals (neighborhood_id, id) WHERE state = 'submitted';
CREATE UNIQUE INDEX proposals_project ON proposals (project_id) WHERE project_id IS NOT NULL;

-- Co-signers of a joint proposal: invited by the author, counted once accepted.
CREATE TABLE proposal_cosigners (
    proposal_id      INTEGER NOT NULL REFERENCES proposals(id),
    user_id          INTEGER NOT NULL REFERENCES users(id),
    district_id      INTEGER NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('invited','accepted','declined')),
    invited_at       BIGINT  NOT NULL,
    answered_at      BIGINT,
    PRIMARY KEY (proposal_id, user_id)
);
CREATE INDEX proposal_cosigners_user ON proposal_cosigners (user_id, state, proposal_id);

-- One support per resident, by the primary key.
CREATE TABLE proposal_supports (
    proposal_id      INTEGER NOT NULL REFERENCES proposals(id),
    user_id          INTEGER NOT NULL REFERENCES users(id),
    district_id      INTEGER NOT NULL,
    created_at       BIGINT  NOT NULL,
    PRIMARY KEY (proposal_id, user_id)
);

CREATE TABLE proposal_followers (
    proposal_id      INTEGER NOT NULL REFERENCES proposals(id),
    user_id          INTEGER NOT NULL REFERENCES users(id),
    district_id      INTEGER NOT NULL,
    created_at       BIGINT  NOT NULL,
    PRIMARY KEY (proposal_id, user_id)
);

CREATE TABLE proposal_events (
    id               INTEGER PRIMARY KEY,
    proposal_id      INTEGER NOT NULL REFERENCES proposals(id),
    district_id      INTEGER NOT NULL,
    actor_id         INTEGER REFERENCES users(id),
    action           TEXT    NOT NULL,
    from_state       TEXT    NOT NULL DEFAULT '',
    to_state         TEXT    NOT NULL DEFAULT '',
    note             TEXT    NOT NULL DEFAULT '',
    created_at       BIGINT  NOT NULL
);
CREATE INDEX proposal_events_proposal ON proposal_events (proposal_id, id);

-- Councils (议事会): one per neighborhood.
CREATE TABLE councils (
    id               INTEGER PRIMARY KEY,
    district_id      INTEGER NOT NULL,
    neighborhood_id  INTEGER NOT NULL UNIQUE REFERENCES places(id),
    name             TEXT    NOT NULL,
    meeting_count    INTEGER NOT NULL DEFAULT 0,
    open_actions     INTEGER NOT NULL DEFAULT 0,
    created_at       BIGINT  NOT NULL
);

-- Elections held for the council, with how and the result.
CREATE TABLE council_elections (
    id               INTEGER PRIMARY KEY,
    council_id       INTEGER NOT NULL REFERENCES councils(id),
    district_id      INTEGER NOT NULL,
    held_on          BIGINT  NOT NULL,
    note             TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL
);
CREATE INDEX council_elections_council ON council_elections (council_id, held_on);

CREATE TABLE council_members (
    id               INTEGER PRIMARY KEY,
    council_id       INTEGER NOT NULL REFERENCES councils(id),
    district_id      INTEGER NOT NULL,
    user_id          INTEGER NOT NULL REFERENCES users(id),
    role             TEXT    NOT NULL CHECK (role IN ('chair','vice_chair','building_leader','resident_rep','unit_rep')),
    unit_id          INTEGER REFERENCES units(id),
    election_id      INTEGER REFERENCES council_elections(id),
    term_start       BIGINT  NOT NULL,
    term_end         BIGINT  NOT NULL,
    CHECK (term_end > term_start)
);
CREATE INDEX council_members_council ON council_members (council_id, term_end);
CREATE INDEX council_members_user ON council_members (user_id, council_id);

CREATE TABLE meetings (
    id               INTEGER PRIMARY KEY,
    council_id       INTEGER NOT NULL REFERENCES councils(id),
    district_id      INTEGER NOT NULL,
    neighborhood_id  INTEGER NOT NULL REFERENCES places(id),
    title            TEXT    NOT NULL,
    starts_at        BIGINT  NOT NULL,
    mode             TEXT    NOT NULL CHECK (mode IN ('in_person','online','both')),
    location         TEXT    NOT NULL DEFAULT '',
    online_link      TEXT    NOT NULL DEFAULT '',
    minutes          TEXT    NOT NULL DEFAULT '',
    minutes_at       BIGINT,
    attendance_count INTEGER NOT NULL DEFAULT 0,
    invited_count    INTEGER NOT NULL DEFAULT 0,
    decision_count   INTEGER NOT NULL DEFAULT 0,
    action_count     INTEGER NOT NULL DEFAULT 0,
    created_by       INTEGER NOT NULL REFERENCES users(id),
    created_at       BIGINT  NOT NULL
);
CREATE INDEX meetings_council ON meetings (council_id, starts_at, id);

-- Agenda items name a proposal, case, project or open action item by id (they
-- live in other migrations or tables, hence no foreign key), or just a title.
CREATE TABLE meeting_agenda (
    id               INTEGER PRIMARY KEY,
    meeting_id       INTEGER NOT NULL REFERENCES meetings(id),
    district_id      INTEGER NOT NULL,
    position         INTEGER NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('proposal','case','project','action','other')),
    ref_id           BIGINT,
    title            TEXT    NOT NULL,
    private          INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX meeting_agenda_position ON meeting_agenda (meeting_id, position);

CREATE TABLE meeting_invitations (
    meeting_id       INTEGER NOT NULL REFERENCES meetings(id),
    user_id          INTEGER NOT NULL REFERENCES users(id),
    district_id      INTEGER NOT NULL,
    created_at       BIGINT  NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
);

-- Sign-in: one row per person and meeting.
CREATE TABLE meeting_attendance (
    meeting_id       INTEGER NOT NULL REFERENCES meetings(id),
    user_id          INTEGER NOT NULL REFERENCES users(id),
    district_id      INTEGER NOT NULL,
    signed_by        INTEGER NOT NULL REFERENCES users(id),
    signed_at        BIGINT  NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
);

CREATE TABLE meeting_decisions (
    id               INTEGER PRIMARY KEY,
    meeting_id       INTEGER NOT NULL REFERENCES meetings(id),
    district_id      INTEGER NOT NULL,
    agenda_id        INTEGER REFERENCES meeting_agenda(id),
    body             TEXT    NOT NULL,
    votes_for        INTEGER NOT NULL DEFAULT 0 CHECK (votes_for >= 0),
    votes_against    INTEGER NOT NULL DEFAULT 0 CHECK (votes_against >= 0),
    votes_abstain    INTEGER NOT NULL DEFAULT 0 CHECK (votes_abstain >= 0),
    private          INTEGER NOT NULL DEFAULT 0,
    created_at       BIGINT  NOT NULL
);
CREATE INDEX meeting_decisions_meeting ON meeting_decisions (meeting_id, id);

-- Action items, followed until done; overdue ones remind their owner once.
CREATE TABLE action_items (
    id               INTEGER PRIMARY KEY,
    council_id       INTEGER NOT NULL REFERENCES councils(id),
    meeting_id       INTEGER NOT NULL REFERENCES meetings(id),
    district_id      INTEGER NOT NULL,
    title            TEXT    NOT NULL,
    owner_id         INTEGER NOT NULL REFERENCES users(id),
    due_at           BIGINT  NOT NULL,
    done_at          BIGINT,
    private          INTEGER NOT NULL DEFAULT 0,
    progress_count   INTEGER NOT NULL DEFAULT 0,
    reminded_at      BIGINT,
    created_at       BIGINT  NOT NULL
);
CREATE INDEX action_items_meeting ON action_items (meeting_id, id);
CREATE INDEX action_items_open ON action_items (council_id, due_at, id) WHERE done_at IS NULL;
CREATE INDEX action_items_overdue ON action_items (due_at) WHERE done_at IS NULL AND reminded_at IS NULL;

CREATE TABLE action_progress (
    id               INTEGER PRIMARY KEY,
    action_id        INTEGER NOT NULL REFERENCES action_items(id),
    district_id      INTEGER NOT NULL,
    author_id        INTEGER NOT NULL REFERENCES users(id),
    body             TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL
);
CREATE INDEX action_progress_action ON action_progress (action_id, id);

-- Inbox entries about proposals and meetings carry the page they lead to.
ALTER TABLE notifications ADD COLUMN link TEXT NOT NULL DEFAULT '';
