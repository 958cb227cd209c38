package api

import (
	"net/http"
	"time"

	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/service"
)

// caseMetricsRoutes are the case metrics' endpoints.
func (a *API) caseMetricsRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/places/{id}/case-metrics", "Case metrics of a neighborhood, street or district over ?from=2006-01-02&to=2006-01-02 (default the last 28 days): counts by state, response and resolution times in working hours (median, p90), on-time shares, satisfaction, reopen rate, share resolved in the neighborhood, weeks, and fair rankings of its places and units", true, "", "CaseMetrics", 200, a.caseMetrics},
		{"POST", "/api/v1/cases/{id}/release", "Let the neighborhood see a case's text held by the sensitive-word list (committee, street, district)", true, "", "", 204, a.releaseCase},
	}
}

func init() {
	schemas["CaseMetrics"] = map[string]string{"place_id": "integer", "place_kind": "string", "from": "string", "to": "string",
		"figures": "object", "weeks": "array", "places": "array", "units": "array", "min_ranked_cases": "integer"}
}

// figuresJSON is one set of figures on the wire; times are in working hours,
// shares between 0 and 1.
type figuresJSON struct {
	Cases            int            `json:"cases"`
	ByState          map[string]int `json:"by_state,omitempty"`
	RespondDue       int            `json:"respond_due"`
	RespondOnTime    int            `json:"respond_on_time"`
	ResolveDue       int            `json:"resolve_due"`
	ResolveOnTime    int            `json:"resolve_on_time"`
	OnTimeShare      float64        `json:"on_time_share"`
	RespondN         int            `json:"respond_count"`
	RespondMedianH   float64        `json:"respond_median_hours"`
	RespondP90H      float64        `json:"respond_p90_hours"`
	ResolveN         int            `json:"resolve_count"`
	ResolveMedianH   float64        `json:"resolve_median_hours"`
	ResolveP90H      float64        `json:"resolve_p90_hours"`
	Rated            int            `json:"rated"`
	Satisfaction     float64        `json:"satisfaction"`
	Ratings          []int          `json:"ratings,omitempty"` // counts of 1..5
	Reopened         int            `json:"reopened"`
	ReopenRate       float64        `json:"reopen_rate"`
	Done             int            `json:"done"`
	DoneLocal        int            `json:"done_in_neighborhood"`
	LocalShare       float64        `json:"in_neighborhood_share"`
	Escalated        int            `json:"escalated"`
	Rank             int            `json:"rank,omitempty"` // rankings only; 0 = too few cases to rank
	ID               int64          `json:"id,omitempty"`
	Name             string         `json:"name,omitempty"`
	Per100Households float64        `json:"per_100_households,omitempty"`
}

type weekJSON struct {
	Start      string `json:"start"`
	Opened     int    `json:"opened"`
	Done       int    `json:"done"`
	OnTime     int    `json:"on_time"`
	ResolveDue int    `json:"resolve_due"`
}

type caseMetricsJSON struct {
	PlaceID   int64         `json:"place_id"`
	PlaceKind string        `json:"place_kind"`
	PlaceName string        `json:"place_name"`
	From      string        `json:"from"`
	To        string        `json:"to"`
	MinRanked int           `json:"min_ranked_cases"`
	Figures   figuresJSON   `json:"figures"`
	Weeks     []weekJSON    `json:"weeks"`
	Places    []figuresJSON `json:"places"`
	Units     []figuresJSON `json:"units"`
}

func hours(d time.Duration) float64 { return float64(d.Milliseconds()/36000) / 100 } // two decimals

func figuresView(f *cases.Figures) figuresJSON {
	return figuresJSON{Cases: f.Cases, RespondDue: f.RespondDue, RespondOnTime: f.RespondOnTime, ResolveDue: f.ResolveDue,
		ResolveOnTime: f.ResolveOnTime, OnTimeShare: f.OnTime(), RespondN: f.Respond.N, RespondMedianH: hours(f.Respond.Median),
		RespondP90H: hours(f.Respond.P90), ResolveN: f.Resolve.N, ResolveMedianH: hours(f.Resolve.Median), ResolveP90H: hours(f.Resolve.P90),
		Rated: f.Rated, Satisfaction: f.Satisfaction(), Reopened: f.Reopened, ReopenRate: f.ReopenRate(), Done: f.Done,
		DoneLocal: f.DoneLocal, LocalShare: f.LocalShare(), Escalated: f.Escalated}
}

func rankedView(gs []service.RankedGroup) []figuresJSON {
	out := make([]figuresJSON, 0, len(gs))
	for i := range gs {
		v := figuresView(&gs[i].Figures)
		v.ID, v.Name, v.Rank, v.Per100Households = gs[i].ID, gs[i].Name, gs[i].Rank, gs[i].Per100Households
		out = append(out, v)
	}
	return out
}

func (a *API) caseMetrics(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var v *service.CaseMetricsView
	if err == nil {
		q := r.URL.Query()
		v, err = a.Svc.CaseMetrics(r.Context(), httpx.Principal(r), id, q.Get("from"), q.Get("to"))
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	out := caseMetricsJSON{PlaceID: v.Place.ID, PlaceKind: string(v.Place.Kind), PlaceName: v.Place.Name,
		From: v.From.Format("2006-01-02"), To: v.LastDay().Format("2006-01-02"), MinRanked: v.MinCases,
		Figures: figuresView(&v.Result.Figures), Weeks: []weekJSON{}, Places: rankedView(v.Places), Units: rankedView(v.Units)}
	out.Figures.ByState = map[string]int{}
	for _, st := range cases.States {
		out.Figures.ByState[string(st)] = v.Result.ByState[st]
	}
	out.Figures.Ratings = v.Result.Ratings[1:]
	for _, wk := range v.Result.Weeks {
		out.Weeks = append(out.Weeks, weekJSON{Start: wk.Start.Format("2006-01-02"), Opened: wk.Opened, Done: wk.Done, OnTime: wk.OnTime,
			ResolveDue: wk.ResolveDue})
	}
	reply(w, r, http.StatusOK, out, nil)
}
