package org

import (
	"context"
	"strings"

	"github.com/linli-dev/linli/internal/errs"
)

// Bulk reads for pages and feeds that show many records at once (the
// Open311 request list): one query for a whole page instead of one per row.

// PlacesByID returns the places with the given ids, by id; unknown ids are
// simply absent.
func (s *Store) PlacesByID(ctx context.Context, ids []int64) (map[int64]*Place, error) {
	out := make(map[int64]*Place, len(ids))
	ids = distinct(ids)
	if len(ids) == 0 {
		return out, nil
	}
	list, err := s.queryPlaces(ctx, `SELECT `+placeCols+` FROM places WHERE id IN (`+marks(len(ids))+`)`, padded(ids)...)
	if err != nil {
		return nil, err
	}
	for _, p := range list {
		out[p.ID] = p
	}
	return out, nil
}

// UnitNames returns the names of the units with the given ids, by id.
func (s *Store) UnitNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	ids = distinct(ids)
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, name FROM units WHERE id IN (`+marks(len(ids))+`)`, padded(ids)...)
	if err != nil {
		return nil, errs.Internalf("org: unit names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, errs.Internalf("org: unit names: %w", err)
		}
		out[id] = name
	}
	return out, rows.Err()
}

// distinct drops zeros and repeats, keeping the first order.
func distinct(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// marks and padded round an IN list up to a power of two, repeating the
// last id: the database layer keeps every distinct query prepared, so lists
// of 1 to 1000 ids make eleven statements, not a thousand.
func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", roundUp(n)), ",") }

func padded(ids []int64) []any {
	out := make([]any, roundUp(len(ids)))
	for i := range out {
		out[i] = ids[min(i, len(ids)-1)]
	}
	return out
}

func roundUp(n int) int {
	p := 1
	for p < n {
		p *= 2
	}
	return p
}
