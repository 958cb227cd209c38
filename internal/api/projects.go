package api

import (
	"net/http"
	"strconv"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/projects"
)

// projectRoutes are the project endpoints (实事项目).
func (a *API) projectRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/neighborhoods/{id}/projects", "A neighborhood's projects, newest first (state, before), with counts per state", true, "", "ProjectList", 200, a.projectList},
		{"POST", "/api/v1/neighborhoods/{id}/projects", "Make a proposed project from a topic, a case or the committee's plan (money in fen, shares in basis points adding up to 10000)", true, "NewProject", "Project", 201, a.createProject},
		{"GET", "/api/v1/projects/{id}", "A project with its funding, milestones, photos, one page of its timeline (before) and the latest ratings", true, "", "ProjectDetail", 200, a.project},
		{"PATCH", "/api/v1/projects/{id}", "Change a project's text, budget, lead unit and funding before work starts", true, "EditProject", "Project", 200, a.editProject},
		{"POST", "/api/v1/projects/{id}/moves", "Move a project: list, select, start, finish, evaluate, or drop with a note", true, "ProjectMove", "Project", 200, a.moveProject},
		{"POST", "/api/v1/projects/{id}/milestones", "Add a milestone with its due date (YYYY-MM-DD)", true, "NewMilestone", "Milestone", 201, a.addMilestone},
		{"POST", "/api/v1/projects/{id}/milestones/{milestone}/done", "Mark a milestone reached", true, "", "", 204, a.completeMilestone},
		{"POST", "/api/v1/projects/{id}/updates", "Post a progress update (photos through the page's form)", true, "NewProjectUpdate", "Created", 201, a.postProjectUpdate},
		{"POST", "/api/v1/projects/{id}/rating", "Rate a done project, 1-5 stars (once per resident)", true, "ProjectRating", "", 204, a.rateProject},
		{"PUT", "/api/v1/projects/{id}/follow", "Follow a project: its moves reach my inbox (idempotent)", true, "", "", 204, a.followProject(true)},
		{"DELETE", "/api/v1/projects/{id}/follow", "Stop following a project (idempotent)", true, "", "", 204, a.followProject(false)},
		{"POST", "/api/v1/projects/{id}/funding/{share}/approval", "Record the owners' vote that approved a funding share", true, "ShareApproval", "", 204, a.approveShare},
	}
}

func init() {
	for name, props := range map[string]map[string]string{
		"ProjectList":      {"items": "array", "counts": "object", "total": "integer", "next_before": "integer", "can_manage": "boolean"},
		"Project":          {"id": "integer", "neighborhood_id": "integer", "title": "string", "description": "string", "state": "string", "drop_reason": "string", "budget_fen": "integer", "lead_unit_id": "integer", "lead_unit": "string", "origin": "string", "topic_id": "integer", "case_id": "integer", "proposer": "string", "updates": "integer", "milestones": "integer", "milestones_done": "integer", "followers": "integer", "ratings": "integer", "rating_tenths": "integer", "version": "integer", "created_at": "string"},
		"NewProject":       {"title": "string", "description": "string", "budget_fen": "integer", "lead_unit_id": "integer", "origin": "string", "topic_id": "integer", "case_id": "integer", "funding": "array"},
		"EditProject":      {"title": "string", "description": "string", "budget_fen": "integer", "lead_unit_id": "integer", "funding": "array", "version": "integer"},
		"ProjectDetail":    {"project": "object", "funding": "array", "milestones": "array", "photos": "array", "timeline": "array", "next_before": "integer", "ratings": "array", "viewer": "object", "moves": "array", "can_manage": "boolean", "can_rate": "boolean"},
		"ProjectMove":      {"action": "string", "note": "string", "version": "integer"},
		"NewMilestone":     {"title": "string", "due": "string"},
		"Milestone":        {"id": "integer", "title": "string", "due": "string", "done_at": "string"},
		"NewProjectUpdate": {"body": "string"},
		"Created":          {"id": "integer"},
		"ProjectRating":    {"stars": "integer", "comment": "string"},
		"ShareApproval":    {"poll_id": "integer"},
	} {
		schemas[name] = props
	}
}

func (a *API) projectList(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	q := r.URL.Query()
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	v, err := a.Svc.ProjectList(r.Context(), httpx.Principal(r), id, projects.State(q.Get("state")), before)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	items := make([]projectJSON, 0, len(v.Page.Projects))
	for _, p := range v.Page.Projects {
		items = append(items, projectView(p, false))
	}
	reply(w, r, http.StatusOK, map[string]any{"items": items, "counts": v.Counts, "total": v.Total, "next_before": v.Page.Next,
		"can_manage": v.CanManage}, nil)
}

// projectInput is a project as clients send it.
type projectInput struct {
	Title       string       `json:"title"`
	Description string       `json:"description"`
	BudgetFen   int64        `json:"budget_fen"`
	LeadUnitID  int64        `json:"lead_unit_id"`
	Origin      string       `json:"origin"`
	TopicID     int64        `json:"topic_id"`
	CaseID      int64        `json:"case_id"`
	Funding     []shareInput `json:"funding"`
	Version     int64        `json:"version"`
}

