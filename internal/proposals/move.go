package proposals

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// MoveInput is what a move carries besides its action.
type MoveInput struct {
	// Version is the version the mover saw; 0 takes the current one. Either
	// way the update lands only on the version read in the transaction.
	Version int64
	// Note is the reason (returning, rejecting, not adopting) or the
	// feedback to the author and co-signers (adopting).
	Note      string
	ActorID   int64
	MeetingID int64 // Deliberate: the meeting that decided
	ProjectID int64 // Adopt: the project it became
	// Item and Word are the negative-list entry a screening return matched.
	Item, Word string
}

// Moved is the outcome of a move: the proposal after it and the state before.
type Moved struct {
	Proposal *Proposal
	From     State
}

// Move takes action on proposal id inside tx after Check; it bumps the
// version and writes the timeline event. Errors: not_found, invalid,
// forbidden, conflict (wrong state, or changed since in.Version).
func (s *Store) Move(ctx context.Context, tx *db.Tx, id int64, by Mover, action Action, in MoveInput) (*Moved, error) {
	in.Note = strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(in.Note) > MaxReasonRunes {
		return nil, errs.Field("note", "error.too_long", MaxReasonRunes)
	}
	if NeedsReason(action) && in.Note == "" && in.Item == "" {
		return nil, errs.Field("note", "proposals.reason_required")
	}
	if action == Adopt && in.ProjectID == 0 {
		return nil, errs.Field("project_id", "proposals.project_required")
	}
	p, err := s.proposal(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := Check(p.State, by, action); err != nil {
		return nil, err
	}
	version := in.Version
	if version == 0 {
		version = p.Version
	}
	to := Target(action)
	set, args := `state = ?, updated_at = ?, version = version + 1`, []any{to, s.Now().UnixMilli()}
	switch action {
	case Submit:
		set += `, submitted_at = ?, screen_item = '', screen_word = '', screen_note = '', needs_review = 0`
		args = append(args, s.Now().UnixMilli())
	case Accept:
		set += `, needs_review = 0`
	case Return, Reject:
		set += `, screen_item = ?, screen_word = ?, screen_note = ?, needs_review = 0`
		args = append(args, in.Item, in.Word, in.Note)
	case Deliberate:
		set += `, meeting_id = ?`
		args = append(args, nullable(in.MeetingID))
	case Adopt:
		set += `, project_id = ?, outcome_note = ?`
		args = append(args, in.ProjectID, in.Note)
	case NotAdopt:
		set += `, outcome_note = ?`
		args = append(args, in.Note)
	}
	res, err := tx.ExecContext(ctx, `UPDATE proposals SET `+set+` WHERE id = ? AND version = ?`, append(args, p.ID, version)...)
	if db.IsUniqueViolation(err) {
		return nil, errs.Field("project_id", "proposals.project_taken")
	}
	if err != nil {
		return nil, errs.Internalf("proposals: move: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, errs.New(errs.Conflict, "proposals.changed_meanwhile")
	}
	note := in.Note
	if in.Item != "" {
		note = in.Item
	}
	if err := s.event(ctx, tx, p, Event{ActorID: in.ActorID, Action: action, FromState: p.State, ToState: to, Note: note}); err != nil {
		return nil, err
	}
	after, err := s.proposal(ctx, tx, p.ID)
	if err != nil {
		return nil, err
	}
	return &Moved{Proposal: after, From: p.State}, nil
}

// Submission is the outcome of a submission: the proposal after screening
// and what screening said.
type Submission struct {
	Proposal *Proposal
	Verdict  Verdict
}

// Submit hands a draft or returned proposal in, by its author, and screens
// it at once against the lists in force at its neighborhood: a match on the
// negative list returns it with the item and its explanation; a clean one in
// an encouraged category is accepted; a clean one outside goes to a cadre's
// review queue (stays submitted). A joint proposal needs the place's minimum
// of accepted co-signers first. Errors: not_found, forbidden (not the
// author), conflict (wrong state, too few co-signers, changed meanwhile).
func (s *Store) Submit(ctx context.Context, tx *db.Tx, at Place, id, author, version int64) (*Submission, error) {
	p, err := s.proposal(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if p.AuthorID != author {
		return nil, errs.New(errs.Forbidden, "proposals.not_author")
	}
	sc, err := s.screener(ctx, tx, at)
	if err != nil {
		return nil, err
	}
	if p.Kind == Joint && p.CosignerCount < sc.Lists.MinCosigners {
		return nil, errs.New(errs.Conflict, "proposals.too_few_cosigners", sc.Lists.MinCosigners, p.CosignerCount)
	}
	if p.Kind == Organizational {
		if err := s.checkSpeaker(ctx, tx, p.NeighborhoodID, p.GroupID, author); err != nil {
			return nil, err
		}
	}
	m, err := s.Move(ctx, tx, id, Author, Submit, MoveInput{Version: version, ActorID: author})
	if err != nil {
		return nil, err
	}
	v := sc.Screen(p.Title, p.Body, p.Category)
	switch {
	case v.Item != nil:
		m, err = s.Move(ctx, tx, id, Screening, Return, MoveInput{Item: v.Item.Name, Word: v.Word, Note: v.Item.Explanation})
	case v.Encouraged:
		m, err = s.Move(ctx, tx, id, Screening, Accept, MoveInput{})
	default:
		if _, err = tx.ExecContext(ctx, `UPDATE proposals SET needs_review = 1 WHERE id = ?`, id); err == nil {
			m.Proposal.NeedsReview = true
		}
	}
	if err != nil {
		return nil, err
	}
	return &Submission{Proposal: m.Proposal, Verdict: v}, nil
}
