package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/service"
)

func init() {
	schemas["Patrol"] = map[string]string{"run": "object", "new": "array", "due_soon": "array", "overdue": "array", "history": "array", "patrol_times": "array"}
	schemas["ExtensionRequest"] = map[string]string{"hours": "integer", "reason": "string"}
	schemas["ExtensionDecision"] = map[string]string{"approve": "boolean", "note": "string"}
	schemas["Extension"] = map[string]string{"id": "integer", "case_id": "integer", "case_title": "string", "hours": "integer", "reason": "string",
		"state": "string", "requested_by": "string", "decision_note": "string", "old_resolve_by": "string", "new_resolve_by": "string",
		"created_at": "string", "decided_at": "string"}
	schemas["ExtensionList"] = map[string]string{"items": "array", "can_request": "boolean", "can_decide": "boolean"}
}

// patrolRoutes are the patrol lists and deadline extensions.
func (a *API) patrolRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/patrol", "My latest patrol list (一日三巡): new, due soon and overdue cases of my neighborhood", true, "", "Patrol", 200, a.patrol},
		{"GET", "/api/v1/patrol/{id}", "One of my patrol lists", true, "", "Patrol", 200, a.patrol},
		{"POST", "/api/v1/patrol/{id}/done", "Mark a patrol list patrolled", true, "", "", 204, a.patrolDone},
		{"GET", "/api/v1/cases/{id}/extensions", "A case's deadline extension requests (its staff)", true, "", "ExtensionList", 200, a.caseExtensions},
		{"POST", "/api/v1/cases/{id}/extensions", "Ask for more working hours to resolve a case (its handlers)", true, "ExtensionRequest", "Extension", 201, a.requestExtension},
		{"GET", "/api/v1/extensions", "Waiting extension requests I decide (the level above the case)", true, "", "ExtensionList", 200, a.pendingExtensions},
		{"POST", "/api/v1/extensions/{id}/decision", "Approve or refuse an extension request (a refusal needs a note)", true, "ExtensionDecision", "Extension", 200, a.decideExtension},
	}
}

type patrolRunJSON struct {
	ID             int64      `json:"id"`
	NeighborhoodID int64      `json:"neighborhood_id"`
	At             time.Time  `json:"at"`
	Since          time.Time  `json:"since"`
	DueUntil       time.Time  `json:"due_until"`
	New            int        `json:"new"`
	DueSoon        int        `json:"due_soon"`
	Overdue        int        `json:"overdue"`
	DoneAt         *time.Time `json:"done_at,omitempty"`
}

func patrolRunView(r *cases.PatrolRun) patrolRunJSON {
	return patrolRunJSON{ID: r.ID, NeighborhoodID: r.NeighborhoodID, At: r.At.UTC(), Since: r.Since.UTC(), DueUntil: r.DueUntil.UTC(),
		New: r.New, DueSoon: r.DueSoon, Overdue: r.Overdue, DoneAt: when(r.DoneAt)}
}

func (a *API) patrol(w http.ResponseWriter, r *http.Request) {
	var id int64
	var err error
	if r.PathValue("id") != "" {
		id, err = pathID(r)
	}
	var v *service.PatrolView
	if err == nil {
		v, err = a.Svc.Patrol(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	now := a.Svc.Cases.Now()
	out := map[string]any{"run": nil, "new": []caseJSON{}, "due_soon": []caseJSON{}, "overdue": []caseJSON{}, "history": []patrolRunJSON{},
		"patrol_times": split(v.Settings.Input().PatrolTimes)}
	if v.Run != nil {
		out["run"] = patrolRunView(v.Run)
		for key, list := range map[string][]*cases.Case{"new": v.Lists.New, "due_soon": v.Lists.DueSoon, "overdue": v.Lists.Overdue} {
			items := []caseJSON{}
			for _, c := range list {
				items = append(items, caseView(c, nil, now))
			}
			out[key] = items
		}
	}
	hist := []patrolRunJSON{}
	for _, h := range v.History {
		hist = append(hist, patrolRunView(h))
	}
	out["history"] = hist
	reply(w, r, http.StatusOK, out, nil)
}

func (a *API) patrolDone(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = a.Svc.MarkPatrolled(r.Context(), httpx.Principal(r), id)
	}
	reply(w, r, http.StatusNoContent, nil, err)
}

type extensionJSON struct {
	ID           int64      `json:"id"`
	CaseID       int64      `json:"case_id"`
	CaseTitle    string     `json:"case_title"`
	Hours        int        `json:"hours"`
	Reason       string     `json:"reason"`
	State        string     `json:"state"`
	RequestedBy  string     `json:"requested_by"`
	DecisionNote string     `json:"decision_note,omitempty"`
	OldResolveBy *time.Time `json:"old_resolve_by,omitempty"`
	NewResolveBy *time.Time `json:"new_resolve_by,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	DecidedAt    *time.Time `json:"decided_at,omitempty"`
}

func extensionView(x *cases.Extension) extensionJSON {
	return extensionJSON{ID: x.ID, CaseID: x.CaseID, CaseTitle: x.CaseTitle, Hours: x.Hours, Reason: x.Reason, State: x.State,
		RequestedBy: x.RequesterName, DecisionNote: x.DecisionNote, OldResolveBy: when(x.OldResolveBy), NewResolveBy: when(x.NewResolveBy),
		CreatedAt: x.CreatedAt.UTC(), DecidedAt: when(x.DecidedAt)}
}

func extensionList(xs []*cases.Extension) []extensionJSON {
	out := []extensionJSON{}
	for _, x := range xs {
		out = append(out, extensionView(x))
	}
	return out
}

func (a *API) caseExtensions(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var v *service.ExtensionsView
	if err == nil {
		v, err = a.Svc.CaseExtensions(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, map[string]any{"items": extensionList(v.Extensions), "can_request": v.CanRequest, "can_decide": v.CanDecide}, nil)
}

func (a *API) requestExtension(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Hours  int    `json:"hours"`
		Reason string `json:"reason"`
	}
	id, err := pathID(r)
	if err == nil {
		err = decode(r, &in)
	}
	var x *cases.Extension
	if err == nil {
		x, err = a.Svc.RequestExtension(r.Context(), httpx.Principal(r), id, in.Hours, in.Reason)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	w.Header().Set("Location", "/api/v1/cases/"+strconv.FormatInt(id, 10)+"/extensions")
	reply(w, r, http.StatusCreated, extensionView(x), nil)
}

func (a *API) pendingExtensions(w http.ResponseWriter, r *http.Request) {
	xs, err := a.Svc.PendingExtensions(r.Context(), httpx.Principal(r))
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, map[string]any{"items": extensionList(xs), "can_decide": true}, nil)
}

func (a *API) decideExtension(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Approve bool   `json:"approve"`
		Note    string `json:"note"`
	}
	id, err := pathID(r)
	if err == nil {
		err = decode(r, &in)
	}
	var x *cases.Extension
	if err == nil {
		x, err = a.Svc.DecideExtension(r.Context(), httpx.Principal(r), id, in.Approve, in.Note)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, extensionView(x), nil)
}
