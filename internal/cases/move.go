package cases

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// MoveInput is what a move carries besides its action.
type MoveInput struct {
	// Version is the version the actor saw; 0 takes the current one. Either
	// way the update only lands on the version read in the transaction.
	Version int64
	Note    string
	Photos  []Photo
	// Assign: the lead unit (0 = the committee itself), co-handlers, a person.
	LeadUnitID int64
	CoUnitIDs  []int64
	AssigneeID int64
	// Confirm: the reporter's rating, 1-5, and comment.
	Rating  int
	Comment string
	// HeldWord is the sensitive word the note or comment matched: the event's
	// text (and a confirmation's comment on the case) is held from the
	// neighborhood's view until a cadre releases it.
	HeldWord string
	// Also runs inside the move's transaction after the event is written
	// (audit rows, inbox entries), so they commit or roll back with it.
	Also func(ctx context.Context, q db.Querier, c *Case, e *Event) error
}

// check validates the input an action needs. Errors: invalid.
func (in *MoveInput) check(action Action) error {
	note, err := checkNote(in.Note, action == Return || action == Reopen)
	if err != nil {
		return err
	}
	in.Note = note
	if len(in.Photos) > MaxPhotos {
		return errs.Field("photos", "board.too_many_photos", MaxPhotos)
	}
	switch action {
	case Confirm:
		if in.Rating < 1 || in.Rating > 5 {
			return errs.Field("rating", "cases.bad_rating")
		}
		in.Comment = strings.TrimSpace(in.Comment)
		if utf8.RuneCountInString(in.Comment) > MaxNoteRunes {
			return errs.Field("comment", "error.too_long", MaxNoteRunes)
		}
	case Assign:
		seen := map[int64]bool{in.LeadUnitID: true}
		for _, u := range in.CoUnitIDs {
			if u <= 0 || seen[u] {
				return errs.Field("co_units", "cases.bad_handlers")
			}
			seen[u] = true
		}
	}
	return nil
}

// Move takes one action on a case: it reads the case, asks Check, and then
// writes the row only if its version is still the one read (version+1),
// rewrites the handlers on assignment, and writes the timeline event, in one
// transaction. The read happens before the transaction, on the read pool, so
// that the shared committer (db.GroupTx) only pays for the writes; when the
// version moved in between, Move reads again and asks Check again. Errors:
// invalid, forbidden, not_found, conflict (not from this state, or someone
// moved it first).
func (s *Store) Move(ctx context.Context, id int64, by Actor, action Action, in MoveInput) (*Case, error) {
	if _, ok := transitions[action]; !ok {
		return nil, errs.Field("action", "cases.bad_action")
	}
	if err := in.check(action); err != nil {
		return nil, err
	}
	for attempt := 1; ; attempt++ {
		c, err := s.getIn(ctx, s.DB, `c.id = ?`, id)
		if err != nil {
			return nil, err
		}
		if in.Version != 0 && in.Version != c.Version {
			return nil, errs.New(errs.Conflict, "cases.changed")
		}
		now := s.Now()
		if err := s.Check(c, by, action, now); err != nil {
			return nil, err
		}
		from, seen := c.State, c.Version
		s.apply(c, action, &in, now)
		// Moves are small and come from many desks at once: they share
		// commits, so a refused move undoes only itself and an acknowledged
		// one is durable.
		err = s.DB.GroupTx(ctx, func(tx *db.Tx) error { return s.moveIn(ctx, tx, c, by, action, &in, from, seen, now) })
		if errors.Is(err, errStale) {
			if in.Version == 0 && attempt < 3 {
				continue // someone moved it since the read: decide again
			}
			return nil, errs.New(errs.Conflict, "cases.changed")
		}
		if err != nil {
			return nil, err
		}
		return c, nil
	}
}

// errStale is moveIn's answer when the case is no longer at the version read.
var errStale = errors.New("cases: moved since read")

