package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/i18n"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/service"
)

func (w *Web) caseMetricsRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /case-metrics", w.caseMetricsHome)
	mux.HandleFunc("GET /places/{id}/case-metrics", w.caseMetricsPage)
	mux.HandleFunc("POST /cases/{id}/release", w.releaseCase)
}

// metricsData is the metrics page, its figures already written as text.
type metricsData struct {
	Place            *org.Place
	From, To         string
	Summary          []stat
	States           []stateRow
	StateChart       template.HTML
	Weeks            []weekRow
	WeekChart        template.HTML
	Ratings          []bar
	Places, Units    []rankRow
	RankRule         string
	Empty            bool
	Scopes           []*org.Place
	ShowPer100       bool
	PlacesHeadingKey string
}

type stat struct{ Label, Value, Hint string }

type stateRow struct {
	Label string
	Count int
}

type weekRow struct {
	Start                string
	Opened, Done, OnTime int
}

type rankRow struct {
	Rank, Name, Cases, OnTime, Median, Satisfaction, Reopen, Local, Per100 string
	Ranked                                                                 bool
	Link                                                                   string
}

// caseMetricsHome sends a person to the metrics of the first place they may
// see, or lists them when there are several.
func (w *Web) caseMetricsHome(rw http.ResponseWriter, r *http.Request) {
	scopes, err := w.Svc.CaseMetricsScopes(r.Context(), httpx.Principal(r))
	if err == nil && len(scopes) == 0 {
		err = errs.New(errs.Forbidden, "error.forbidden")
	}
	if err != nil {
		w.fail(rw, r, "", "casemetrics.title", nil, err)
		return
	}
	http.Redirect(rw, r, "/places/"+strconv.FormatInt(scopes[0].ID, 10)+"/case-metrics", http.StatusSeeOther)
}

func (w *Web) caseMetricsPage(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var v *service.CaseMetricsView
	p := httpx.Principal(r)
	if err == nil {
		v, err = w.Svc.CaseMetrics(r.Context(), p, id, r.URL.Query().Get("from"), r.URL.Query().Get("to"))
	}
	var scopes []*org.Place
	if err == nil {
		scopes, err = w.Svc.CaseMetricsScopes(r.Context(), p)
	}
	if err != nil {
		w.fail(rw, r, "", "casemetrics.title", nil, err)
		return
	}
	lang := httpx.Lang(r)
	d := newMetricsData(lang, v)
	if len(scopes) > 1 {
		d.Scopes = scopes
	}
	w.render(rw, r, http.StatusOK, "case_metrics", w.page(r, "casemetrics.title", d))
}

