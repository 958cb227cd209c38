package cases

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Route is one routing rule: in a neighborhood, cases of a category (at a
// building or grid, or anywhere when PlaceID is 0) go to a unit.
type Route struct {
	ID             int64
	NeighborhoodID int64
	Category       string
	PlaceID        int64
	UnitID         int64
}

// Route returns the unit responsible for a category at a place of a
// neighborhood: the most specific rule wins (the building's, then its grid's,
// then the neighborhood-wide one); 0 when no rule applies (the committee).
func (s *Store) Route(ctx context.Context, neighborhoodID, placeID int64, category string) (int64, error) {
	return s.route(ctx, s.DB, neighborhoodID, placeID, category)
}

func (s *Store) route(ctx context.Context, q db.Querier, neighborhoodID, placeID int64, category string) (int64, error) {
	if placeID == 0 {
		placeID = neighborhoodID
	}
	var path string
	err := q.QueryRowContext(ctx, `SELECT path FROM places WHERE id = ?`, placeID).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errs.New(errs.NotFound, "place.not_found")
	}
	if err != nil {
		return 0, errs.Internalf("cases: route place: %w", err)
	}
	// depth ranks each candidate place by its position in the path; the
	// neighborhood-wide rule (no place) ranks lowest.
	depth := map[int64]int{}
	for i, part := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(part, 10, 64); err == nil {
			depth[id] = i + 1
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT COALESCE(place_id, 0), unit_id FROM case_routes WHERE neighborhood_id = ? AND category = ?`,
		neighborhoodID, category)
	if err != nil {
		return 0, errs.Internalf("cases: route: %w", err)
	}
	defer rows.Close()
	best, bestDepth := int64(0), -1
	for rows.Next() {
		var place, unit int64
		if err := rows.Scan(&place, &unit); err != nil {
			return 0, errs.Internalf("cases: scan route: %w", err)
		}
		d, on := depth[place]
		if place == 0 {
			d, on = 0, true
		}
		if on && d > bestDepth {
			best, bestDepth = unit, d
		}
	}
	return best, rows.Err()
}

// SetRoute makes a neighborhood's cases of a category (at a place, or anywhere
// with placeID 0) go to a unit, replacing any rule for the same category and
// place. Errors: invalid (category).
func (s *Store) SetRoute(ctx context.Context, districtID int64, r Route, by int64) error {
	if !validCategory(r.Category) {
		return errs.Field("category", "cases.bad_category")
	}
	if r.PlaceID == r.NeighborhoodID {
		r.PlaceID = 0
	}
	// Replace in one transaction; the unique key (neighborhood, category,
	// place or 0) refuses a concurrent second rule.
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM case_routes WHERE neighborhood_id = ? AND category = ? AND COALESCE(place_id, 0) = ?`,
			r.NeighborhoodID, r.Category, r.PlaceID); err != nil {
			return errs.Internalf("cases: replace route: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO case_routes (district_id, neighborhood_id, category, place_id, unit_id, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, districtID, r.NeighborhoodID, r.Category, nullID(r.PlaceID), r.UnitID, nullID(by), s.Now().UnixMilli())
		if db.IsUniqueViolation(err) {
			return errs.New(errs.Conflict, "cases.route_taken")
		}
		if err != nil {
			return errs.Internalf("cases: set route: %w", err)
		}
		return nil
	})
}

// DeleteRoute removes a neighborhood's rule for a category and place.
func (s *Store) DeleteRoute(ctx context.Context, neighborhoodID int64, category string, placeID int64) error {
	if placeID == neighborhoodID {
		placeID = 0
	}
	if _, err := s.DB.ExecContext(ctx, `DELETE FROM case_routes WHERE neighborhood_id = ? AND category = ? AND COALESCE(place_id, 0) = ?`,
		neighborhoodID, category, placeID); err != nil {
		return errs.Internalf("cases: delete route: %w", err)
	}
	return nil
}

// Routes lists a neighborhood's rules by category, neighborhood-wide first.
func (s *Store) Routes(ctx context.Context, neighborhoodID int64) ([]Route, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, neighborhood_id, category, COALESCE(place_id, 0), unit_id FROM case_routes
		WHERE neighborhood_id = ? ORDER BY category, COALESCE(place_id, 0)`, neighborhoodID)
	if err != nil {
		return nil, errs.Internalf("cases: routes: %w", err)
	}
	defer rows.Close()
	var out []Route
	for rows.Next() {
		var r Route
		if err := rows.Scan(&r.ID, &r.NeighborhoodID, &r.Category, &r.PlaceID, &r.UnitID); err != nil {
			return nil, errs.Internalf("cases: scan route: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
