package verify

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/idcard"
	"github.com/linli-dev/linli/internal/pii"
)

const requestCols = `v.id, v.user_id, u.nickname, v.district_id, v.neighborhood_id, v.household_id, b.name, h.room,
	v.real_name_enc, v.id_number_enc, v.claims_owner, v.status, v.reason, v.created_at, COALESCE(v.decided_at, 0)`

const requestFrom = ` FROM verifications v JOIN users u ON u.id = v.user_id
	JOIN households h ON h.id = v.household_id JOIN places b ON b.id = h.building_id`

func (s *Service) scan(row interface{ Scan(...any) error }) (*Request, error) {
	var r Request
	var nameEnc, idEnc []byte
	var created, decided int64
	if err := row.Scan(&r.ID, &r.UserID, &r.Nickname, &r.DistrictID, &r.NeighborhoodID, &r.HouseholdID, &r.Building, &r.Room,
		&nameEnc, &idEnc, &r.ClaimsOwner, &r.Status, &r.Reason, &created, &decided); err != nil {
		return nil, err
	}
	name, err := s.Keys.Open(nameEnc, "verifications.real_name")
	if err != nil {
		return nil, err
	}
	id, err := s.Keys.Open(idEnc, "verifications.id_number")
	if err != nil {
		return nil, err
	}
	r.MaskedName, r.MaskedID = pii.MaskName(name), idcard.Number(id).Masked()
	r.CreatedAt = time.UnixMilli(created)
	if decided > 0 {
		r.DecidedAt = time.UnixMilli(decided)
	}
	return &r, nil
}

// Request returns one request, masked. Errors: not_found.
func (s *Service) Request(ctx context.Context, id int64) (*Request, error) {
	r, err := s.scan(s.DB.QueryRowContext(ctx, `SELECT `+requestCols+requestFrom+` WHERE v.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "verify.not_found")
	}
	if err != nil {
		return nil, errs.Internalf("verify: request %d: %w", id, err)
	}
	return r, nil
}

// Latest returns a person's most recent request, not_found if they never asked.
func (s *Service) Latest(ctx context.Context, userID int64) (*Request, error) {
	r, err := s.scan(s.DB.QueryRowContext(ctx, `SELECT `+requestCols+requestFrom+` WHERE v.user_id = ? ORDER BY v.id DESC LIMIT 1`, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "verify.not_found")
	}
	if err != nil {
		return nil, errs.Internalf("verify: latest: %w", err)
	}
	return r, nil
}

// Queue lists a neighborhood's pending requests, oldest first.
func (s *Service) Queue(ctx context.Context, neighborhoodID int64, limit int) ([]*Request, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+requestCols+requestFrom+` WHERE v.neighborhood_id = ? AND v.status = 'pending'
		ORDER BY v.id LIMIT ?`, neighborhoodID, limit)
	if err != nil {
		return nil, errs.Internalf("verify: queue: %w", err)
	}
	defer rows.Close()
	var out []*Request
	for rows.Next() {
		r, err := s.scan(rows)
		if err != nil {
			return nil, errs.Internalf("verify: scan: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Identity is a request's personal data in the clear. Only roles allowed to view
// personal data may call it, and the caller writes the audit row.
type Identity struct {
	RealName string
	IDNumber string
}

// Reveal returns a request's real name and ID number. Errors: not_found.
func (s *Service) Reveal(ctx context.Context, id int64) (*Identity, error) {
	var nameEnc, idEnc []byte
	err := s.DB.QueryRowContext(ctx, `SELECT real_name_enc, id_number_enc FROM verifications WHERE id = ?`, id).Scan(&nameEnc, &idEnc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "verify.not_found")
	}
	if err != nil {
		return nil, errs.Internalf("verify: reveal: %w", err)
	}
	var out Identity
	if out.RealName, err = s.Keys.Open(nameEnc, "verifications.real_name"); err != nil {
		return nil, errs.Internalf("verify: open: %w", err)
	}
	if out.IDNumber, err = s.Keys.Open(idEnc, "verifications.id_number"); err != nil {
		return nil, errs.Internalf("verify: open: %w", err)
	}
	return &out, nil
}
