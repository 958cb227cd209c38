// Package proposals is what residents put forward for their neighborhood to
// decide (提案): individual, joint (co-signed by neighbors) or organizational
// (on behalf of a registered group), screened against the neighborhood's
// encouraged and negative lists, deliberated by its council, and adopted as a
// project or not, with the reason fed back to the author and co-signers.
package proposals

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Kind is who puts a proposal forward.
type Kind string

// The kinds.
const (
	Individual     Kind = "individual"     // 个人提案
	Joint          Kind = "joint"          // 联名提案: co-signed by neighbors
	Organizational Kind = "organizational" // 组织提案: on behalf of a registered group
)

// Kinds lists the kinds in the order forms offer them.
var Kinds = []Kind{Individual, Joint, Organizational}

// State is where a proposal stands.
type State string

// The states, in the order a proposal passes through them.
const (
	Draft       State = "draft"       // 草稿: the author is writing; co-signers are invited
	Submitted   State = "submitted"   // 已提交: outside the encouraged list, waiting for a cadre's review
	Returned    State = "returned"    // 退回修改: matched the negative list or returned by a cadre; the author may revise
	Rejected    State = "rejected"    // 不予受理, with the reason
	Accepted    State = "accepted"    // 已受理: on the way to the council
	Deliberated State = "deliberated" // 已协商: the council has decided on it
	Adopted     State = "adopted"     // 已采纳: became a project
	NotAdopted  State = "not_adopted" // 未采纳, with the reason
)

// States lists every state in order, for list pages.
var States = []State{Draft, Submitted, Returned, Rejected, Accepted, Deliberated, Adopted, NotAdopted}

// Proposal is one proposal with its counters and the names pages show.
type Proposal struct {
	ID             int64
	DistrictID     int64
	NeighborhoodID int64
	Kind           Kind
	Title          string
	Body           string
	Category       string
	AuthorID       int64
	AuthorNickname string
	GroupID        int64
	GroupName      string
	State          State
	// ScreenItem and ScreenWord are the negative-list item a submission
	// matched and the word that revealed it; ScreenNote is a cadre's reason
	// for returning or rejecting.
	ScreenItem    string
	ScreenWord    string
	ScreenNote    string
	NeedsReview   bool
	MeetingID     int64
	OutcomeNote   string
	ProjectID     int64
	CosignerCount int
	SupportCount  int
	FollowerCount int
	SubmittedAt   time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Version       int64
}

// Place is where a proposal is made: its neighborhood, the street above it
// (whose screening lists are the defaults) and the district.
type Place struct{ DistrictID, StreetID, NeighborhoodID int64 }

// Store keeps proposals, their screening lists and resident groups.
type Store struct {
	DB     *db.DB
	Now    func() time.Time
	screen screenCache
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{DB: d, Now: time.Now} }

const proposalCols = `p.id, p.district_id, p.neighborhood_id, p.kind, p.title, p.body, p.category, p.author_id, COALESCE(u.nickname, ''),
	COALESCE(p.group_id, 0), COALESCE(g.name, ''), p.state, p.screen_item, p.screen_word, p.screen_note, p.needs_review,
	COALESCE(p.meeting_id, 0), p.outcome_note, COALESCE(p.project_id, 0), p.cosigner_count, p.support_count, p.follower_count,
	COALESCE(p.submitted_at, 0), p.created_at, p.updated_at, p.version`

const proposalFrom = ` FROM proposals p LEFT JOIN users u ON u.id = p.author_id LEFT JOIN resident_groups g ON g.id = p.group_id`

func scanProposal(row interface{ Scan(...any) error }) (*Proposal, error) {
	var p Proposal
	var review int
	var submitted, created, updated int64
	err := row.Scan(&p.ID, &p.DistrictID, &p.NeighborhoodID, &p.Kind, &p.Title, &p.Body, &p.Category, &p.AuthorID, &p.AuthorNickname,
		&p.GroupID, &p.GroupName, &p.State, &p.ScreenItem, &p.ScreenWord, &p.ScreenNote, &review, &p.MeetingID, &p.OutcomeNote,
		&p.ProjectID, &p.CosignerCount, &p.SupportCount, &p.FollowerCount, &submitted, &created, &updated, &p.Version)
	if err != nil {
		return nil, err
	}
	p.NeedsReview = review != 0
	if submitted != 0 {
		p.SubmittedAt = time.UnixMilli(submitted)
	}
	p.CreatedAt, p.UpdatedAt = time.UnixMilli(created), time.UnixMilli(updated)
	return &p, nil
}

// Proposal returns one proposal. Errors: not_found.
func (s *Store) Proposal(ctx context.Context, id int64) (*Proposal, error) {
	return s.proposal(ctx, s.DB, id)
}

// proposal reads through q, so a transaction sees its own writes.
func (s *Store) proposal(ctx context.Context, q db.Querier, id int64) (*Proposal, error) {
	p, err := scanProposal(q.QueryRowContext(ctx, `SELECT `+proposalCols+proposalFrom+` WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "proposals.not_found")
	}
	if err != nil {
		return nil, errs.Internalf("proposals: proposal %d: %w", id, err)
	}
	return p, nil
}

// Event is one entry of a proposal's timeline.
type Event struct {
	ID        int64
	ActorID   int64
	ActorName string
	Action    Action
	FromState State
	ToState   State
	Note      string
	CreatedAt time.Time
}

// event writes one timeline entry inside tx.
func (s *Store) event(ctx context.Context, tx *db.Tx, p *Proposal, e Event) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO proposal_events (proposal_id, district_id, actor_id, action, from_state, to_state, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, p.DistrictID, nullable(e.ActorID), e.Action, e.FromState, e.ToState, e.Note, s.Now().UnixMilli())
	if err != nil {
		return errs.Internalf("proposals: event: %w", err)
	}
	return nil
}

// Timeline lists a proposal's events, oldest first.
func (s *Store) Timeline(ctx context.Context, id int64) ([]Event, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT e.id, COALESCE(e.actor_id, 0), COALESCE(u.nickname, ''), e.action, e.from_state, e.to_state, e.note, e.created_at
		FROM proposal_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.proposal_id = ? ORDER BY e.id LIMIT 200`, id)
	if err != nil {
		return nil, errs.Internalf("proposals: timeline: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at int64
		if err := rows.Scan(&e.ID, &e.ActorID, &e.ActorName, &e.Action, &e.FromState, &e.ToState, &e.Note, &at); err != nil {
			return nil, errs.Internalf("proposals: scan event: %w", err)
		}
		e.CreatedAt = time.UnixMilli(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
