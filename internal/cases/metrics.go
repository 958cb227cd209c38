package cases

import (
	"context"
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
// unit: five queries, whatever the number of cases. Errors: invalid (a bad
// scope or period), internal.
func (s *Store) Metrics(ctx context.Context, p Period) (*MetricsResult, error) {
	where, args, err := p.where()
	if err != nil {
		return nil, err
	}
	now := p.Now.UnixMilli()
	out := &MetricsResult{}
	out.ByState = map[State]int{}
	if err := s.stateFigures(ctx, where, args, now, &out.Figures); err != nil {
		return nil, err
	}
	if err := s.percentiles(ctx, where, args, "", map[int64]*Figures{0: &out.Figures}); err != nil {
		return nil, err
	}
	if out.Weeks, err = s.weeks(ctx, p, where, args, now); err != nil {
		return nil, err
	}
	if col := childColumn[p.Kind]; col != "" {
		if out.Places, err = s.groups(ctx, where, args, now, "c."+col); err != nil {
			return nil, err
		}
	}
	if out.Units, err = s.groups(ctx, where+` AND c.lead_unit_id IS NOT NULL`, args, now, "c.lead_unit_id"); err != nil {
		return nil, err
	}
	return out, nil
}

// stateFigures fills f from one grouped scan: by state, level and rating.
func (s *Store) stateFigures(ctx context.Context, where string, args []any, now int64, f *Figures) error {
	rows, err := s.DB.QueryContext(ctx, `SELECT c.state, c.rating, `+figureCols+where+` GROUP BY c.state, c.rating`,
		append([]any{now, now}, args...)...)
	if err != nil {
		return errs.Internalf("cases: metrics: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st State
		var rating int
		var g Figures
		if err := scanFigures(rows, &g, &st, &rating); err != nil {
			return errs.Internalf("cases: metrics: %w", err)
		}
		f.ByState[st] += g.Cases
		if rating >= 1 && rating <= 5 {
			f.Ratings[rating] += g.Cases
			f.Rated += g.Cases
			f.RatingSum += rating * g.Cases
		}
		f.add(&g)
	}
	if err := rows.Err(); err != nil {
		return errs.Internalf("cases: metrics: %w", err)
	}
	return nil
}

// scanFigures reads the leading columns (a state and rating, or a group id
// and the rating sums) and then figureCols.
func scanFigures(rows interface{ Scan(...any) error }, g *Figures, lead ...any) error {
	dest := append(lead, &g.Cases, &g.RespondDue, &g.RespondOnTime, &g.ResolveDue, &g.ResolveOnTime, &g.Reopened, &g.Done,
		&g.DoneLocal, &g.Escalated)
	return rows.Scan(dest...)
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
// present even when it had none.
func (s *Store) weeks(ctx context.Context, p Period, where string, args []any, now int64) ([]Week, error) {
	from := p.From.UnixMilli()
	n := int((p.To.UnixMilli() - from + weekMS - 1) / weekMS)
	out := make([]Week, n)
	for i := range out {
		out[i].Start = p.From.Add(time.Duration(i) * 7 * 24 * time.Hour)
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT (c.created_at - ?) / 604800000, `+figureCols+where+` GROUP BY 1`,
		append([]any{from, now, now}, args...)...)
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

// groups computes the figures per value of col (a child place or a unit),
// ratings included, then their percentiles in one more query.
func (s *Store) groups(ctx context.Context, where string, args []any, now int64, col string) ([]Group, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+col+`, SUM(CASE WHEN c.rating > 0 THEN 1 ELSE 0 END), SUM(c.rating), `+figureCols+where+
		` GROUP BY `+col+` ORDER BY `+col, append([]any{now, now}, args...)...)
	if err != nil {
		return nil, errs.Internalf("cases: metrics groups: %w", err)
	}
	defer rows.Close()
	var out []Group
	for rows.Next() {
		var g Group
		if err := scanFigures(rows, &g.Figures, &g.ID, &g.Rated, &g.RatingSum); err != nil {
			return nil, errs.Internalf("cases: metrics groups: %w", err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Internalf("cases: metrics groups: %w", err)
	}
	rows.Close()
	byID := map[int64]*Figures{}
	for i := range out {
		byID[out[i].ID] = &out[i].Figures
	}
	if err := s.percentiles(ctx, where, args, col, byID); err != nil {
		return nil, err
	}
	return out, nil
}

// percentiles picks the median and the 90th percentile (nearest rank) of
// both working-time columns, per value of part ("" for the whole scope), by
// row number over each sorted column: one query, the sort done by the
// database.
func (s *Store) percentiles(ctx context.Context, where string, args []any, part string, into map[int64]*Figures) error {
	key, over := "0", ""
	if part != "" {
		key, over = part, "PARTITION BY "+part+" "
	}
	one := func(kind, col string) string {
		return `SELECT ` + kind + ` AS k, ` + key + ` AS g, ` + col + ` AS v, ROW_NUMBER() OVER (` + over + `ORDER BY ` + col + `) AS rn,
			COUNT(*) OVER (` + over + `) AS n` + where + ` AND ` + col + ` IS NOT NULL`
	}
	q := `SELECT k, g, v, rn, n FROM (` + one("1", "c.respond_work_ms") + ` UNION ALL ` + one("2", "c.resolve_work_ms") +
		`) t WHERE rn = (n + 1) / 2 OR rn = (9 * n + 9) / 10`
	rows, err := s.DB.QueryContext(ctx, q, append(append([]any{}, args...), args...)...)
	if err != nil {
		return errs.Internalf("cases: metrics percentiles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, rn, n int
		var g, v int64
		if err := rows.Scan(&kind, &g, &v, &rn, &n); err != nil {
			return errs.Internalf("cases: metrics percentiles: %w", err)
		}
		f := into[g]
		if f == nil {
			continue
		}
		pc := &f.Respond
		if kind == 2 {
			pc = &f.Resolve
		}
		pc.N = n
		d := time.Duration(v) * time.Millisecond
		if rn == (n+1)/2 {
			pc.Median = d
		}
		if rn == (9*n+9)/10 {
			pc.P90 = d
		}
	}
	if err := rows.Err(); err != nil {
		return errs.Internalf("cases: metrics percentiles: %w", err)
	}
	return nil
}