func newMetricsData(lang i18n.Lang, v *service.CaseMetricsView) *metricsData {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	m := v.Result
	d := &metricsData{Place: v.Place, From: v.From.Format("2006-01-02"), To: v.LastDay().Format("2006-01-02"), Empty: m.Cases == 0,
		RankRule: t("casemetrics.rank_rule", v.MinCases), PlacesHeadingKey: "casemetrics.rank_places." + string(v.Place.Kind)}
	d.Summary = []stat{
		{t("casemetrics.cases"), strconv.Itoa(m.Cases), ""},
		{t("casemetrics.on_time"), pct(m.OnTime(), m.ResolveDue), t("casemetrics.n_of", m.ResolveOnTime, m.ResolveDue)},
		{t("casemetrics.respond_on_time"), pct(cases.Share(m.RespondOnTime, m.RespondDue), m.RespondDue), t("casemetrics.n_of", m.RespondOnTime, m.RespondDue)},
		{t("casemetrics.respond_median"), hoursText(lang, m.Respond.Median, m.Respond.N), p90Text(lang, m.Respond)},
		{t("casemetrics.resolve_median"), hoursText(lang, m.Resolve.Median, m.Resolve.N), p90Text(lang, m.Resolve)},
		{t("casemetrics.satisfaction"), rating(m.Satisfaction(), m.Rated), t("casemetrics.rated", m.Rated)},
		{t("casemetrics.reopen_rate"), pct(m.ReopenRate(), m.Cases), t("casemetrics.n_of", m.Reopened, m.Cases)},
		{t("casemetrics.local_share"), pct(m.LocalShare(), m.Done), t("casemetrics.n_of", m.DoneLocal, m.Done)},
	}
	var stateBars []bar
	for _, st := range cases.States {
		label := t("cases.state." + string(st))
		d.States = append(d.States, stateRow{label, m.ByState[st]})
		stateBars = append(stateBars, bar{Label: label, Value: m.ByState[st]})
	}
	d.StateChart = hbarChart("chart-states", t("casemetrics.state_chart"), t("casemetrics.chart_desc"), stateBars)
	var weekBars []bar
	for _, wk := range m.Weeks {
		d.Weeks = append(d.Weeks, weekRow{wk.Start.Format("2006-01-02"), wk.Opened, wk.Done, wk.OnTime})
		weekBars = append(weekBars, bar{Label: wk.Start.Format("01-02"), Value: wk.Opened, Second: wk.Done})
	}
	d.WeekChart = vbarChart("chart-weeks", t("casemetrics.week_chart"), t("casemetrics.chart_desc"), t("casemetrics.opened"),
		t("casemetrics.done"), weekBars)
	for r := 1; r <= 5; r++ {
		d.Ratings = append(d.Ratings, bar{Label: t("casemetrics.stars", r), Value: m.Ratings[r]})
	}
	d.Places = rankRows(lang, v.Places, true)
	d.Units = rankRows(lang, v.Units, false)
	for _, g := range v.Places {
		d.ShowPer100 = d.ShowPer100 || g.Per100Households > 0
	}
	return d
}

func rankRows(lang i18n.Lang, gs []service.RankedGroup, places bool) []rankRow {
	var out []rankRow
	for _, g := range gs {
		row := rankRow{Name: g.Name, Cases: strconv.Itoa(g.Cases), OnTime: pct(g.OnTime(), g.ResolveDue),
			Median: hoursText(lang, g.Resolve.Median, g.Resolve.N), Satisfaction: rating(g.Satisfaction(), g.Rated),
			Reopen: pct(g.ReopenRate(), g.Cases), Local: pct(g.LocalShare(), g.Done), Ranked: g.Rank > 0, Rank: "—"}
		if g.Rank > 0 {
			row.Rank = strconv.Itoa(g.Rank)
		}
		if g.Per100Households > 0 {
			row.Per100 = fmt.Sprintf("%.1f", g.Per100Households)
		}
		if places {
			row.Link = "/places/" + strconv.FormatInt(g.ID, 10) + "/case-metrics"
		}
		if row.Name == "" {
			row.Name = "#" + strconv.FormatInt(g.ID, 10)
		}
		out = append(out, row)
	}
	return out
}

// pct writes a share as a percentage, or a dash when nothing was counted.
func pct(x float64, n int) string {
	if n == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", x*100)
}

func rating(x float64, n int) string {
	if n == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f", x)
}

// hoursText writes a working-time duration in hours.
func hoursText(lang i18n.Lang, d time.Duration, n int) string {
	if n == 0 {
		return "—"
	}
	return i18n.T(lang, "casemetrics.hours", fmt.Sprintf("%.1f", d.Hours()))
}

// releaseCase lets the neighborhood see a case's held text.
func (w *Web) releaseCase(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = w.Svc.ReleaseCase(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.fail(rw, r, "", "cases.title", nil, err)
		return
	}
	http.Redirect(rw, r, "/cases/"+strconv.FormatInt(id, 10)+"?flash=flash.case_released", http.StatusSeeOther)
}

// p90Text is the line under a median: nine in ten within the 90th percentile.
func p90Text(lang i18n.Lang, p cases.Percentiles) string {
	if p.N == 0 {
		return ""
	}
	return i18n.T(lang, "casemetrics.p90", hoursText(lang, p.P90, p.N))
}
