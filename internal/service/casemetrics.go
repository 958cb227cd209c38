package service

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/workclock"
)

// MinRankedCases is how many resolutions must have fallen due in a period
// before a place or unit is ranked: below it one late case swings the share
// too far for a comparison to be fair, so it is listed, not ranked.
const MinRankedCases = 10

// MaxMetricsDays bounds a metrics period.
const MaxMetricsDays = 366

// DefaultMetricsDays is the period shown when none is chosen: four weeks.
const DefaultMetricsDays = 28

// RankedGroup is a place or unit in a ranking: Rank 0 means too few cases
// to be ranked fairly.
type RankedGroup struct {
	cases.Group
	Rank int
	Name string
	// Per100Households is the cases opened per hundred households, for
	// neighborhoods whose households are known (0 otherwise): volume
	// compared fairly between large and small neighborhoods.
	Per100Households float64
}

// CaseMetricsView is a place's case metrics over a period.
type CaseMetricsView struct {
	Place    *org.Place
	From, To time.Time // the period: [From, To), midnight in China's time
	Result   *cases.MetricsResult
	Places   []RankedGroup // the neighborhoods of a street, the streets of a district
	Units    []RankedGroup
	MinCases int
}

// LastDay is the period's last day, for forms and headings.
func (v *CaseMetricsView) LastDay() time.Time { return v.To.AddDate(0, 0, -1) }

// CaseMetrics computes a neighborhood's, street's or district's case
// metrics over the days from..to (both "2006-01-02", China's time, to
// included; empty: the last four weeks). A neighborhood's cadres see their
// neighborhood, street admins their street, district admins everything
// under them. Errors: unauthorized, forbidden, not_found, invalid (a bad period).
func (s *Service) CaseMetrics(ctx context.Context, p *Principal, placeID int64, from, to string) (*CaseMetricsView, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	place, err := s.placeFor(ctx, p, access.ViewCaseMetrics, placeID)
	if err != nil {
		return nil, err
	}
	kind := cases.ScopeKind(place.Kind)
	if place.Kind != org.Neighborhood && place.Kind != org.Street && place.Kind != org.District {
		return nil, errs.New(errs.NotFound, "place.not_found")
	}
	v := &CaseMetricsView{Place: place, MinCases: MinRankedCases}
	if v.From, v.To, err = metricsPeriod(s.Cases.Now(), from, to); err != nil {
		return nil, err
	}
	if v.Result, err = s.Cases.Metrics(ctx, cases.Period{Kind: kind, PlaceID: place.ID, From: v.From, To: v.To, Now: s.Cases.Now()}); err != nil {
		return nil, err
	}
	if v.Places, err = s.rankPlaces(ctx, v.Result.Places); err != nil {
		return nil, err
	}
	if v.Units, err = s.rankUnits(ctx, v.Result.Units); err != nil {
		return nil, err
	}
	return v, nil
}

// metricsPeriod parses the chosen days; to is inclusive on the page and
// exclusive in the result. Errors: invalid.
func metricsPeriod(now time.Time, from, to string) (time.Time, time.Time, error) {
	zone := workclock.Shanghai()
	today := now.In(zone)
	end := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, zone).AddDate(0, 0, 1)
	var err error
	if to = strings.TrimSpace(to); to != "" {
		var d time.Time
		if d, err = time.ParseInLocation("2006-01-02", to, zone); err != nil {
			return time.Time{}, time.Time{}, errs.Field("to", "casemetrics.bad_period")
		}
		end = d.AddDate(0, 0, 1)
	}
	start := end.AddDate(0, 0, -DefaultMetricsDays)
	if from = strings.TrimSpace(from); from != "" {
		if start, err = time.ParseInLocation("2006-01-02", from, zone); err != nil {
			return time.Time{}, time.Time{}, errs.Field("from", "casemetrics.bad_period")
		}
	}
	if !start.Before(end) || end.Sub(start) > MaxMetricsDays*24*time.Hour {
		return time.Time{}, time.Time{}, errs.Field("from", "casemetrics.bad_period")
	}
	return start, end, nil
}

func (s *Service) rankPlaces(ctx context.Context, groups []cases.Group) ([]RankedGroup, error) {
	ids := make([]int64, len(groups))
	for i, g := range groups {
		ids[i] = g.ID
	}
	places, err := s.Org.PlacesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]RankedGroup, len(groups))
	for i, g := range groups {
		out[i].Group = g
		if pl := places[g.ID]; pl != nil {
			out[i].Name = pl.Name
			if pl.Kind == org.Neighborhood && pl.HouseholdCount > 0 {
				out[i].Per100Households = float64(g.Cases) * 100 / float64(pl.HouseholdCount)
			}
		}
	}
	return rank(out), nil
}

func (s *Service) rankUnits(ctx context.Context, groups []cases.Group) ([]RankedGroup, error) {
	ids := make([]int64, len(groups))
	for i, g := range groups {
		ids[i] = g.ID
	}
	units, err := s.Org.UnitsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]RankedGroup, len(groups))
	for i, g := range groups {
		out[i].Group = g
		if u := units[g.ID]; u != nil {
			out[i].Name = u.Name
		}
	}
	return rank(out), nil
}

// rank orders groups fairly: only those with at least MinRankedCases
// resolutions due are ranked, by the share resolved on time (a rate, so a
// busy place is not punished for its volume), then by the shorter median
// resolution, then by satisfaction; the rest follow, unranked, by volume.
func rank(gs []RankedGroup) []RankedGroup {
	sort.SliceStable(gs, func(i, j int) bool {
		a, b := &gs[i], &gs[j]
		ra, rb := a.ResolveDue >= MinRankedCases, b.ResolveDue >= MinRankedCases
		if ra != rb {
			return ra
		}
		if !ra {
			return a.Cases > b.Cases
		}
		if a.OnTime() != b.OnTime() {
			return a.OnTime() > b.OnTime()
		}
		if a.Resolve.Median != b.Resolve.Median {
			return a.Resolve.Median < b.Resolve.Median
		}
		return a.Satisfaction() > b.Satisfaction()
	})
	for i := range gs {
		if gs[i].ResolveDue >= MinRankedCases {
			gs[i].Rank = i + 1
		}
	}
	return gs
}

// CaseMetricsScopes are the places whose metrics the person may see: the
// roots of their grants (a neighborhood, a street, a district). Errors: unauthorized.
func (s *Service) CaseMetricsScopes(ctx context.Context, p *Principal) ([]*org.Place, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	var ids []int64
	for _, g := range p.Actor.Scopes(access.ViewCaseMetrics) {
		ids = append(ids, g.PlaceID)
	}
	byID, err := s.Org.PlacesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []*org.Place
	for _, id := range ids {
		if pl := byID[id]; pl != nil && (pl.Kind == org.Neighborhood || pl.Kind == org.Street || pl.Kind == org.District) {
			out = append(out, pl)
			delete(byID, id)
		}
	}
	return out, nil
}
