package board

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Section is one part of a board.
type Section struct {
	ID             int64
	DistrictID     int64
	NeighborhoodID int64
	Kind           SectionKind
	UnitID         int64
	Name           string // as stored; pages show NameKey's message instead
	UnitName       string // the partner unit's name, for unit sections
	Position       int
	TopicCount     int
}

// NameKey is the catalog key (with its arguments) that names the section in
// the reader's language: by kind, and for a unit's section "Ask <unit>". The
// stored Chinese name is what shows when the kind has no key.
func (sec *Section) NameKey() (string, []any) {
	switch sec.Kind {
	case Hall, Neighbors, Announcements, Guide:
		return "section." + string(sec.Kind), nil
	case UnitSection:
		if sec.UnitName != "" {
			return "section.unit", []any{sec.UnitName}
		}
	}
	return "", nil
}

// SectionSpec describes a section to ensure.
type SectionSpec struct {
	Kind   SectionKind
	UnitID int64
	Name   string
}

// EnsureSections creates a neighborhood's sections that do not exist yet and
// leaves existing ones alone; it runs when a board is first opened and after
// units are added.
func (s *Store) EnsureSections(ctx context.Context, q db.Querier, districtID, neighborhoodID int64, specs []SectionSpec) error {
	now := s.Now().UnixMilli()
	for i, sp := range specs {
		var unit any
		if sp.UnitID != 0 {
			unit = sp.UnitID
		}
		_, err := q.ExecContext(ctx, `INSERT INTO sections (district_id, neighborhood_id, kind, unit_id, name, position, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, districtID, neighborhoodID, sp.Kind, unit, sp.Name, i, now)
		if err != nil {
			return errs.Internalf("board: ensure section: %w", err)
		}
	}
	s.changed(q, neighborhoodID)
	return nil
}

const sectionCols = `s.id, s.district_id, s.neighborhood_id, s.kind, COALESCE(s.unit_id, 0), s.name, COALESCE(u.name, ''), s.position, s.topic_count`

const sectionFrom = ` FROM sections s LEFT JOIN units u ON u.id = s.unit_id`

func scanSection(row interface{ Scan(...any) error }) (*Section, error) {
	var sec Section
	err := row.Scan(&sec.ID, &sec.DistrictID, &sec.NeighborhoodID, &sec.Kind, &sec.UnitID, &sec.Name, &sec.UnitName, &sec.Position, &sec.TopicCount)
	return &sec, err
}

// Sections lists a neighborhood's sections in board order.
func (s *Store) Sections(ctx context.Context, neighborhoodID int64) ([]*Section, error) {
	if !s.cached() {
		return s.sections(ctx, neighborhoodID)
	}
	now := time.Now()
	if out, ok := lookup(s.cache, s.cache.sections, neighborhoodID, now); ok {
		return out, nil
	}
	gen := s.cache.gen(neighborhoodID)
	out, err := s.sections(ctx, neighborhoodID)
	if err == nil {
		s.cache.putSections(entry[[]*Section]{hood: neighborhoodID, gen: gen, expiry: now.Add(s.ListTTL), val: out})
	}
	return out, err
}

func (s *Store) sections(ctx context.Context, neighborhoodID int64) ([]*Section, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+sectionCols+sectionFrom+` WHERE s.neighborhood_id = ? ORDER BY s.position, s.id`, neighborhoodID)
	if err != nil {
		return nil, errs.Internalf("board: sections: %w", err)
	}
	defer rows.Close()
	var out []*Section
	for rows.Next() {
		sec, err := scanSection(rows)
		if err != nil {
			return nil, errs.Internalf("board: scan section: %w", err)
		}
		out = append(out, sec)
	}
	return out, rows.Err()
}

// Section returns one section. Errors: not_found.
func (s *Store) Section(ctx context.Context, id int64) (*Section, error) {
	sec, err := scanSection(s.DB.QueryRowContext(ctx, `SELECT `+sectionCols+sectionFrom+` WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "board.section_not_found")
	}
	if err != nil {
		return nil, errs.Internalf("board: section %d: %w", id, err)
	}
	return sec, nil
}

func ms(t int64) time.Time { return time.UnixMilli(t) }