// moveIn writes a move that Check allowed on c (read at version seen, then
// changed by apply): the row, the handlers, the event and what in.Also adds.
// It leaves c and in as it found them but for the new version, since a group
// unit may run twice.
func (s *Store) moveIn(ctx context.Context, tx *db.Tx, c *Case, by Actor, action Action, in *MoveInput, from State, seen int64, now time.Time) error {
	unit := by.UnitID
	if action == Assign {
		unit = c.LeadUnitID
	}
	note := in.Note
	if action == Confirm && in.Comment != "" && note == "" {
		note = in.Comment
	}
	e := &Event{CaseID: c.ID, ActorID: by.UserID, Kind: string(action), From: from, To: c.State, Note: note, UnitID: unit,
		Photos: in.Photos, CreatedAt: now, HeldWord: in.HeldWord}
	respond, respondMS, resolve, resolveMS := s.workTimes(c, action, now)
	args := []any{c.State, c.Level, nullID(c.LeadUnitID), nullID(c.AssigneeID), ms(c.RespondBy), ms(c.ResolveBy), ms(c.DueAt),
		ms(c.AcknowledgedAt), ms(c.ResolvedAt), ms(c.ClosedAt), c.Rating, c.RatingComment, c.Reopens,
		respond, respondMS, resolve, resolveMS, now.UnixMilli(), c.ID, seen}
	if tx.Dialect() == db.Postgres {
		// One round trip: the event is inserted from the updated row, so
		// no row (a stale version) means neither was written.
		err := tx.QueryRowContext(ctx, `WITH moved AS (`+moveUpdate+` RETURNING id, district_id)
			INSERT INTO case_events (case_id, district_id, actor_id, kind, from_state, to_state, note, unit_id, photo_count, created_at, held_word)
			SELECT id, district_id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM moved RETURNING id`,
			append(args, nullID(e.ActorID), e.Kind, e.From, e.To, e.Note, nullID(e.UnitID), len(e.Photos), now.UnixMilli(), e.HeldWord)...).Scan(&e.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return errStale
		}
		if err != nil {
			return errs.Internalf("cases: move %s: %w", action, err)
		}
		if err := s.addEventPhotos(ctx, tx, e, c.DistrictID); err != nil {
			return err
		}
	} else {
		res, err := tx.ExecContext(ctx, moveUpdate, args...)
		if err != nil {
			return errs.Internalf("cases: move %s: %w", action, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errStale
		}
		if err := s.AddEvent(ctx, tx, e, c.DistrictID); err != nil {
			return err
		}
	}
	c.Version = seen + 1
	s.changed(tx)
	if action == Assign {
		if err := s.setHandlers(ctx, tx, c, in.CoUnitIDs, now); err != nil {
			return err
		}
	}
	if action == Confirm && in.HeldWord != "" && in.Comment != "" {
		if err := s.hold(ctx, tx, c, in.HeldWord); err != nil {
			return err
		}
	}
	if in.Also != nil {
		return in.Also(ctx, tx, c, e)
	}
	return nil
}

// moveUpdate writes a move's row, guarded by the version it was read at; the
// working times are set the first time the case is acknowledged and each time
// it is resolved (cleared on reopen).
const moveUpdate = `UPDATE cases SET state = ?, level = ?, lead_unit_id = ?, assignee_id = ?, respond_by = ?,
	resolve_by = ?, due_at = ?, acknowledged_at = ?, resolved_at = ?, closed_at = ?, rating = ?, rating_comment = ?, reopens = ?,
	respond_work_ms = CASE WHEN CAST(? AS INTEGER) = 1 AND respond_work_ms IS NULL THEN CAST(? AS BIGINT) ELSE respond_work_ms END,
	resolve_work_ms = CASE CAST(? AS INTEGER) WHEN 1 THEN CAST(? AS BIGINT) WHEN 2 THEN NULL ELSE resolve_work_ms END,
	updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`

// apply changes c as action does; Check has allowed it.
func (s *Store) apply(c *Case, action Action, in *MoveInput, now time.Time) {
	if to := transitions[action].to; to != "" {
		c.State = to
	}
	c.UpdatedAt = now
	switch action {
	case Acknowledge:
		if c.AcknowledgedAt.IsZero() {
			c.AcknowledgedAt = now
		}
	case Assign:
		c.LeadUnitID, c.AssigneeID = in.LeadUnitID, in.AssigneeID
	case Resolve:
		c.ResolvedAt = now
	case Confirm:
		c.ClosedAt, c.Rating, c.RatingComment = now, in.Rating, in.Comment
	case AutoClose:
		c.ClosedAt = now
	case Reopen:
		c.Reopens++
		c.ResolvedAt, c.ClosedAt, c.Rating, c.RatingComment = time.Time{}, time.Time{}, 0, ""
		if s.Deadlines != nil {
			c.RespondBy, c.ResolveBy = s.Deadlines(c)
		}
	case Escalate:
		c.Level = nextLevel[c.Level]
	}
	c.DueAt = c.dueAt()
}

// setHandlers makes the case's handlers the lead unit and the co-handlers.
func (s *Store) setHandlers(ctx context.Context, tx *db.Tx, c *Case, co []int64, now time.Time) error {
	if tx.Dialect() == db.Postgres {
		// One statement: drop the units no longer handling it, upsert the
		// others (disjoint rows, so the two parts cannot collide).
		units := append([]int64{c.LeadUnitID}, co...)
		_, err := tx.ExecContext(ctx, `WITH gone AS (DELETE FROM case_handlers WHERE case_id = $1 AND unit_id <> ALL($2))
			INSERT INTO case_handlers (case_id, unit_id, district_id, role, created_at)
			SELECT $1, u.unit, $3, CASE WHEN u.n = 1 THEN 'lead' ELSE 'co' END, $4 FROM unnest(CAST($2 AS BIGINT[])) WITH ORDINALITY AS u(unit, n)
			ON CONFLICT (case_id, unit_id) DO UPDATE SET role = excluded.role, created_at = excluded.created_at`,
			c.ID, units, c.DistrictID, now.UnixMilli())
		if err != nil {
			return errs.Internalf("cases: set handlers: %w", err)
		}
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM case_handlers WHERE case_id = ?`, c.ID); err != nil {
		return errs.Internalf("cases: clear handlers: %w", err)
	}
	add := func(unit int64, role string) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO case_handlers (case_id, unit_id, district_id, role, created_at) VALUES (?, ?, ?, ?, ?)`,
			c.ID, unit, c.DistrictID, role, now.UnixMilli())
		if err != nil {
			return errs.Internalf("cases: add handler: %w", err)
		}
		return nil
	}
	if err := add(c.LeadUnitID, "lead"); err != nil {
		return err
	}
	for _, u := range co {
		if err := add(u, "co"); err != nil {
			return err
		}
	}
	return nil
}

