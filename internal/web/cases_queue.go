package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/service"
)

// caseListData is one list page: my cases, a neighborhood's, a unit's, or a
// workbench queue with its tabs.
type caseListData struct {
	*service.CaseList
	Heading string   // catalog key
	Tabs    []string // queue names, on the workbench
	Base    string   // the page's path, for tabs and "more"
	Report  bool     // offer the report button
	Now     time.Time
}

// Overdue reports whether a listed case is past its deadline.
func (d *caseListData) Overdue(c *cases.Case) bool { return c.Overdue(d.Now) }

func (w *Web) renderList(rw http.ResponseWriter, r *http.Request, d *caseListData, title string) {
	d.Now = w.Svc.Cases.Now()
	p := w.page(r, d.Heading, d)
	if title != "" {
		p.Title = title
	}
	w.render(rw, r, http.StatusOK, "case_list", p)
}

func (w *Web) myCases(rw http.ResponseWriter, r *http.Request) {
	l, err := w.Svc.MyCases(r.Context(), httpx.Principal(r), cases.Cursor(r.URL.Query().Get("cursor")))
	if err != nil {
		w.fail(rw, r, "", "cases.mine", nil, err)
		return
	}
	w.renderList(rw, r, &caseListData{CaseList: l, Heading: "cases.mine", Base: "/cases?", Report: true}, "")
}

func (w *Web) neighborhoodCases(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var l *service.CaseList
	if err == nil {
		l, err = w.Svc.NeighborhoodCases(r.Context(), httpx.Principal(r), id, cases.Cursor(r.URL.Query().Get("cursor")))
	}
	if err != nil {
		w.fail(rw, r, "", "cases.neighborhood", nil, err)
		return
	}
	d := &caseListData{CaseList: l, Heading: "cases.neighborhood", Base: "/neighborhoods/" + strconv.FormatInt(id, 10) + "/cases?", Report: true}
	w.renderList(rw, r, d, l.Place.Name+" · "+w.page(r, "cases.neighborhood", nil).Title)
}

// workbenchHome sends staff to the workbench of the place they work on, or
// lets them choose when there are several.
func (w *Web) workbenchHome(rw http.ResponseWriter, r *http.Request) {
	places, units, err := w.Svc.CaseScopes(r.Context(), httpx.Principal(r))
	if err != nil {
		w.fail(rw, r, "", "cases.workbench", nil, err)
		return
	}
	switch {
	case len(places) == 1 && len(units) == 0:
		http.Redirect(rw, r, "/places/"+strconv.FormatInt(places[0].ID, 10)+"/workbench", http.StatusSeeOther)
	case len(places) == 0 && len(units) == 1:
		http.Redirect(rw, r, "/units/"+strconv.FormatInt(units[0], 10)+"/cases", http.StatusSeeOther)
	case len(places) == 0 && len(units) == 0:
		w.fail(rw, r, "", "cases.workbench", nil, errs.New(errs.Forbidden, "error.forbidden"))
	default:
		w.render(rw, r, http.StatusOK, "case_scopes", w.page(r, "cases.workbench", map[string]any{"Places": places, "Units": units}))
	}
}

// tabsFor are the queues a place's page shows: the workbench of a
// neighborhood, oversight of a street or district.
func tabsFor(kind org.Kind) []string {
	if kind == org.Neighborhood {
		return []string{"new", "mine", "due_soon", "overdue", "escalated", "open", "all"}
	}
	return []string{"escalated", "overdue", "due_soon", "open", "all"}
}

func (w *Web) workbench(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var l *service.CaseList
	if err == nil {
		q := service.Queue(r.URL.Query().Get("queue"))
		if q == "" {
			q = service.QueueNew
			if place, perr := w.Svc.Org.Place(r.Context(), id); perr == nil && place.Kind != org.Neighborhood {
				q = service.QueueEscalated
			}
		}
		l, err = w.Svc.CaseQueue(r.Context(), httpx.Principal(r), id, q, cases.Cursor(r.URL.Query().Get("cursor")))
	}
	if err != nil {
		w.fail(rw, r, "", "cases.workbench", nil, err)
		return
	}
	heading := "cases.workbench"
	if l.Place.Kind != org.Neighborhood {
		heading = "cases.oversight"
	}
	d := &caseListData{CaseList: l, Heading: heading, Tabs: tabsFor(l.Place.Kind), Report: l.Place.Kind == org.Neighborhood,
		Base: "/places/" + strconv.FormatInt(id, 10) + "/workbench?queue=" + string(l.Queue) + "&"}
	w.renderList(rw, r, d, l.Place.Name+" · "+w.page(r, heading, nil).Title)
}

func (w *Web) unitCases(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var l *service.CaseList
	open := r.URL.Query().Get("all") == ""
	if err == nil {
		l, err = w.Svc.UnitQueue(r.Context(), httpx.Principal(r), id, open, cases.Cursor(r.URL.Query().Get("cursor")))
	}
	if err != nil {
		w.fail(rw, r, "", "cases.unit_queue", nil, err)
		return
	}
	base := "/units/" + strconv.FormatInt(id, 10) + "/cases?"
	if !open {
		base += "all=1&"
	}
	w.renderList(rw, r, &caseListData{CaseList: l, Heading: "cases.unit_queue", Base: base}, "")
}

// routesData is the routing page: rules and the choices for new ones.
type routesData struct {
	*service.RoutesView
	Categories []string
}

// UnitName names a unit of the page's choices.
func (d *routesData) UnitName(id int64) string {
	for _, u := range d.Units {
		if u.ID == id {
			return u.Name
		}
	}
	return ""
}

// PlaceName names a grid or building of the neighborhood.
func (d *routesData) PlaceName(id int64) string {
	for _, p := range d.Places {
		if p.ID == id {
			return p.Name
		}
	}
	return ""
}

func (w *Web) routesData(r *http.Request) (*routesData, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	v, err := w.Svc.CaseRoutes(r.Context(), httpx.Principal(r), id)
	if err != nil {
		return nil, err
	}
	return &routesData{RoutesView: v, Categories: board.Categories}, nil
}

func (w *Web) caseRoutesPage(rw http.ResponseWriter, r *http.Request) {
	d, err := w.routesData(r)
	if err != nil {
		w.fail(rw, r, "", "cases.routes", nil, err)
		return
	}
	w.render(rw, r, http.StatusOK, "case_routes", w.page(r, "cases.routes", d))
}

func (w *Web) setCaseRoute(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		err = w.Svc.SetCaseRoute(r.Context(), httpx.Principal(r), id, r.PostFormValue("category"), formInt(r, "place"), formInt(r, "unit"))
	}
	if err != nil {
		d, derr := w.routesData(r)
		if derr != nil {
			w.fail(rw, r, "", "cases.routes", nil, derr)
			return
		}
		w.fail(rw, r, "case_routes", "cases.routes", d, err)
		return
	}
	http.Redirect(rw, r, "/neighborhoods/"+strconv.FormatInt(id, 10)+"/case-routes?flash=flash.saved", http.StatusSeeOther)
}
