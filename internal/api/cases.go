package api

import (
	"net/http"
	"strconv"

	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/service"
)

// caseRoutes are the cases' endpoints, listed in Routes.
func (a *API) caseRoutes() []Route {
	return []Route{
		{"POST", "/api/v1/cases", "Report a problem as a case; cadres and building leaders enter offline input for a resident (channel, for_phone)", true, "NewCase", "Case", 201, a.reportCase},
		{"POST", "/api/v1/topics/{id}/case", "Make a topic a case (its author or a cadre)", true, "", "Case", 201, a.caseFromTopic},
		{"GET", "/api/v1/cases/{id}", "A case with its timeline and the actions I may take (public face for neighbors)", true, "", "CaseDetail", 200, a.getCase},
		{"POST", "/api/v1/cases/{id}/moves", "Move a case: acknowledge, assign, start, resolve, confirm (with rating), reopen, return, escalate", true, "CaseMove", "Case", 200, a.moveCase},
		{"POST", "/api/v1/cases/{id}/notes", "Add a note for the handlers, or a supervision note (kind=supervise) from the street or district", true, "CaseNote", "", 204, a.noteCase},
		{"POST", "/api/v1/cases/{id}/rating", "Rate a case that closed without a rating (the reporter)", true, "CaseRating", "Case", 200, a.rateCase},
		{"GET", "/api/v1/me/cases", "The cases I reported, newest first (cursor)", true, "", "CaseList", 200, a.myCases},
		{"GET", "/api/v1/neighborhoods/{id}/cases", "A neighborhood's cases, newest first (cursor)", true, "", "CaseList", 200, a.neighborhoodCases},
		{"GET", "/api/v1/places/{id}/case-queue", "A workbench or oversight queue (queue=new|mine|due_soon|overdue|escalated|open|all, cursor)", true, "", "CaseList", 200, a.caseQueue},
		{"GET", "/api/v1/units/{id}/cases", "The cases a unit handles, for its staff (open=true for open ones; cursor)", true, "", "CaseList", 200, a.unitCases},
		{"GET", "/api/v1/neighborhoods/{id}/case-routes", "Which unit each category goes to in a neighborhood", true, "", "CaseRoutes", 200, a.caseRoutesGet},
		{"PUT", "/api/v1/neighborhoods/{id}/case-routes", "Send a category (at a building or grid, or anywhere) to a unit; unit_id 0 removes the rule", true, "CaseRoute", "", 204, a.caseRoutePut},
	}
}

func (a *API) reportCase(w http.ResponseWriter, r *http.Request) {
	var in struct {
		NeighborhoodID int64    `json:"neighborhood_id"`
		PlaceID        int64    `json:"place_id"`
		Category       string   `json:"category"`
		Title          string   `json:"title"`
		Description    string   `json:"description"`
		Address        string   `json:"address"`
		Lat            *float64 `json:"lat"`
		Lng            *float64 `json:"lng"`
		Channel        string   `json:"channel"`
		ForPhone       string   `json:"for_phone"`
	}
	var c *cases.Case
	err := decode(r, &in)
	if err == nil {
		c, err = a.Svc.ReportCase(r.Context(), httpx.Principal(r), service.CaseReport{NeighborhoodID: in.NeighborhoodID, PlaceID: in.PlaceID,
			Category: in.Category, Title: in.Title, Description: in.Description, Address: in.Address, Lat: in.Lat, Lng: in.Lng,
			Channel: cases.Channel(in.Channel), ForPhone: in.ForPhone})
	}
	a.replyCase(w, r, http.StatusCreated, c, err)
}

// replyCase answers with one case, as its mover sees it.
func (a *API) replyCase(w http.ResponseWriter, r *http.Request, status int, c *cases.Case, err error) {
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, status, caseView(c, nil, a.Svc.Cases.Now()), nil)
}

func (a *API) caseFromTopic(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var c *cases.Case
	if err == nil {
		c, err = a.Svc.CaseFromTopic(r.Context(), httpx.Principal(r), id)
	}
	a.replyCase(w, r, http.StatusCreated, c, err)
}

