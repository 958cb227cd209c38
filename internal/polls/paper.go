package polls

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// SheetState is where a paper sheet stands.
type SheetState string

// The sheet states.
const (
	SheetPending   SheetState = "pending"   // entered once: waits for the second entry or the check
	SheetMismatch  SheetState = "mismatch"  // the two entries differ: a cadre decides
	SheetCounted   SheetState = "counted"   // its ballot is counted
	SheetDuplicate SheetState = "duplicate" // its voter had voted already: kept with the rejects
	SheetVoid      SheetState = "void"      // set aside on review
)

// Sheet is one paper ballot sheet by its serial number.
type Sheet struct {
	Serial        string
	State         SheetState
	VoterKey      int64
	Choices       int64
	FirstBy       int64
	SecondKey     int64
	SecondChoices int64
	SecondBy      int64
	Receipt       string // set when this entry counted the ballot
}

// CheckSerial normalizes a sheet's serial number. Errors: invalid.
func CheckSerial(s string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" || utf8.RuneCountInString(s) > 32 {
		return "", errs.Field("serial", "polls.bad_serial")
	}
	return s, nil
}

// EnterSheet records one clerk's entry of a paper sheet. The first entry
// waits; under double entry a second clerk's entry that agrees counts the
// ballot and one that differs holds the sheet for review. Under single entry
// the sheet waits for CheckSheet. Errors: invalid, conflict (the same clerk
// twice, a sheet already decided, a closed poll).
func (s *Store) EnterSheet(ctx context.Context, p *Poll, serial string, voterKey int64, choices []int, by int64) (*Sheet, error) {
	serial, err := CheckSerial(serial)
	if err != nil {
		return nil, err
	}
	mask, err := Mask(p, p.OptionCount, choices)
	if err != nil {
		return nil, err
	}
	if !p.IsOpenAt(s.Now()) {
		return nil, errs.New(errs.Conflict, "polls.closed")
	}
	var out *Sheet
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		e, err := s.elector(ctx, tx, p.ID, voterKey)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO poll_sheets (poll_id, serial, state, voter_key, choices, first_by, created_at)
			VALUES (?, ?, 'pending', ?, ?, ?, ?) ON CONFLICT (poll_id, serial) DO NOTHING`, p.ID, serial, voterKey, mask, by, s.Now().UnixMilli())
		if err != nil {
			return errs.Internalf("polls: sheet: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			out = &Sheet{Serial: serial, State: SheetPending, VoterKey: voterKey, Choices: mask, FirstBy: by}
			return nil
		}
		sh, err := s.sheet(ctx, tx, p.ID, serial)
		if err != nil {
			return err
		}
		switch {
		case p.PaperCheck != DoubleEntry:
			return errs.New(errs.Conflict, "polls.sheet_entered")
		case sh.State != SheetPending || sh.SecondBy != 0:
			return errs.New(errs.Conflict, "polls.sheet_done")
		case sh.FirstBy == by:
			return errs.New(errs.Conflict, "polls.same_clerk")
		}
		sh.SecondKey, sh.SecondChoices, sh.SecondBy = voterKey, mask, by
		if sh.VoterKey != voterKey || sh.Choices != mask {
			sh.State = SheetMismatch
		} else if err := s.countSheet(ctx, tx, p, sh, e.Area, by); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE poll_sheets SET state = ?, second_key = ?, second_choices = ?, second_by = ?
			WHERE poll_id = ? AND serial = ?`, sh.State, voterKey, mask, by, p.ID, serial); err != nil {
			return errs.Internalf("polls: second entry: %w", err)
		}
		out = sh
		return nil
	})
	return out, err
}

// CheckSheet is the second person's check of a sheet entered once (single
// entry): it counts the ballot as entered. Errors: not_found, conflict.
func (s *Store) CheckSheet(ctx context.Context, p *Poll, serial string, by int64) (*Sheet, error) {
	return s.decideSheet(ctx, p, serial, by, SheetPending, 1)
}

// ResolveSheet is a cadre's decision on a mismatched sheet: count the first
// entry (pick 1), the second (pick 2), or set the sheet aside (pick 0).
// Errors: not_found, conflict, invalid.
func (s *Store) ResolveSheet(ctx context.Context, p *Poll, serial string, pick int, by int64) (*Sheet, error) {
	if pick < 0 || pick > 2 {
		return nil, errs.Field("pick", "polls.bad_pick")
	}
	return s.decideSheet(ctx, p, serial, by, SheetMismatch, pick)
}

