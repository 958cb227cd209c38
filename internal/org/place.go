// Package org is the tree of places a deployment serves (district → street →
// neighborhood → grid → building), the households in its buildings, and the
// partner units that serve its neighborhoods.
package org

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Kind is a level of the tree.
type Kind string

// The levels, top down.
const (
	District     Kind = "district"
	Street       Kind = "street"
	Neighborhood Kind = "neighborhood"
	Grid         Kind = "grid"
	Building     Kind = "building"
)

// childKind says what may hang below each level; buildings hold households,
// which live in their own table.
var childKind = map[Kind]Kind{District: Street, Street: Neighborhood, Neighborhood: Grid, Grid: Building}

// ChildKind returns the kind of place allowed below k, "" for buildings.
func ChildKind(k Kind) Kind { return childKind[k] }

// Place is one node of the tree. Path is "/1/4/9/" from the district down: a
// subtree test is a prefix test, which is how roles on a node reach its subtree.
type Place struct {
	ID             int64
	Kind           Kind
	ParentID       int64
	DistrictID     int64
	NeighborhoodID int64
	Name           string
	Path           string
	HouseholdCount int
	ResidentCount  int
	CreatedAt      time.Time
}

// Contains reports whether other lies in p's subtree (p itself included).
func (p *Place) Contains(other *Place) bool { return strings.HasPrefix(other.Path, p.Path) }

// Store reads and writes places, households and units.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{DB: d, Now: time.Now} }

const placeCols = `id, kind, COALESCE(parent_id, 0), district_id, COALESCE(neighborhood_id, 0), name, path, household_count, resident_count, created_at`

func scanPlace(row interface{ Scan(...any) error }) (*Place, error) {
	var p Place
	var created int64
	if err := row.Scan(&p.ID, &p.Kind, &p.ParentID, &p.DistrictID, &p.NeighborhoodID, &p.Name, &p.Path,
		&p.HouseholdCount, &p.ResidentCount, &created); err != nil {
		return nil, err
	}
	p.CreatedAt = time.UnixMilli(created)
	return &p, nil
}

