package org

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Household is a room in a building. Area is kept in hundredths of a square
// metre so that owners' votes weighted by area add up exactly.
type Household struct {
	ID             int64
	DistrictID     int64
	NeighborhoodID int64
	BuildingID     int64
	Room           string
	AreaCenti      int64
	CreatedAt      time.Time
}

// Area formats the floor area in m² ("89.5").
func (h *Household) Area() string { return FormatArea(h.AreaCenti) }

// FormatArea renders hundredths of m² without trailing zeros.
func FormatArea(centi int64) string {
	s := strconv.FormatFloat(float64(centi)/100, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// ParseArea reads a floor area in m² ("89.5", "89.50", "８９．５") as hundredths.
// Errors: invalid.
func ParseArea(field, s string) (int64, error) {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '．':
			return '.'
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.TrimSuffix(strings.TrimSuffix(s, "㎡"), "m2")
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || f <= 0 || f > 100000 {
		return 0, errs.Field(field, "household.bad_area")
	}
	return int64(math.Round(f * 100)), nil
}

const householdCols = `id, district_id, neighborhood_id, building_id, room, area_centi, created_at`

func scanHousehold(row interface{ Scan(...any) error }) (*Household, error) {
	var h Household
	var created int64
	if err := row.Scan(&h.ID, &h.DistrictID, &h.NeighborhoodID, &h.BuildingID, &h.Room, &h.AreaCenti, &created); err != nil {
		return nil, err
	}
	h.CreatedAt = time.UnixMilli(created)
	return &h, nil
}

// Household returns one household. Errors: not_found.
func (s *Store) Household(ctx context.Context, id int64) (*Household, error) {
	h, err := scanHousehold(s.DB.QueryRowContext(ctx, `SELECT `+householdCols+` FROM households WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "household.not_found")
	}
	if err != nil {
		return nil, errs.Internalf("org: household %d: %w", id, err)
	}
	return h, nil
}

// HouseholdByRoom finds a room in a building. Errors: not_found.
func (s *Store) HouseholdByRoom(ctx context.Context, buildingID int64, room string) (*Household, error) {
	h, err := scanHousehold(s.DB.QueryRowContext(ctx, `SELECT `+householdCols+` FROM households WHERE building_id = ? AND room = ?`,
		buildingID, NormalizeRoom(room)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.Field("room", "household.not_found")
	}
	if err != nil {
		return nil, errs.Internalf("org: household by room: %w", err)
	}
	return h, nil
}

// Households lists a building's rooms in room order.
func (s *Store) Households(ctx context.Context, buildingID int64) ([]*Household, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+householdCols+` FROM households WHERE building_id = ? ORDER BY LENGTH(room), room`, buildingID)
	if err != nil {
		return nil, errs.Internalf("org: households: %w", err)
	}
	defer rows.Close()
	var out []*Household
	for rows.Next() {
		h, err := scanHousehold(rows)
		if err != nil {
			return nil, errs.Internalf("org: scan household: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// NormalizeRoom folds full-width digits and the common "室" suffix so "１０１室"
// and "101" name the same room.
func NormalizeRoom(room string) string {
	room = strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		if r == '\u3000' {
			return -1
		}
		return r
	}, strings.TrimSpace(room))
	return strings.TrimSuffix(room, "室")
}

// EnsureHousehold returns the household for a room, creating it if needed; an
// existing room keeps its id and takes the given area. It reports whether it
// created one. Re-running the same roster therefore changes nothing.
func (s *Store) EnsureHousehold(ctx context.Context, q db.Querier, building *Place, room string, areaCenti int64) (*Household, bool, error) {
	if building.Kind != Building {
		return nil, false, errs.Field("building", "place.bad_kind")
	}
	room, err := CheckName("room", NormalizeRoom(room), 20)
	if err != nil {
		return nil, false, err
	}
	now := s.Now().UnixMilli()
	h, err := scanHousehold(q.QueryRowContext(ctx, `INSERT INTO households (district_id, neighborhood_id, building_id, room, area_centi, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (building_id, room) DO NOTHING RETURNING `+householdCols,
		building.DistrictID, building.NeighborhoodID, building.ID, room, areaCenti, now))
	if err == nil {
		return h, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, false, errs.Internalf("org: insert household: %w", err)
	}
	h, err = scanHousehold(q.QueryRowContext(ctx, `SELECT `+householdCols+` FROM households WHERE building_id = ? AND room = ?`, building.ID, room))
	if err != nil {
		return nil, false, errs.Internalf("org: read household: %w", err)
	}
	if h.AreaCenti != areaCenti {
		if _, err := q.ExecContext(ctx, `UPDATE households SET area_centi = ? WHERE id = ?`, areaCenti, h.ID); err != nil {
			return nil, false, errs.Internalf("org: update area: %w", err)
		}
		h.AreaCenti = areaCenti
	}
	return h, false, nil
}

// EnsurePlace returns the child of parent with this kind and name, creating it
// if needed; imports use it so a re-import reuses the same places.
func (s *Store) EnsurePlace(ctx context.Context, q db.Querier, parent *Place, kind Kind, name string) (*Place, bool, error) {
	name, err := CheckName("name", name, 40)
	if err != nil {
		return nil, false, err
	}
	p, err := scanPlace(q.QueryRowContext(ctx, `SELECT `+placeCols+` FROM places WHERE parent_id = ? AND kind = ? AND name = ?`, parent.ID, kind, name))
	if err == nil {
		return p, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, false, errs.Internalf("org: find place: %w", err)
	}
	p, err = s.CreatePlace(ctx, q, parent.ID, kind, name)
	return p, err == nil, err
}

// RecountHouseholds refreshes the household counters of a neighborhood and the
// places in it after bulk changes; pages read the counters instead of counting.
// Buildings count their rooms, grids sum their buildings, the neighborhood
// counts all: three indexed passes, whatever the size.
func (s *Store) RecountHouseholds(ctx context.Context, q db.Querier, neighborhoodID int64) error {
	steps := []string{
		`UPDATE places SET household_count = (SELECT COUNT(*) FROM households h WHERE h.building_id = places.id)
			WHERE neighborhood_id = ? AND kind = 'building'`,
		`UPDATE places SET household_count = (SELECT COALESCE(SUM(b.household_count), 0) FROM places b WHERE b.parent_id = places.id)
			WHERE neighborhood_id = ? AND kind = 'grid'`,
		`UPDATE places SET household_count = (SELECT COUNT(*) FROM households h WHERE h.neighborhood_id = places.id)
			WHERE id = ?`,
	}
	for _, q1 := range steps {
		if _, err := q.ExecContext(ctx, q1, neighborhoodID); err != nil {
			return errs.Internalf("org: recount households: %w", err)
		}
	}
	return nil
}

// AddResidents moves a neighborhood's verified-resident counter by delta.
func (s *Store) AddResidents(ctx context.Context, q db.Querier, neighborhoodID int64, delta int) error {
	if _, err := q.ExecContext(ctx, `UPDATE places SET resident_count = resident_count + ? WHERE id = ?`, delta, neighborhoodID); err != nil {
		return errs.Internalf("org: resident count: %w", err)
	}
	return nil
}
