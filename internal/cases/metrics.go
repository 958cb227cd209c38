package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/errs"
)

// Metrics read a scope's cases with SQL aggregates only: counts grouped in
// the database, percentiles picked by row number over one sorted column,
// never a case loaded into Go.

// ScopeKind is the level of the place tree a metrics scope covers.
type ScopeKind string

// The scopes the metrics cover.
const (
	ScopeNeighborhood ScopeKind = "neighborhood"
	ScopeStreet       ScopeKind = "street"
	ScopeDistrict     ScopeKind = "district"
)

// scopeColumn is the cases column that places a case in a scope; a fixed
// map, so no caller's text ever reaches the SQL.
var scopeColumn = map[ScopeKind]string{ScopeNeighborhood: "neighborhood_id", ScopeStreet: "street_id", ScopeDistrict: "district_id"}

// childColumn is the column that splits a scope into the places ranked in it.
var childColumn = map[ScopeKind]string{ScopeStreet: "neighborhood_id", ScopeDistrict: "street_id"}

// Period is a scope and the half-open time range [From, To) of the cases
// opened in it that the metrics count.
type Period struct {
	Kind     ScopeKind
	PlaceID  int64
	From, To time.Time
	// Now decides which open cases are already late.
	Now time.Time
}

// Figures are the metrics of one set of cases.
type Figures struct {
	Cases   int
	ByState map[State]int
	// Responses due (acknowledged, or still waiting past the deadline) and
	// those acknowledged by the first-response deadline.
	RespondDue, RespondOnTime int
	// Resolutions due (resolved, or open past the resolution deadline) and
	// those resolved by the deadline; returned cases count in neither.
	ResolveDue, ResolveOnTime int
	// Ratings[r] counts cases rated r (1-5); Rated is their sum.
	Ratings   [6]int
	Rated     int
	RatingSum int
	Reopened  int // cases reopened at least once
	Done      int // resolved or closed
	DoneLocal int // of Done, never escalated above the neighborhood
	Escalated int // raised to the street or the district
	// Working-time percentiles (nearest rank) over the cases that have a
	// recorded time; N is how many did.
	Respond, Resolve Percentiles
}

// Percentiles are the median and the 90th percentile of n durations.
type Percentiles struct {
	N           int
	Median, P90 time.Duration
}

// Share is part of whole, 0 when whole is 0.
func Share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

// Satisfaction is the mean rating, 0 without ratings.
func (f *Figures) Satisfaction() float64 { return Share(f.RatingSum, f.Rated) }

// OnTime is the share of due resolutions that came by the deadline.
func (f *Figures) OnTime() float64 { return Share(f.ResolveOnTime, f.ResolveDue) }

// ReopenRate is the share of cases reopened at least once.
func (f *Figures) ReopenRate() float64 { return Share(f.Reopened, f.Cases) }

// LocalShare is the share of finished cases the neighborhood resolved itself.
func (f *Figures) LocalShare() float64 { return Share(f.DoneLocal, f.Done) }

// Week is one week of a period: cases opened in it, and of those the ones
// resolved and resolved on time.
type Week struct {
	Start                  time.Time
	Opened, Done, OnTime   int
	ResolveDue, RespondDue int
}

// Group is the figures of one place or unit inside a scope, for rankings.
type Group struct {
	ID int64 // a place id, or a unit id
	Figures
}

// MetricsResult is everything the metrics pages show for one period.
type MetricsResult struct {
	Figures
	Weeks  []Week
	Places []Group // the scope's neighborhoods (street) or streets (district)
	Units  []Group // the lead units handling the scope's cases
}

// figureCols are the aggregates of one group of cases; ? is now, twice.
const figureCols = `COUNT(*),
	SUM(CASE WHEN c.acknowledged_at IS NOT NULL OR (c.respond_by < ? AND c.state IN ('submitted','reopened')) THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.acknowledged_at IS NOT NULL AND c.acknowledged_at <= c.respond_by THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.resolved_at IS NOT NULL OR (c.resolve_by < ? AND c.state IN ('submitted','acknowledged','assigned','in_progress','reopened')) THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.resolved_at IS NOT NULL AND c.resolved_at <= c.resolve_by THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.reopens > 0 THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.state IN ('resolved','closed') THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.state IN ('resolved','closed') AND c.level = 'neighborhood' THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.level <> 'neighborhood' THEN 1 ELSE 0 END)`

func (p Period) where() (string, []any, error) {
	col, ok := scopeColumn[p.Kind]
	if !ok || p.PlaceID == 0 || !p.From.Before(p.To) {
		return "", nil, errs.Field("period", "casemetrics.bad_period")
	}
	return ` FROM cases c WHERE c.` + col + ` = ? AND c.created_at >= ? AND c.created_at < ?`,
		[]any{p.PlaceID, p.From.UnixMilli(), p.To.UnixMilli()}, nil
}

