// Package verify is real-name verification (实名认证): a resident gives a real
// name, an ID number and a household; a match with the roster verifies at once,
// anything else waits for the neighborhood's cadres.
package verify

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/idcard"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/pii"
	"github.com/linli-dev/linli/internal/roster"
)

// Status is where a request stands.
type Status string

// Request states: matched (verified by the roster at once), pending (waiting
// for a cadre), approved and rejected (a cadre decided).
const (
	Matched  Status = "matched"
	Pending  Status = "pending"
	Approved Status = "approved"
	Rejected Status = "rejected"
)

// Request is one verification request, with personal data masked.
type Request struct {
	ID             int64
	UserID         int64
	Nickname       string
	DistrictID     int64
	NeighborhoodID int64
	HouseholdID    int64
	Building       string
	Room           string
	MaskedName     string
	MaskedID       string
	ClaimsOwner    bool
	Status         Status
	Reason         string
	CreatedAt      time.Time
	DecidedAt      time.Time
}

// Service runs verification.
type Service struct {
	DB     *db.DB
	Keys   *pii.Keys
	Org    *org.Store
	Roster *roster.Store
	Now    func() time.Time
}

// Input is what the resident gives.
type Input struct {
	RealName    string
	IDNumber    string
	HouseholdID int64
	ClaimsOwner bool
}

// CheckName validates a real name. Errors: invalid.
func CheckName(name string) (string, error) {
	name = strings.TrimSpace(name)
	n := utf8.RuneCountInString(name)
	if n == 0 {
		return "", errs.Field("real_name", "error.required")
	}
	if n > 30 {
		return "", errs.Field("real_name", "error.too_long", 30)
	}
	return name, nil
}

// ParseID maps idcard's errors to messages a resident understands. Errors: invalid.
func ParseID(s string) (idcard.Number, error) {
	n, err := idcard.Parse(s)
	switch {
	case err == nil:
		return n, nil
	case errors.Is(err, idcard.ErrLength):
		return "", errs.Field("id_number", "idcard.length")
	case errors.Is(err, idcard.ErrBirthDate):
		return "", errs.Field("id_number", "idcard.birth_date")
	case errors.Is(err, idcard.ErrCheckDigit):
		return "", errs.Field("id_number", "idcard.check_digit")
	default:
		return "", errs.Field("id_number", "idcard.characters")
	}
}

