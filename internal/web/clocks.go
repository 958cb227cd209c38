package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/clocks"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/org"
)

// clocksData is the clock settings form of one district.
type clocksData struct {
	District   *org.Place
	In         clocks.Input
	Categories []string
	Weekdays   []weekdayBox
}

type weekdayBox struct {
	N  int
	On bool
}

func newClocksData(dist *org.Place, in clocks.Input) *clocksData {
	d := &clocksData{District: dist, In: in, Categories: board.Categories}
	for _, n := range []int{1, 2, 3, 4, 5, 6, 0} {
		box := weekdayBox{N: n}
		for _, w := range in.Weekdays {
			box.On = box.On || w == n
		}
		d.Weekdays = append(d.Weekdays, box)
	}
	return d
}

// adminClocksRoots sends a district admin to their district's settings.
func (w *Web) adminClocksRoots(rw http.ResponseWriter, r *http.Request) {
	dists, err := w.Svc.ClockDistricts(r.Context(), httpx.Principal(r))
	if err == nil && len(dists) == 0 {
		err = errs.New(errs.Forbidden, "error.forbidden")
	}
	if err != nil {
		w.fail(rw, r, "", "clocks.title", nil, err)
		return
	}
	http.Redirect(rw, r, "/admin/clocks/"+strconv.FormatInt(dists[0].ID, 10), http.StatusSeeOther)
}

func (w *Web) adminClocks(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var st *clocks.Settings
	var dist *org.Place
	if err == nil {
		st, dist, err = w.Svc.ClockSettings(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.fail(rw, r, "", "clocks.title", nil, err)
		return
	}
	w.render(rw, r, http.StatusOK, "admin_clocks", w.page(r, "clocks.title", newClocksData(dist, st.Input())))
}

func (w *Web) saveClocks(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil && r.ParseForm() != nil {
		err = errNoForm
	}
	if err != nil {
		w.fail(rw, r, "", "clocks.title", nil, err)
		return
	}
	in := clocksInput(r)
	p := httpx.Principal(r)
	if _, err := w.Svc.SaveClockSettings(r.Context(), p, id, in); err != nil {
		_, dist, lerr := w.Svc.ClockSettings(r.Context(), p, id)
		if lerr != nil {
			w.fail(rw, r, "", "clocks.title", nil, lerr)
			return
		}
		w.fail(rw, r, "admin_clocks", "clocks.title", newClocksData(dist, in), err)
		return
	}
	http.Redirect(rw, r, "/admin/clocks/"+strconv.FormatInt(id, 10)+"?flash=flash.saved", http.StatusSeeOther)
}

// clocksInput reads the form; a number left empty or mistyped reads as 0,
// which Parse then refuses beside its field.
func clocksInput(r *http.Request) clocks.Input {
	num := func(name string) int {
		n, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue(name)))
		return n
	}
	in := clocks.Input{Hours: r.PostFormValue("hours"), Holidays: r.PostFormValue("holidays"), Workdays: r.PostFormValue("workdays"),
		PatrolTimes: r.PostFormValue("patrol_times"), RespondHours: num("respond_hours"),
		EscalateStreetHours: num("escalate_street_hours"), EscalateDistrictHours: num("escalate_district_hours"),
		DueSoonHours: num("due_soon_hours"), AutoCloseDays: num("auto_close_days"), FollowUpDays: num("follow_up_days"),
		ResolveHours: map[string]int{}}
	for _, v := range r.PostForm["weekday"] {
		if n, err := strconv.Atoi(v); err == nil {
			in.Weekdays = append(in.Weekdays, n)
		}
	}
	for _, c := range board.Categories {
		in.ResolveHours[c] = num("resolve_" + c)
	}
	return in
}

// dict builds a map from key, value pairs, so a template can pass several
// values to a shared fragment.
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		m[k] = kv[i+1]
	}
	return m
}

func init() { funcs["dict"] = dict }

// clockRoutes registers the clocks' pages.
func (w *Web) clockRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/clocks", w.adminClocksRoots)
	mux.HandleFunc("GET /admin/clocks/{id}", w.adminClocks)
	mux.HandleFunc("POST /admin/clocks/{id}", w.saveClocks)
	mux.HandleFunc("GET /patrol", w.patrolPage)
	mux.HandleFunc("GET /patrol/{id}", w.patrolPage)
	mux.HandleFunc("POST /patrol/{id}/done", w.patrolDone)
	mux.HandleFunc("GET /cases/{id}/extensions", w.caseExtensions)
	mux.HandleFunc("POST /cases/{id}/extensions", w.requestExtension)
	mux.HandleFunc("GET /extensions", w.extensionQueue)
	mux.HandleFunc("POST /extensions/{id}/decision", w.decideExtension)
}