// Place returns one place. Errors: not_found.
func (s *Store) Place(ctx context.Context, id int64) (*Place, error) {
	p, err := scanPlace(s.DB.QueryRowContext(ctx, `SELECT `+placeCols+` FROM places WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "place.not_found")
	}
	if err != nil {
		return nil, errs.Internalf("org: place %d: %w", id, err)
	}
	return p, nil
}

// Children lists the places directly below parentID by name; parentID 0 lists districts.
func (s *Store) Children(ctx context.Context, parentID int64) ([]*Place, error) {
	q := `SELECT ` + placeCols + ` FROM places WHERE parent_id = ? ORDER BY name`
	args := []any{parentID}
	if parentID == 0 {
		q, args = `SELECT `+placeCols+` FROM places WHERE parent_id IS NULL ORDER BY name`, nil
	}
	return s.queryPlaces(ctx, q, args...)
}

// OfKind lists all places of a kind in a district, ordered by path so that the
// tree reads top-down.
func (s *Store) OfKind(ctx context.Context, districtID int64, kind Kind) ([]*Place, error) {
	return s.queryPlaces(ctx, `SELECT `+placeCols+` FROM places WHERE district_id = ? AND kind = ? ORDER BY path`, districtID, kind)
}

// Subtree lists root and every place below it, ordered by path.
func (s *Store) Subtree(ctx context.Context, root *Place) ([]*Place, error) {
	return s.queryPlaces(ctx, `SELECT `+placeCols+` FROM places WHERE district_id = ? AND path >= ? AND path < ? ORDER BY path`,
		root.DistrictID, root.Path, PathEnd(root.Path))
}

// Ancestors returns the places from the district down to p's parent.
func (s *Store) Ancestors(ctx context.Context, p *Place) ([]*Place, error) {
	var ids []any
	var marks []string
	for _, part := range strings.Split(strings.Trim(p.Path, "/"), "/") {
		id, err := strconv.ParseInt(part, 10, 64)
		if err == nil && id != p.ID {
			ids = append(ids, id)
			marks = append(marks, "?")
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return s.queryPlaces(ctx, `SELECT `+placeCols+` FROM places WHERE id IN (`+strings.Join(marks, ",")+`) ORDER BY path`, ids...)
}

func (s *Store) queryPlaces(ctx context.Context, q string, args ...any) ([]*Place, error) {
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, errs.Internalf("org: list places: %w", err)
	}
	defer rows.Close()
	var out []*Place
	for rows.Next() {
		p, err := scanPlace(rows)
		if err != nil {
			return nil, errs.Internalf("org: scan place: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Internalf("org: list places: %w", err)
	}
	return out, nil
}

// CheckName validates a place, unit or room name.
func CheckName(field, name string, maxRunes int) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", errs.Field(field, "error.required")
	}
	if utf8.RuneCountInString(name) > maxRunes {
		return "", errs.Field(field, "error.too_long", maxRunes)
	}
	return name, nil
}

// CreatePlace adds a place of the kind its parent allows (a district when
// parentID is 0). Errors: invalid, not_found (parent), conflict (same name under
// the same parent).
func (s *Store) CreatePlace(ctx context.Context, q db.Querier, parentID int64, kind Kind, name string) (*Place, error) {
	name, err := CheckName("name", name, 40)
	if err != nil {
		return nil, err
	}
	var parent *Place
	if parentID == 0 {
		if kind != District {
			return nil, errs.Field("kind", "place.bad_kind")
		}
	} else {
		parent, err = scanPlace(q.QueryRowContext(ctx, `SELECT `+placeCols+` FROM places WHERE id = ?`, parentID))
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errs.New(errs.NotFound, "place.not_found")
		}
		if err != nil {
			return nil, errs.Internalf("org: parent %d: %w", parentID, err)
		}
		if childKind[parent.Kind] != kind {
			return nil, errs.Field("kind", "place.bad_kind")
		}
	}
	now := s.Now().UnixMilli()
	var id int64
	err = q.QueryRowContext(ctx, `INSERT INTO places (kind, parent_id, district_id, neighborhood_id, name, path, created_at)
		VALUES (?, ?, 0, NULL, ?, '', ?) RETURNING id`, kind, nullID(parentID), name, now).Scan(&id)
	if db.IsUniqueViolation(err) {
		return nil, errs.Field("name", "place.duplicate", name)
	}
	if err != nil {
		return nil, errs.Internalf("org: create place: %w", err)
	}
	p := &Place{ID: id, Kind: kind, ParentID: parentID, Name: name, CreatedAt: time.UnixMilli(now)}
	p.Path = "/" + strconv.FormatInt(id, 10) + "/"
	p.DistrictID = id
	if parent != nil {
		p.Path = parent.Path + strconv.FormatInt(id, 10) + "/"
		p.DistrictID = parent.DistrictID
		p.NeighborhoodID = parent.NeighborhoodID
	}
	if kind == Neighborhood {
		p.NeighborhoodID = id
	}
	if _, err := q.ExecContext(ctx, `UPDATE places SET district_id = ?, neighborhood_id = ?, path = ? WHERE id = ?`,
		p.DistrictID, nullID(p.NeighborhoodID), p.Path, id); err != nil {
		return nil, errs.Internalf("org: set path: %w", err)
	}
	return p, nil
}

// Rename changes a place's name. Errors: invalid, not_found, conflict.
func (s *Store) Rename(ctx context.Context, id int64, name string) error {
	name, err := CheckName("name", name, 40)
	if err != nil {
		return err
	}
	res, err := s.DB.ExecContext(ctx, `UPDATE places SET name = ? WHERE id = ?`, name, id)
	if db.IsUniqueViolation(err) {
		return errs.Field("name", "place.duplicate", name)
	}
	if err != nil {
		return errs.Internalf("org: rename: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.NotFound, "place.not_found")
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// PathEnd is the first path after every path in p's subtree: paths hold only
// digits and '/', and '~' sorts after both (bytewise; PostgreSQL's path column
// is COLLATE "C" so it sorts the same way).
func PathEnd(p string) string { return p + "~" }

// WithParent returns a place and its parent in one query (the home page
// shows the neighborhood and its street). Errors: not_found.
func (s *Store) WithParent(ctx context.Context, id int64) (place, parent *Place, err error) {
	ps, err := s.queryPlaces(ctx, `SELECT `+placeCols+` FROM places WHERE id = ? OR id = (SELECT parent_id FROM places WHERE id = ?)`, id, id)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range ps {
		if p.ID == id {
			place = p
		} else {
			parent = p
		}
	}
	if place == nil {
		return nil, nil, errs.New(errs.NotFound, "place.not_found")
	}
	return place, parent, nil
}