// Rate records the reporter's rating of a case that closed without one (it
// auto-closed), as a public "rate" event. Errors: invalid, forbidden,
// not_found, conflict (not closed, or already rated).
func (s *Store) Rate(ctx context.Context, id int64, by Actor, rating int, comment, heldWord string) (*Case, error) {
	in := MoveInput{Rating: rating, Comment: comment}
	if err := in.check(Confirm); err != nil {
		return nil, err
	}
	var out *Case
	// Moves are small and come from many desks at once: they share commits
	// (db.GroupTx), each under its own savepoint, so a refused move undoes
	// only itself and an acknowledged one is durable.
	err := s.DB.GroupTx(ctx, func(tx *db.Tx) error {
		out = nil
		c, err := s.getIn(ctx, tx, `c.id = ?`, id)
		if err != nil {
			return err
		}
		if by.UserID == 0 || by.UserID != c.ReporterID {
			return errs.New(errs.Forbidden, "cases.not_your_move")
		}
		if c.State != Closed || c.Rating != 0 {
			return errs.New(errs.Conflict, "cases.bad_move")
		}
		now := s.Now()
		res, err := tx.ExecContext(ctx, `UPDATE cases SET rating = ?, rating_comment = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`, in.Rating, in.Comment, now.UnixMilli(), id, c.Version)
		if err != nil {
			return errs.Internalf("cases: rate: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.Conflict, "cases.changed")
		}
		c.Rating, c.RatingComment, c.UpdatedAt, c.Version = in.Rating, in.Comment, now, c.Version+1
		out = c
		if heldWord != "" && in.Comment != "" {
			if err := s.hold(ctx, tx, c, heldWord); err != nil {
				return err
			}
		}
		return s.AddEvent(ctx, tx, &Event{CaseID: id, ActorID: by.UserID, Kind: KindRate, From: c.State, To: c.State, Note: in.Comment,
			CreatedAt: now, HeldWord: heldWord}, c.DistrictID)
	})
	return out, err
}