// Metrics computes a period's figures, its weeks (from From, seven days
// each), and, for rankings, the same figures per child place and per lead
// unit. Whatever the number of cases: one single-row aggregate for the
// figures, one grouped query for the weeks and one per ranking, and each
// percentile read by walking a sorted index to its rank; two more per
// ranked group for its resolution times. Errors: invalid (a bad scope or
// period), internal.
func (s *Store) Metrics(ctx context.Context, p Period) (*MetricsResult, error) {
	where, args, err := p.where()
	if err != nil {
		return nil, err
	}
	now := p.Now.UnixMilli()
	out := &MetricsResult{}
	out.ByState = map[State]int{}
	respondN, resolveN, err := s.stateFigures(ctx, where, args, now, &out.Figures)
	if err != nil {
		return nil, err
	}
	scope := pick{col: scopeColumn[p.Kind], id: p.PlaceID, from: p.From.UnixMilli(), to: p.To.UnixMilli()}
	if out.Respond, err = s.percentiles(ctx, scope, "respond_work_ms", respondN); err != nil {
		return nil, err
	}
	if out.Resolve, err = s.percentiles(ctx, scope, "resolve_work_ms", resolveN); err != nil {
		return nil, err
	}
	if out.Weeks, err = s.weeks(ctx, p, where, args, now); err != nil {
		return nil, err
	}
	if col := childColumn[p.Kind]; col != "" {
		if out.Places, err = s.groups(ctx, where, args, now, col, scope); err != nil {
			return nil, err
		}
	}
	if out.Units, err = s.groups(ctx, where+` AND c.lead_unit_id IS NOT NULL`, args, now, "lead_unit_id", scope); err != nil {
		return nil, err
	}
	return out, nil
}

// stateFigures fills f from one pass that returns a single row: the
// states and ratings as conditional sums (a GROUP BY would sort every case),
// and how many cases have each working time, for the percentiles' ranks.
func (s *Store) stateFigures(ctx context.Context, where string, args []any, now int64, f *Figures) (respondN, resolveN int, err error) {
	var byState [8]int
	var ratings [5]int
	dest := []any{&respondN, &resolveN}
	for i := range byState {
		dest = append(dest, &byState[i])
	}
	for i := range ratings {
		dest = append(dest, &ratings[i])
	}
	var g Figures
	err = scanFigures(s.DB.QueryRowContext(ctx, `SELECT
	SUM(CASE WHEN c.respond_work_ms IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN c.resolve_work_ms IS NOT NULL THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.state = 'submitted' THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.state = 'acknowledged' THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.state = 'assigned' THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.state = 'in_progress' THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.state = 'resolved' THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.state = 'closed' THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.state = 'returned' THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.state = 'reopened' THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.rating = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN c.rating = 2 THEN 1 ELSE 0 END), SUM(CASE WHEN c.rating = 3 THEN 1 ELSE 0 END),
	SUM(CASE WHEN c.rating = 4 THEN 1 ELSE 0 END), SUM(CASE WHEN c.rating = 5 THEN 1 ELSE 0 END),
	`+figureCols+where, append([]any{now, now}, args...)...), &g, dest...)
	if err != nil {
		return 0, 0, errs.Internalf("cases: metrics: %w", err)
	}
	for i, st := range []State{Submitted, Acknowledged, Assigned, InProgress, Resolved, Closed, Returned, Reopened} {
		f.ByState[st] = byState[i]
	}
	for r, n := range ratings {
		f.Ratings[r+1] = n
		f.Rated += n
		f.RatingSum += (r + 1) * n
	}
	f.add(&g)
	return respondN, resolveN, nil
}

// scanFigures reads the leading columns (a state and rating, or a group id
// and the rating sums) and then figureCols.
func scanFigures(rows interface{ Scan(...any) error }, g *Figures, lead ...any) error {
	dest := append(lead, &g.Cases, &g.RespondDue, &g.RespondOnTime, &g.ResolveDue, &g.ResolveOnTime, &g.Reopened, &g.Done,
		&g.DoneLocal, &g.Escalated)
	// SUM over no rows is NULL: read through nullable ints.
	ns := make([]sql.NullInt64, len(dest))
	ptrs := make([]any, len(dest))
	for i := range dest {
		if _, ok := dest[i].(*int); ok {
			ptrs[i] = &ns[i]
		} else {
			ptrs[i] = dest[i]
		}
	}
	if err := rows.Scan(ptrs...); err != nil {
		return err
	}
	for i := range dest {
		if p, ok := dest[i].(*int); ok {
			*p = int(ns[i].Int64)
		}
	}
	return nil
}

func (f *Figures) add(g *Figures) {
	f.Cases += g.Cases
	f.RespondDue += g.RespondDue
	f.RespondOnTime += g.RespondOnTime
	f.ResolveDue += g.ResolveDue
	f.ResolveOnTime += g.ResolveOnTime
	f.Reopened += g.Reopened
	f.Done += g.Done
	f.DoneLocal += g.DoneLocal
	f.Escalated += g.Escalated
}

