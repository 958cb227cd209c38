// Package polls is one poll engine for several kinds of decision: the tick
// list (居民打钩) over candidate projects, single- and multiple-choice
// questions, and the owners' assembly resolution (业主大会表决) counted by
// owners and by floor area under Civil Code art. 278.
//
// A poll's electorate is copied when it opens (poll_electors), so later
// changes to the roster cannot shift a vote. One counted ballot per voter is
// the primary key's job (poll_ballots (poll_id, voter_key)): the first
// recorded counts, from any channel, and a second is refused and kept in
// poll_rejects for review. Ballots move the counters on the poll and its
// options in their own transaction, shared with other ballots through
// db.GroupTx; Recount and Verify recompute everything from the ballots.
package polls

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Kind is what a poll asks.
type Kind string

// The kinds.
const (
	Tick     Kind = "tick"     // 打钩: tick between min and max candidates; ranked
	Single   Kind = "single"   // 单选
	Multiple Kind = "multiple" // 多选
	Assembly Kind = "assembly" // 业主大会表决: agree, oppose, abstain
)

// Kinds lists the kinds in the order forms show them.
var Kinds = []Kind{Tick, Single, Multiple, Assembly}

// State is where a poll stands.
type State string

// The states.
const (
	Draft  State = "draft"
	Open   State = "open"
	Closed State = "closed"
)

// Electorate says who votes.
type Electorate string

// The electorates.
const (
	Residents  Electorate = "residents"  // every verified resident
	Households Electorate = "households" // one ballot per household with a verified resident
	Owners     Electorate = "owners"     // one ballot per owned household, weighted by its floor area
)

// Channel is how a ballot reached the count.
type Channel string

// The channels.
const (
	Online Channel = "online"
	Paper  Channel = "paper" // a sheet with a serial number, entered by cadres
	Door   Channel = "door"  // 上门: recorded by a cadre with the voter's confirmation
)

// PaperCheck is how paper sheets are entered.
type PaperCheck string

// The paper checks.
const (
	DoubleEntry PaperCheck = "double" // two people enter each sheet; mismatches wait for review
	SingleEntry PaperCheck = "single" // one enters, another checks
)

// The options of an assembly resolution, by position.
const (
	Agree   = 0
	Oppose  = 1
	Abstain = 2
)

// MaxOptions bounds a poll's options: a ballot's choices are one 62-bit mask.
const MaxOptions = 40

// Poll is one poll with its counters.
type Poll struct {
	ID             int64
	DistrictID     int64
	NeighborhoodID int64
	Kind           Kind
	Title          string
	Description    string
	State          State
	Electorate     Electorate
	MinChoices     int
	MaxChoices     int
	OptionCount    int
	Winners        int  // tick lists: how many top candidates are selected
	Major          bool // assembly: a major matter needs 3/4
	Secret         bool // cadres see who voted, never how
	Live           bool // tallies shown while open
	PaperCheck     PaperCheck
	ProjectID      int64
	Commitment     string // the committee's commitment, published with the result
	OpensAt        time.Time
	ClosesAt       time.Time
	ElectorCount   int
	ElectorArea    int64
	BallotCount    int
	BallotArea     int64
	OnlineCount    int
	PaperCount     int
	DoorCount      int
	RejectCount    int
	ResultHash     string
	Outcome        string
	NoticeTopicID  int64
	CreatedBy      int64
	CreatedAt      time.Time
	ClosedAt       time.Time
}

// IsOpenAt reports whether ballots are taken at t.
func (p *Poll) IsOpenAt(t time.Time) bool {
	return p.State == Open && !t.Before(p.OpensAt) && t.Before(p.ClosesAt)
}

// Weighted reports whether the poll counts floor area too.
func (p *Poll) Weighted() bool { return p.Electorate == Owners }

// ResultsVisible reports whether counts may be shown now.
func (p *Poll) ResultsVisible() bool { return p.State == Closed || (p.State == Open && p.Live) }

// Option is one choice with its counters.
type Option struct {
	Position  int
	Label     string
	ProjectID int64
	Votes     int
	Area      int64
}

