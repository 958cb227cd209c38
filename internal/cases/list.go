package cases

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/errs"
)

// Order is how a list is sorted.
type Order string

// The orders: newest first; least recently updated first (for partners that
// follow changes); soonest deadline first (due soon, overdue).
const (
	Newest  Order = ""
	Updated Order = "updated"
	Due     Order = "due"
)

// Cursor marks where the next page starts; opaque to callers. Pages never
// shift or repeat when cases arrive or move between pages (no offsets).
type Cursor string

// Filter selects cases. Zero fields do not filter.
type Filter struct {
	DistrictID      int64
	StreetID        int64
	NeighborhoodIDs []int64
	States          []State
	Level           string // exactly this level
	Escalated       bool   // above the neighborhood level
	UnitID          int64  // handled by this unit, as lead or co-handler
	ReporterID      int64
	AssigneeID      int64
	DueBefore       time.Time // its current deadline is before this (overdue when now)
	DueAfter        time.Time // ... and at or after this (due soon: now)
	Category        string
	UpdatedSince    time.Time
	CreatedAfter    time.Time
	CreatedBefore   time.Time
	Order           Order
	Cursor          Cursor
	Limit           int // default 20, at most 200
}

// List returns one page of cases and the cursor of the next ("" at the end).
// Errors: invalid (a bad cursor or order).
func (s *Store) List(ctx context.Context, f Filter) ([]*Case, Cursor, error) {
	if f.Limit <= 0 {
		f.Limit = 20
	}
	f.Limit = min(f.Limit, 200)
	var where []string
	var args []any
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	from := caseFrom
	if f.UnitID != 0 {
		from = ` FROM case_handlers h JOIN cases c ON c.id = h.case_id LEFT JOIN users u ON u.id = c.reporter_id`
		add("h.unit_id = ?", f.UnitID)
	}
	if f.DistrictID != 0 {
		add("c.district_id = ?", f.DistrictID)
	}
	if f.StreetID != 0 {
		add("c.street_id = ?", f.StreetID)
	}
	switch len(f.NeighborhoodIDs) {
	case 0:
	case 1:
		add("c.neighborhood_id = ?", f.NeighborhoodIDs[0])
	default:
		add("c.neighborhood_id IN ("+marks(len(f.NeighborhoodIDs))+")", anys(f.NeighborhoodIDs)...)
	}
	switch len(f.States) {
	case 0:
	case 1:
		add("c.state = ?", f.States[0])
	default:
		add("c.state IN ("+marks(len(f.States))+")", anys(f.States)...)
	}
	if f.Level != "" {
		add("c.level = ?", f.Level)
	}
	if f.Escalated {
		add("c.level <> 'neighborhood'")
	}
	if f.ReporterID != 0 {
		add("c.reporter_id = ?", f.ReporterID)
	}
	if f.AssigneeID != 0 {
		add("c.assignee_id = ?", f.AssigneeID)
	}
	if !f.DueBefore.IsZero() {
		add("c.due_at < ?", f.DueBefore.UnixMilli())
	}
	if !f.DueAfter.IsZero() {
		add("c.due_at >= ?", f.DueAfter.UnixMilli())
	}
	if f.Category != "" {
		add("c.category = ?", f.Category)
	}
	if !f.UpdatedSince.IsZero() {
		add("c.updated_at >= ?", f.UpdatedSince.UnixMilli())
	}
	if !f.CreatedAfter.IsZero() {
		add("c.created_at >= ?", f.CreatedAfter.UnixMilli())
	}
	if !f.CreatedBefore.IsZero() {
		add("c.created_at < ?", f.CreatedBefore.UnixMilli())
	}
	var order string
	switch f.Order {
	case Newest:
		order = "c.id DESC"
	case Updated:
		order = "c.updated_at, c.id"
	case Due:
		order = "c.due_at, c.id"
		add("c.due_at IS NOT NULL")
	default:
		return nil, "", errs.Field("order", "cases.bad_order")
	}
	if f.Cursor != "" {
		key, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", errs.Field("cursor", "cases.bad_cursor")
		}
		switch f.Order {
		case Newest:
			add("c.id < ?", id)
		case Updated:
			add("(c.updated_at > ? OR (c.updated_at = ? AND c.id > ?))", key, key, id)
		case Due:
			add("(c.due_at > ? OR (c.due_at = ? AND c.id > ?))", key, key, id)
		}
	}
	q := `SELECT ` + caseCols + from
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY ` + order + ` LIMIT ?`
	args = append(args, f.Limit+1)
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", errs.Internalf("cases: list: %w", err)
	}
	defer rows.Close()
	var out []*Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, "", errs.Internalf("cases: scan: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, "", errs.Internalf("cases: list: %w", err)
	}
	var next Cursor
	if len(out) > f.Limit {
		out = out[:f.Limit]
		last := out[len(out)-1]
		var key int64
		switch f.Order {
		case Updated:
			key = last.UpdatedAt.UnixMilli()
		case Due:
			key = last.DueAt.UnixMilli()
		}
		next = encodeCursor(key, last.ID)
	}
	return out, next, nil
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func encodeCursor(key, id int64) Cursor {
	return Cursor(base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(key, 10) + "." + strconv.FormatInt(id, 10))))
}

func decodeCursor(c Cursor) (key, id int64, err error) {
	b, err := base64.RawURLEncoding.DecodeString(string(c))
	if err != nil {
		return 0, 0, err
	}
	k, i, _ := strings.Cut(string(b), ".")
	if key, err = strconv.ParseInt(k, 10, 64); err != nil {
		return 0, 0, err
	}
	id, err = strconv.ParseInt(i, 10, 64)
	return key, id, err
}
