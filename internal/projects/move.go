package projects

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// MaxReasonRunes bounds a drop reason or a move's note.
const MaxReasonRunes = 500

// MoveInput is what a move carries besides its action.
type MoveInput struct {
	// Version is the version the mover saw; 0 takes the current one. Either
	// way the update lands only on the version read in the transaction.
	Version int64
	// Note explains the move; dropping needs one (the reason).
	Note    string
	ActorID int64 // 0 for a poll
	PollID  int64 // the poll that made the move, if one did
}

// Moved is the outcome of a move: the project after it and the state before.
type Moved struct {
	Project *Project
	From    State
}

// Move takes action on project id inside tx, after Check and, for Start, the
// funding gate; it bumps the version and writes the timeline event. Errors:
// not_found, invalid, forbidden, conflict (wrong state, unapproved funding,
// or changed by someone else since in.Version).
func (s *Store) Move(ctx context.Context, tx *db.Tx, id int64, by Mover, action Action, in MoveInput) (*Moved, error) {
	in.Note = strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(in.Note) > MaxReasonRunes {
		return nil, errs.Field("note", "error.too_long", MaxReasonRunes)
	}
	if action == Drop && in.Note == "" {
		return nil, errs.Field("note", "projects.reason_required")
	}
	p, err := s.project(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := Check(p.State, by, action); err != nil {
		return nil, err
	}
	if action == Start {
		if err := s.fundingReady(ctx, tx, p); err != nil {
			return nil, err
		}
	}
	version := in.Version
	if version == 0 {
		version = p.Version
	}
	to := transitions[action].to
	reason := ""
	if action == Drop {
		reason = in.Note
	}
	res, err := tx.ExecContext(ctx, `UPDATE projects SET state = ?, drop_reason = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND version = ?`, to, reason, s.Now().UnixMilli(), p.ID, version)
	if err != nil {
		return nil, errs.Internalf("projects: move: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, errs.New(errs.Conflict, "projects.changed_meanwhile")
	}
	if err := s.event(ctx, tx, p, Event{Kind: KindMoved, ActorID: in.ActorID, FromState: p.State, ToState: to, Note: in.Note,
		PollID: in.PollID}); err != nil {
		return nil, err
	}
	after, err := s.project(ctx, tx, p.ID)
	if err != nil {
		return nil, err
	}
	return &Moved{Project: after, From: p.State}, nil
}

// Select moves the winners of a closed tick-list poll to selected, inside
// the poll's closing transaction. A winner the table does not let a poll
// select (already selected, dropped meanwhile) is left as it is, so closing
// twice changes nothing; Select returns the projects it moved.
func (s *Store) Select(ctx context.Context, tx *db.Tx, pollID int64, ids []int64) ([]*Moved, error) {
	var out []*Moved
	for _, id := range ids {
		p, err := s.project(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if Check(p.State, Poll, Select) != nil {
			continue
		}
		m, err := s.Move(ctx, tx, id, Poll, Select, MoveInput{Version: p.Version, PollID: pollID})
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}