func (s *Store) decideSheet(ctx context.Context, p *Poll, serial string, by int64, from SheetState, pick int) (*Sheet, error) {
	serial, err := CheckSerial(serial)
	if err != nil {
		return nil, err
	}
	if pick != 0 && !p.IsOpenAt(s.Now()) {
		return nil, errs.New(errs.Conflict, "polls.closed")
	}
	var out *Sheet
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		sh, err := s.sheet(ctx, tx, p.ID, serial)
		if err != nil {
			return err
		}
		if sh.State != from {
			return errs.New(errs.Conflict, "polls.sheet_done")
		}
		if from == SheetPending && (p.PaperCheck != SingleEntry || sh.FirstBy == by) {
			return errs.New(errs.Conflict, "polls.same_clerk")
		}
		switch pick {
		case 0:
			sh.State = SheetVoid
		case 2:
			sh.VoterKey, sh.Choices = sh.SecondKey, sh.SecondChoices
		}
		if pick != 0 {
			e, err := s.elector(ctx, tx, p.ID, sh.VoterKey)
			if err != nil {
				return err
			}
			if err := s.countSheet(ctx, tx, p, sh, e.Area, by); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE poll_sheets SET state = ?, second_by = COALESCE(second_by, ?) WHERE poll_id = ? AND serial = ? AND state = ?`,
			sh.State, by, p.ID, serial, from)
		if err != nil {
			return errs.Internalf("polls: decide sheet: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.Conflict, "polls.sheet_done")
		}
		out = sh
		return nil
	})
	return out, err
}

// countSheet casts a sheet's ballot inside tx and sets its state.
func (s *Store) countSheet(ctx context.Context, tx *db.Tx, p *Poll, sh *Sheet, area, by int64) error {
	receipt, out, err := s.castIn(ctx, tx, p, Ballot{VoterKey: sh.VoterKey, Channel: Paper, Serial: sh.Serial, EnteredBy: by}, sh.Choices, area)
	switch {
	case err != nil:
		return err
	case out == castClosed:
		return errs.New(errs.Conflict, "polls.closed")
	}
	sh.State, sh.Receipt = SheetCounted, receipt
	if out == castDuplicate {
		sh.State = SheetDuplicate
	}
	return nil
}

func (s *Store) sheet(ctx context.Context, q db.Querier, pollID int64, serial string) (*Sheet, error) {
	sh := Sheet{Serial: serial}
	err := q.QueryRowContext(ctx, `SELECT state, voter_key, choices, first_by, COALESCE(second_key, 0), COALESCE(second_choices, 0),
		COALESCE(second_by, 0) FROM poll_sheets WHERE poll_id = ? AND serial = ?`, pollID, serial).Scan(&sh.State, &sh.VoterKey,
		&sh.Choices, &sh.FirstBy, &sh.SecondKey, &sh.SecondChoices, &sh.SecondBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "polls.sheet_not_found")
	}
	if err != nil {
		return nil, errs.Internalf("polls: sheet: %w", err)
	}
	return &sh, nil
}

// Sheets lists a poll's sheets in a state ("" = all), by serial.
func (s *Store) Sheets(ctx context.Context, pollID int64, state SheetState) ([]*Sheet, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT serial, state, voter_key, choices, first_by, COALESCE(second_key, 0), COALESCE(second_choices, 0),
		COALESCE(second_by, 0) FROM poll_sheets WHERE poll_id = ? AND (? = '' OR state = ?) ORDER BY serial LIMIT 500`, pollID, state, state)
	if err != nil {
		return nil, errs.Internalf("polls: sheets: %w", err)
	}
	defer rows.Close()
	var out []*Sheet
	for rows.Next() {
		var sh Sheet
		if err := rows.Scan(&sh.Serial, &sh.State, &sh.VoterKey, &sh.Choices, &sh.FirstBy, &sh.SecondKey, &sh.SecondChoices, &sh.SecondBy); err != nil {
			return nil, errs.Internalf("polls: sheets: %w", err)
		}
		out = append(out, &sh)
	}
	return out, rows.Err()
}
