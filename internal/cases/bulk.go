package cases

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/errs"
)

// Bulk reads for surfaces that show many cases at once (the Open311 request
// list and update feed): one query per page, never one per case.

// publicKinds are the event kinds Event.Public admits, for SQL.
var publicKinds = func() []any {
	var ks []string
	for a := range transitions {
		ks = append(ks, string(a))
	}
	ks = append(ks, KindSubmit, KindRate)
	sort.Strings(ks)
	out := make([]any, len(ks))
	for i, k := range ks {
		out[i] = k
	}
	return out
}()

var publicKindMarks = strings.TrimSuffix(strings.Repeat("?,", len(publicKinds)), ",")

// GetMany returns the cases with the given ids, newest first; unknown ids are absent.
func (s *Store) GetMany(ctx context.Context, ids []int64) ([]*Case, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+caseCols+caseFrom+` WHERE c.id IN (`+roundMarks(len(ids))+`) ORDER BY c.id DESC`,
		padIDs(ids)...)
	if err != nil {
		return nil, errs.Internalf("cases: get many: %w", err)
	}
	defer rows.Close()
	var out []*Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, errs.Internalf("cases: scan: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Internalf("cases: get many: %w", err)
	}
	return out, nil
}

// Window selects a district's cases by when they were opened, for feeds
// that page by time rather than by cursor. Zero-length lists do not filter.
type Window struct {
	DistrictID int64
	From, To   time.Time // created_at, both inclusive
	Categories []string
	States     []State
	Limit      int // at most 1000
}

// ListWindow returns the cases of a window, newest first, in one query that
// walks the (district, created_at) index and stops at the limit.
// Errors: internal only.
func (s *Store) ListWindow(ctx context.Context, w Window) ([]*Case, error) {
	q := `SELECT ` + caseCols + caseFrom + ` WHERE c.district_id = ? AND c.created_at >= ? AND c.created_at <= ?`
	args := []any{w.DistrictID, w.From.UnixMilli(), w.To.UnixMilli()}
	if len(w.Categories) > 0 {
		q += ` AND c.category IN (` + marks(len(w.Categories)) + `)`
		args = append(args, anys(w.Categories)...)
	}
	if len(w.States) > 0 {
		q += ` AND c.state IN (` + marks(len(w.States)) + `)`
		args = append(args, anys(w.States)...)
	}
	rows, err := s.DB.QueryContext(ctx, q+` ORDER BY c.created_at DESC, c.id DESC LIMIT ?`, append(args, min(max(w.Limit, 1), 1000))...)
	if err != nil {
		return nil, errs.Internalf("cases: list window: %w", err)
	}
	defer rows.Close()
	var out []*Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, errs.Internalf("cases: scan: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Internalf("cases: list window: %w", err)
	}
	return out, nil
}

const bulkEventCols = `e.id, e.case_id, COALESCE(e.actor_id, 0), e.kind, e.from_state, e.to_state,
	CASE WHEN e.held_word = '' THEN e.note ELSE '' END, COALESCE(e.unit_id, 0), e.created_at`

func (s *Store) bulkEvents(ctx context.Context, q string, args ...any) ([]*Event, error) {
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, errs.Internalf("cases: events: %w", err)
	}
	defer rows.Close()
	var out []*Event
	for rows.Next() {
		var e Event
		var created int64
		if err := rows.Scan(&e.ID, &e.CaseID, &e.ActorID, &e.Kind, &e.From, &e.To, &e.Note, &e.UnitID, &created); err != nil {
			return nil, errs.Internalf("cases: scan event: %w", err)
		}
		e.CreatedAt = time.UnixMilli(created)
		out = append(out, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Internalf("cases: events: %w", err)
	}
	return out, nil
}

// LatestPublic returns, for each of the cases, its newest public event (the
// last thing the neighborhood saw happen), by case id. Photos are not loaded.
func (s *Store) LatestPublic(ctx context.Context, caseIDs []int64) (map[int64]*Event, error) {
	out := make(map[int64]*Event, len(caseIDs))
	if len(caseIDs) == 0 {
		return out, nil
	}
	args := append(padIDs(caseIDs), publicKinds...)
	list, err := s.bulkEvents(ctx, `SELECT `+bulkEventCols+` FROM case_events e WHERE e.id IN (
		SELECT MAX(id) FROM case_events WHERE case_id IN (`+roundMarks(len(caseIDs))+`) AND kind IN (`+publicKindMarks+`) GROUP BY case_id)`,
		args...)
	if err != nil {
		return nil, err
	}
	for _, e := range list {
		out[e.CaseID] = e
	}
	return out, nil
}

// PublicEvents returns a district's public events that happened from..to
// (both inclusive), oldest first, at most limit: the feed partner systems
// follow. Photos are not loaded.
func (s *Store) PublicEvents(ctx context.Context, districtID int64, from, to time.Time, limit int) ([]*Event, error) {
	args := append([]any{districtID, from.UnixMilli(), to.UnixMilli()}, publicKinds...)
	return s.bulkEvents(ctx, `SELECT `+bulkEventCols+` FROM case_events e
		WHERE e.district_id = ? AND e.created_at >= ? AND e.created_at <= ? AND e.kind IN (`+publicKindMarks+`)
		ORDER BY e.created_at, e.id LIMIT ?`, append(args, limit)...)
}

// roundMarks and padIDs round an IN list up to a power of two, repeating the
// last id: the database layer keeps every distinct query prepared, so lists
// of 1 to 1000 ids make eleven statements, not a thousand.
func roundMarks(n int) string { return marks(roundUp(n)) }

func padIDs(ids []int64) []any {
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