// Submit verifies a resident, at once when the roster agrees, otherwise by
// queueing the request for review. It returns the request. Errors: invalid,
// not_found (household), conflict (already verified, a request already
// waiting, or the ID number verified on another account).
func (s *Service) Submit(ctx context.Context, userID int64, in Input) (*Request, error) {
	name, err := CheckName(in.RealName)
	if err != nil {
		return nil, err
	}
	id, err := ParseID(in.IDNumber)
	if err != nil {
		return nil, err
	}
	h, err := s.Org.Household(ctx, in.HouseholdID)
	if err != nil {
		return nil, errs.Field("room", "household.not_found")
	}
	status := Pending
	owner := in.ClaimsOwner
	match, err := s.Roster.Match(ctx, h.ID, id, name)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return nil, err
	}
	if match != nil && match.NameMatches {
		status, owner = Matched, match.IsOwner
	}
	now := s.Now().UnixMilli()
	req := &Request{UserID: userID, DistrictID: h.DistrictID, NeighborhoodID: h.NeighborhoodID, HouseholdID: h.ID,
		MaskedName: pii.MaskName(name), MaskedID: id.Masked(), ClaimsOwner: owner, Status: status, CreatedAt: time.UnixMilli(now)}
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		var current string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM users WHERE id = ?`, userID).Scan(&current); err != nil {
			return errs.Internalf("verify: user: %w", err)
		}
		if current == "verified" {
			return errs.New(errs.Conflict, "verify.already_verified")
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO verifications (user_id, district_id, neighborhood_id, household_id, real_name_enc,
			id_number_enc, id_index, claims_owner, status, created_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			userID, h.DistrictID, h.NeighborhoodID, h.ID, s.Keys.Seal(name, "verifications.real_name"),
			s.Keys.Seal(string(id), "verifications.id_number"), roster.IDIndex(s.Keys, id), owner, status, now,
			decidedAt(status, now)).Scan(&req.ID)
		if db.IsUniqueViolation(err) {
			return errs.New(errs.Conflict, "verify.already_pending")
		}
		if err != nil {
			return errs.Internalf("verify: insert: %w", err)
		}
		if status == Matched {
			return s.Grant(ctx, tx, userID, h, name, id, owner, now)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET status = 'pending' WHERE id = ?`, userID); err != nil {
			return errs.Internalf("verify: mark pending: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return req, nil
}

func decidedAt(st Status, now int64) any {
	if st == Matched {
		return now
	}
	return nil
}

// Grant makes a person a verified resident of a household: their identity is
// sealed onto the account (one account per ID number, enforced by a unique
// index), they join the household and the neighborhood's count.
func (s *Service) Grant(ctx context.Context, tx db.Querier, userID int64, h *org.Household, name string, id idcard.Number, owner bool, now int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET status = 'verified', district_id = ?, neighborhood_id = ?, real_name_enc = ?,
		id_number_enc = ?, id_index = ?, verified_at = ? WHERE id = ?`,
		h.DistrictID, h.NeighborhoodID, s.Keys.Seal(name, "users.real_name"), s.Keys.Seal(string(id), "users.id_number"),
		roster.IDIndex(s.Keys, id), now, userID)
	if db.IsUniqueViolation(err) {
		return errs.Field("id_number", "verify.id_taken")
	}
	if err != nil {
		return errs.Internalf("verify: mark verified: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO residences (user_id, household_id, district_id, neighborhood_id, is_owner, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, household_id) DO UPDATE SET is_owner = excluded.is_owner`,
		userID, h.ID, h.DistrictID, h.NeighborhoodID, owner, now)
	if err != nil {
		return errs.Internalf("verify: residence: %w", err)
	}
	return s.Org.AddResidents(ctx, tx, h.NeighborhoodID, 1)
}

// Decide approves or rejects a pending request; the caller has checked that
// the reviewer may review this neighborhood. A rejection needs a reason the
// resident will read. Errors: invalid, not_found, conflict (already decided).
func (s *Service) Decide(ctx context.Context, reviewerID, requestID int64, approve bool, reason string) (*Request, error) {
	reason = strings.TrimSpace(reason)
	if !approve && reason == "" {
		return nil, errs.Field("reason", "verify.reason_required")
	}
	if utf8.RuneCountInString(reason) > 200 {
		return nil, errs.Field("reason", "error.too_long", 200)
	}
	status := Approved
	if !approve {
		status = Rejected
	}
	now := s.Now().UnixMilli()
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		var userID, householdID int64
		var nameEnc, idEnc []byte
		var owner bool
		err := tx.QueryRowContext(ctx, `UPDATE verifications SET status = ?, reason = ?, reviewer_id = ?, decided_at = ?
			WHERE id = ? AND status = 'pending' RETURNING user_id, household_id, real_name_enc, id_number_enc, claims_owner`,
			status, reason, reviewerID, now, requestID).Scan(&userID, &householdID, &nameEnc, &idEnc, &owner)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.New(errs.Conflict, "verify.already_decided")
		}
		if err != nil {
			return errs.Internalf("verify: decide: %w", err)
		}
		if !approve {
			_, err := tx.ExecContext(ctx, `UPDATE users SET status = 'unverified' WHERE id = ? AND status = 'pending'`, userID)
			return err
		}
		name, err := s.Keys.Open(nameEnc, "verifications.real_name")
		if err != nil {
			return errs.Internalf("verify: open name: %w", err)
		}
		id, err := s.Keys.Open(idEnc, "verifications.id_number")
		if err != nil {
			return errs.Internalf("verify: open id: %w", err)
		}
		h, err := s.Org.Household(ctx, householdID)
		if err != nil {
			return err
		}
		return s.Grant(ctx, tx, userID, h, name, idcard.Number(id), owner, now)
	})
	if err != nil {
		return nil, err
	}
	return s.Request(ctx, requestID)
}