// Store keeps polls.
type Store struct {
	DB   *db.DB
	Now  func() time.Time
	open *openPolls // see Ballotable; nil caches nothing
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store {
	return &Store{DB: d, Now: time.Now, open: &openPolls{m: map[int64]openPoll{}}}
}

const pollCols = `id, district_id, neighborhood_id, kind, title, description, state, electorate, min_choices, max_choices, option_count, winners,
	major, secret, live, paper_check, COALESCE(project_id, 0), commitment, opens_at, closes_at, elector_count, elector_area,
	ballot_count, ballot_area, online_count, paper_count, door_count, reject_count, result_hash, outcome,
	COALESCE(notice_topic_id, 0), created_by, created_at, COALESCE(closed_at, 0)`

func scanPoll(row interface{ Scan(...any) error }) (*Poll, error) {
	var p Poll
	var opens, closes, created, closed int64
	err := row.Scan(&p.ID, &p.DistrictID, &p.NeighborhoodID, &p.Kind, &p.Title, &p.Description, &p.State, &p.Electorate,
		&p.MinChoices, &p.MaxChoices, &p.OptionCount, &p.Winners, &p.Major, &p.Secret, &p.Live, &p.PaperCheck, &p.ProjectID, &p.Commitment,
		&opens, &closes, &p.ElectorCount, &p.ElectorArea, &p.BallotCount, &p.BallotArea, &p.OnlineCount, &p.PaperCount,
		&p.DoorCount, &p.RejectCount, &p.ResultHash, &p.Outcome, &p.NoticeTopicID, &p.CreatedBy, &created, &closed)
	if err != nil {
		return nil, err
	}
	p.OpensAt, p.ClosesAt, p.CreatedAt = time.UnixMilli(opens), time.UnixMilli(closes), time.UnixMilli(created)
	if closed != 0 {
		p.ClosedAt = time.UnixMilli(closed)
	}
	return &p, nil
}

// Poll returns one poll. Errors: not_found.
func (s *Store) Poll(ctx context.Context, id int64) (*Poll, error) { return s.poll(ctx, s.DB, id) }

func (s *Store) poll(ctx context.Context, q db.Querier, id int64) (*Poll, error) {
	p, err := scanPoll(q.QueryRowContext(ctx, `SELECT `+pollCols+` FROM polls WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "polls.not_found")
	}
	if err != nil {
		return nil, errs.Internalf("polls: poll %d: %w", id, err)
	}
	return p, nil
}

// Options lists a poll's options with their counters, in position order.
func (s *Store) Options(ctx context.Context, pollID int64) ([]Option, error) {
	return s.options(ctx, s.DB, pollID)
}

func (s *Store) options(ctx context.Context, q db.Querier, pollID int64) ([]Option, error) {
	rows, err := q.QueryContext(ctx, `SELECT position, label, COALESCE(project_id, 0), votes, area FROM poll_options
		WHERE poll_id = ? ORDER BY position`, pollID)
	if err != nil {
		return nil, errs.Internalf("polls: options: %w", err)
	}
	defer rows.Close()
	var out []Option
	for rows.Next() {
		var o Option
		if err := rows.Scan(&o.Position, &o.Label, &o.ProjectID, &o.Votes, &o.Area); err != nil {
			return nil, errs.Internalf("polls: scan option: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// List returns a neighborhood's polls, newest first (at most 100).
func (s *Store) List(ctx context.Context, neighborhoodID int64) ([]*Poll, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+pollCols+` FROM polls WHERE neighborhood_id = ? ORDER BY id DESC LIMIT 100`, neighborhoodID)
	if err != nil {
		return nil, errs.Internalf("polls: list: %w", err)
	}
	defer rows.Close()
	var out []*Poll
	for rows.Next() {
		p, err := scanPoll(rows)
		if err != nil {
			return nil, errs.Internalf("polls: scan: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ByProject lists the polls linked to a project.
func (s *Store) ByProject(ctx context.Context, projectID int64) ([]*Poll, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+pollCols+` FROM polls WHERE project_id = ? ORDER BY id`, projectID)
	if err != nil {
		return nil, errs.Internalf("polls: by project: %w", err)
	}
	defer rows.Close()
	var out []*Poll
	for rows.Next() {
		p, err := scanPoll(rows)
		if err != nil {
			return nil, errs.Internalf("polls: scan: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