// weekMS is a week in Unix milliseconds.
const weekMS = 7 * 24 * 3600 * 1000

// weeks counts the period's cases per week from its start, every week
// present even when it had none. Each week is its own range of the scope's
// (scope, created_at) index, the ranges joined by UNION ALL into one query:
// a GROUP BY over the week number would sort every case of the period.
func (s *Store) weeks(ctx context.Context, p Period, where string, args []any, now int64) ([]Week, error) {
	from, to := p.From.UnixMilli(), p.To.UnixMilli()
	n := int((to - from + weekMS - 1) / weekMS)
	out := make([]Week, n)
	var q strings.Builder
	var qargs []any
	col := scopeColumn[p.Kind]
	for i := range out {
		out[i].Start = p.From.Add(time.Duration(i) * 7 * 24 * time.Hour)
		if i > 0 {
			q.WriteString(" UNION ALL ")
		}
		fmt.Fprintf(&q, `SELECT %d, %s FROM cases c WHERE c.%s = ? AND c.created_at >= ? AND c.created_at < ?`, i, figureCols, col)
		qargs = append(qargs, now, now, p.PlaceID, from+int64(i)*weekMS, min(from+int64(i+1)*weekMS, to))
	}
	rows, err := s.DB.QueryContext(ctx, q.String(), qargs...)
	if err != nil {
		return nil, errs.Internalf("cases: metrics weeks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i int
		var g Figures
		if err := scanFigures(rows, &g, &i); err != nil {
			return nil, errs.Internalf("cases: metrics weeks: %w", err)
		}
		if i >= 0 && i < n {
			out[i].Opened, out[i].Done, out[i].OnTime = g.Cases, g.Done, g.ResolveOnTime
			out[i].ResolveDue, out[i].RespondDue = g.ResolveDue, g.RespondDue
		}
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Internalf("cases: metrics weeks: %w", err)
	}
	return out, nil
}

// groups computes the figures per value of col (a child place or a unit)
// in one grouped query, ratings included, then each group's resolution
// percentiles by index walks.
func (s *Store) groups(ctx context.Context, where string, args []any, now int64, col string, scope pick) ([]Group, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT c.`+col+`, SUM(CASE WHEN c.rating > 0 THEN 1 ELSE 0 END), SUM(c.rating),
		SUM(CASE WHEN c.resolve_work_ms IS NOT NULL THEN 1 ELSE 0 END), `+figureCols+where+` GROUP BY c.`+col+` ORDER BY c.`+col,
		append([]any{now, now}, args...)...)
	if err != nil {
		return nil, errs.Internalf("cases: metrics groups: %w", err)
	}
	defer rows.Close()
	var out []Group
	var counts []int
	for rows.Next() {
		var g Group
		var n int
		if err := scanFigures(rows, &g.Figures, &g.ID, &g.Rated, &g.RatingSum, &n); err != nil {
			return nil, errs.Internalf("cases: metrics groups: %w", err)
		}
		out = append(out, g)
		counts = append(counts, n)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Internalf("cases: metrics groups: %w", err)
	}
	rows.Close()
	for i := range out {
		in := pick{col: col, id: out[i].ID, from: scope.from, to: scope.to}
		if col == "lead_unit_id" { // a unit may serve places outside the scope
			in.alsoCol, in.alsoID = scope.col, scope.id
		}
		if out[i].Resolve, err = s.percentiles(ctx, in, "resolve_work_ms", counts[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// pick names the cases a percentile is read from: col = id, opened in
// [from, to), and optionally alsoCol = alsoID.
type pick struct {
	col, alsoCol string
	id, alsoID   int64
	from, to     int64
}

// percentiles reads the median and the 90th percentile (nearest rank) of n
// values of a working-time column by walking the partial index (scope,
// column, created_at) in order to each rank: no sort, and only the rows up
// to the rank are visited.
func (s *Store) percentiles(ctx context.Context, p pick, col string, n int) (Percentiles, error) {
	out := Percentiles{N: n}
	if n == 0 {
		return out, nil
	}
	q := `SELECT c.` + col + ` FROM cases c WHERE c.` + p.col + ` = ? AND c.` + col + ` IS NOT NULL AND c.created_at >= ? AND c.created_at < ?`
	args := []any{p.id, p.from, p.to}
	if p.alsoCol != "" {
		q += ` AND c.` + p.alsoCol + ` = ?`
		args = append(args, p.alsoID)
	}
	q += ` ORDER BY c.` + col + ` LIMIT 1 OFFSET ?`
	for _, r := range []struct {
		rank int
		into *time.Duration
	}{{(n + 1) / 2, &out.Median}, {(9*n + 9) / 10, &out.P90}} {
		var v int64
		err := s.DB.QueryRowContext(ctx, q, append(args, r.rank-1)...).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			continue // a case changed between the count and this read
		}
		if err != nil {
			return out, errs.Internalf("cases: metrics percentile: %w", err)
		}
		*r.into = time.Duration(v) * time.Millisecond
	}
	return out, nil
}
