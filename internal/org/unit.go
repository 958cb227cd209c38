package org

import (
	"context"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// UnitKind is the kind of partner body.
type UnitKind string

// The partner bodies that answer and act for residents.
const (
	Property        UnitKind = "property"
	OwnersCommittee UnitKind = "owners_committee"
	Police          UnitKind = "police"
	Doctor          UnitKind = "doctor"
	Lawyer          UnitKind = "lawyer"
	StreetDept      UnitKind = "street_dept"
	DistrictDept    UnitKind = "district_dept"
	OtherUnit       UnitKind = "other"
)

// UnitKinds lists the kinds in the order forms show them.
var UnitKinds = []UnitKind{Property, OwnersCommittee, Police, Doctor, Lawyer, StreetDept, DistrictDept, OtherUnit}

// Unit is a partner body, registered at a place (its home) and serving one or
// more neighborhoods.
type Unit struct {
	ID         int64
	DistrictID int64
	PlaceID    int64
	Kind       UnitKind
	Name       string
	Phone      string
	CreatedAt  time.Time
}

func validUnitKind(k UnitKind) bool {
	for _, u := range UnitKinds {
		if u == k {
			return true
		}
	}
	return false
}

// CreateUnit registers a unit at home and attaches it to the neighborhoods it
// serves. Errors: invalid, conflict.
func (s *Store) CreateUnit(ctx context.Context, q db.Querier, home *Place, kind UnitKind, name, phone string, serves []*Place) (*Unit, error) {
	if !validUnitKind(kind) {
		return nil, errs.Field("kind", "unit.bad_kind")
	}
	name, err := CheckName("name", name, 60)
	if err != nil {
		return nil, err
	}
	u := &Unit{DistrictID: home.DistrictID, PlaceID: home.ID, Kind: kind, Name: name, Phone: strings.TrimSpace(phone), CreatedAt: s.Now()}
	err = q.QueryRowContext(ctx, `INSERT INTO units (district_id, place_id, kind, name, phone, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		u.DistrictID, u.PlaceID, u.Kind, u.Name, u.Phone, u.CreatedAt.UnixMilli()).Scan(&u.ID)
	if db.IsUniqueViolation(err) {
		return nil, errs.Field("name", "unit.duplicate", name)
	}
	if err != nil {
		return nil, errs.Internalf("org: create unit: %w", err)
	}
	for _, p := range serves {
		if err := s.AttachUnit(ctx, q, u.ID, p); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// AttachUnit records that a unit serves a place; attaching twice is harmless.
func (s *Store) AttachUnit(ctx context.Context, q db.Querier, unitID int64, p *Place) error {
	_, err := q.ExecContext(ctx, `INSERT INTO unit_places (unit_id, place_id, district_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		unitID, p.ID, p.DistrictID)
	if err != nil {
		return errs.Internalf("org: attach unit: %w", err)
	}
	return nil
}

// unitOrder sorts units as residents look for them: property company first.
const unitOrder = `CASE u.kind WHEN 'property' THEN 1 WHEN 'owners_committee' THEN 2 WHEN 'police' THEN 3
	WHEN 'doctor' THEN 4 WHEN 'lawyer' THEN 5 WHEN 'street_dept' THEN 6 WHEN 'district_dept' THEN 7 ELSE 8 END`

// UnitsServing lists the units attached to a place.
func (s *Store) UnitsServing(ctx context.Context, placeID int64) ([]*Unit, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT u.id, u.district_id, u.place_id, u.kind, u.name, u.phone, u.created_at
		FROM unit_places up JOIN units u ON u.id = up.unit_id WHERE up.place_id = ? ORDER BY `+unitOrder+`, u.name`, placeID)
	if err != nil {
		return nil, errs.Internalf("org: units: %w", err)
	}
	defer rows.Close()
	var out []*Unit
	for rows.Next() {
		var u Unit
		var created int64
		if err := rows.Scan(&u.ID, &u.DistrictID, &u.PlaceID, &u.Kind, &u.Name, &u.Phone, &created); err != nil {
			return nil, errs.Internalf("org: scan unit: %w", err)
		}
		u.CreatedAt = time.UnixMilli(created)
		out = append(out, &u)
	}
	return out, rows.Err()
}

// UnitsByID loads units by id, for naming the handlers of a case.
func (s *Store) UnitsByID(ctx context.Context, ids []int64) (map[int64]*Unit, error) {
	out := map[int64]*Unit{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, district_id, place_id, kind, name, phone, created_at FROM units WHERE id IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+`)`, args...)
	if err != nil {
		return nil, errs.Internalf("org: units by id: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u Unit
		var created int64
		if err := rows.Scan(&u.ID, &u.DistrictID, &u.PlaceID, &u.Kind, &u.Name, &u.Phone, &created); err != nil {
			return nil, errs.Internalf("org: scan unit: %w", err)
		}
		u.CreatedAt = time.UnixMilli(created)
		out[u.ID] = &u
	}
	return out, rows.Err()
}