func (a *API) getCase(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var v *service.CaseView
	if err == nil {
		v, err = a.Svc.CasePage(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, caseDetailView(v, a.Svc.Cases.Now()), nil)
}

func (a *API) moveCase(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Action     string  `json:"action"`
		Version    int64   `json:"version"`
		Note       string  `json:"note"`
		LeadUnitID int64   `json:"lead_unit_id"`
		CoUnitIDs  []int64 `json:"co_unit_ids"`
		AssigneeID int64   `json:"assignee_id"`
		Rating     int     `json:"rating"`
		Comment    string  `json:"comment"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	var c *cases.Case
	if err == nil {
		c, err = a.Svc.MoveCase(r.Context(), httpx.Principal(r), id, cases.Action(in.Action), cases.MoveInput{Version: in.Version,
			Note: in.Note, LeadUnitID: in.LeadUnitID, CoUnitIDs: in.CoUnitIDs, AssigneeID: in.AssigneeID, Rating: in.Rating, Comment: in.Comment})
	}
	a.replyCase(w, r, http.StatusOK, c, err)
}

func (a *API) noteCase(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Kind string `json:"kind"`
		Note string `json:"note"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	if err == nil {
		if in.Kind == "" {
			in.Kind = cases.KindNote
		}
		_, err = a.Svc.NoteCase(r.Context(), httpx.Principal(r), id, in.Kind, in.Note)
	}
	reply(w, r, http.StatusNoContent, nil, err)
}

func (a *API) rateCase(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Rating  int    `json:"rating"`
		Comment string `json:"comment"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	var c *cases.Case
	if err == nil {
		c, err = a.Svc.RateCase(r.Context(), httpx.Principal(r), id, in.Rating, in.Comment)
	}
	a.replyCase(w, r, http.StatusOK, c, err)
}

// replyList answers with a page of cases.
func (a *API) replyList(w http.ResponseWriter, r *http.Request, l *service.CaseList, err error) {
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, caseListView(l, a.Svc.Cases.Now()), nil)
}

func cursor(r *http.Request) cases.Cursor { return cases.Cursor(r.URL.Query().Get("cursor")) }

func (a *API) myCases(w http.ResponseWriter, r *http.Request) {
	l, err := a.Svc.MyCases(r.Context(), httpx.Principal(r), cursor(r))
	a.replyList(w, r, l, err)
}

func (a *API) neighborhoodCases(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var l *service.CaseList
	if err == nil {
		l, err = a.Svc.NeighborhoodCases(r.Context(), httpx.Principal(r), id, cursor(r))
	}
	a.replyList(w, r, l, err)
}

func (a *API) caseQueue(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var l *service.CaseList
	if err == nil {
		q := service.Queue(r.URL.Query().Get("queue"))
		if q == "" {
			q = service.QueueNew
		}
		l, err = a.Svc.CaseQueue(r.Context(), httpx.Principal(r), id, q, cursor(r))
	}
	a.replyList(w, r, l, err)
}

func (a *API) unitCases(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var l *service.CaseList
	if err == nil {
		open, _ := strconv.ParseBool(r.URL.Query().Get("open"))
		l, err = a.Svc.UnitQueue(r.Context(), httpx.Principal(r), id, open, cursor(r))
	}
	a.replyList(w, r, l, err)
}

func (a *API) caseRoutesGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var v *service.RoutesView
	if err == nil {
		v, err = a.Svc.CaseRoutes(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	routes := make([]map[string]any, 0, len(v.Routes))
	for _, rt := range v.Routes {
		routes = append(routes, map[string]any{"category": rt.Category, "place_id": rt.PlaceID, "unit_id": rt.UnitID})
	}
	reply(w, r, http.StatusOK, map[string]any{"routes": routes, "units": unitsView(v.Units)}, nil)
}

func (a *API) caseRoutePut(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Category string `json:"category"`
		PlaceID  int64  `json:"place_id"`
		UnitID   int64  `json:"unit_id"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	if err == nil && in.Category == "" {
		err = errs.Field("category", "cases.bad_category")
	}
	if err == nil {
		err = a.Svc.SetCaseRoute(r.Context(), httpx.Principal(r), id, in.Category, in.PlaceID, in.UnitID)
	}
	reply(w, r, http.StatusNoContent, nil, err)
}