func (in projectInput) draft() projects.Draft {
	return projects.Draft{Title: in.Title, Description: in.Description, BudgetFen: in.BudgetFen, LeadUnitID: in.LeadUnitID,
		Origin: projects.Origin(in.Origin), TopicID: in.TopicID, CaseID: in.CaseID, Funding: sharesFrom(in.Funding)}
}

func (a *API) createProject(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in projectInput
	if err == nil {
		err = decode(r, &in)
	}
	var p *projects.Project
	if err == nil {
		p, err = a.Svc.CreateProject(r.Context(), httpx.Principal(r), id, in.draft())
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusCreated, projectView(p, true), nil)
}

func (a *API) editProject(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in projectInput
	if err == nil {
		err = decode(r, &in)
	}
	var p *projects.Project
	if err == nil {
		p, err = a.Svc.EditProject(r.Context(), httpx.Principal(r), id, in.Version, in.draft())
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, projectView(p, true), nil)
}

func (a *API) project(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	v, err := a.Svc.ProjectPage(r.Context(), httpx.Principal(r), id, before)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	funding := make([]shareJSON, 0, len(v.Funding))
	for _, s := range v.Funding {
		funding = append(funding, shareJSON{Position: s.Position, Source: string(s.Source), Note: s.Note, ShareBP: s.BP,
			AmountFen: s.AmountFen(v.Project.BudgetFen), NeedsApproval: s.NeedsApproval, ApprovalPollID: s.ApprovalPollID})
	}
	milestones := make([]milestoneJSON, 0, len(v.Milestones))
	for _, m := range v.Milestones {
		milestones = append(milestones, milestoneView(m))
	}
	timeline := make([]projectEventJSON, 0, len(v.Timeline))
	for _, e := range v.Timeline {
		timeline = append(timeline, projectEventView(e))
	}
	ratings := make([]map[string]any, 0, len(v.Ratings))
	for _, rt := range v.Ratings {
		ratings = append(ratings, map[string]any{"by": rt.Nickname, "stars": rt.Stars, "comment": rt.Comment, "at": rt.CreatedAt.UTC()})
	}
	moves := make([]string, 0, len(v.Moves))
	for _, m := range v.Moves {
		moves = append(moves, string(m))
	}
	reply(w, r, http.StatusOK, map[string]any{"project": projectView(v.Project, true), "funding": funding, "milestones": milestones,
		"photos": projectPhotosView(v.Photos), "timeline": timeline, "next_before": v.Next, "ratings": ratings,
		"viewer": map[string]any{"stars": v.Viewer.Stars, "following": v.Viewer.Following}, "moves": moves,
		"can_manage": v.CanManage, "can_rate": v.CanRate}, nil)
}

func (a *API) moveProject(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Action  string `json:"action"`
		Note    string `json:"note"`
		Version int64  `json:"version"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	var p *projects.Project
	if err == nil {
		p, err = a.Svc.MoveProject(r.Context(), httpx.Principal(r), id, projects.Action(in.Action), in.Note, in.Version)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, projectView(p, true), nil)
}

func (a *API) addMilestone(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Title string `json:"title"`
		Due   string `json:"due"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	var m *projects.Milestone
	if err == nil {
		m, err = a.Svc.AddMilestone(r.Context(), httpx.Principal(r), id, in.Title, in.Due)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusCreated, milestoneView(m), nil)
}

func (a *API) completeMilestone(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var mid int64
	if err == nil {
		mid, err = secondID(r, "milestone")
	}
	if err == nil {
		err = a.Svc.CompleteMilestone(r.Context(), httpx.Principal(r), id, mid)
	}
	reply(w, r, http.StatusNoContent, nil, err)
}

func (a *API) postProjectUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Body string `json:"body"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	var updateID int64
	if err == nil {
		updateID, err = a.Svc.PostProjectUpdate(r.Context(), httpx.Principal(r), id, in.Body, nil)
	}
	reply(w, r, http.StatusCreated, map[string]any{"id": updateID}, err)
}

func (a *API) rateProject(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Stars   int    `json:"stars"`
		Comment string `json:"comment"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	if err == nil {
		err = a.Svc.RateProject(r.Context(), httpx.Principal(r), id, in.Stars, in.Comment)
	}
	reply(w, r, http.StatusNoContent, nil, err)
}

func (a *API) followProject(on bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err == nil {
			err = a.Svc.FollowProject(r.Context(), httpx.Principal(r), id, on)
		}
		reply(w, r, http.StatusNoContent, nil, err)
	}
}

func (a *API) approveShare(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var share int64
	if err == nil {
		share, err = secondID(r, "share")
	}
	var in struct {
		PollID int64 `json:"poll_id"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	if err == nil {
		err = a.Svc.RecordApproval(r.Context(), httpx.Principal(r), id, int(share), in.PollID)
	}
	reply(w, r, http.StatusNoContent, nil, err)
}

// secondID reads a second numeric path value (a milestone, a share's
// position); zero is allowed, as share positions start at 0.
func secondID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id < 0 {
		return 0, errs.New(errs.NotFound, "error.bad_id")
	}
	return id, nil
}
