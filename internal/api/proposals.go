package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/proposals"
	"github.com/linli-dev/linli/internal/service"
)

// proposalRoutes are the proposal endpoints (提案).
func (a *API) proposalRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/neighborhoods/{id}/proposals", "A neighborhood's public proposals, newest first (before), with my own and my invitations to co-sign", true, "", "ProposalList", 200, a.proposalList},
		{"POST", "/api/v1/neighborhoods/{id}/proposals", "Write a draft proposal: individual, joint (invite co-signers next) or organizational (group_id of a group I speak for)", true, "NewProposal", "Proposal", 201, a.createProposal},
		{"GET", "/api/v1/neighborhoods/{id}/proposals/review", "The cadre's screening queue: submitted proposals outside the encouraged list", true, "", "ProposalList", 200, a.proposalQueue},
		{"GET", "/api/v1/proposals/{id}", "A proposal with its co-signers, timeline and what I may do", true, "", "ProposalDetail", 200, a.proposal},
		{"PATCH", "/api/v1/proposals/{id}", "Revise a draft or returned proposal (author)", true, "NewProposal", "Proposal", 200, a.editProposal},
		{"POST", "/api/v1/proposals/{id}/cosigners", "Invite neighbors (by phone) to co-sign a joint draft", true, "Invitees", "Invited", 200, a.inviteCosigners},
		{"PUT", "/api/v1/proposals/{id}/cosign", "Accept an invitation to co-sign (idempotent)", true, "", "", 204, a.answerInvitation(true)},
		{"DELETE", "/api/v1/proposals/{id}/cosign", "Decline an invitation to co-sign", true, "", "", 204, a.answerInvitation(false)},
		{"POST", "/api/v1/proposals/{id}/submit", "Submit and screen at once: returned with the negative-list item it matched, accepted, or queued for a cadre", true, "Versioned", "Screened", 200, a.submitProposal},
		{"POST", "/api/v1/proposals/{id}/moves", "A cadre's move: accept, return, reject (note = reason), adopt (makes a linked project; note = feedback), not_adopt (note = reason)", true, "ProjectMove", "Proposal", 200, a.moveProposal},
		{"PUT", "/api/v1/proposals/{id}/support", "Support an open proposal (once per resident)", true, "", "", 204, a.supportProposal(true)},
		{"DELETE", "/api/v1/proposals/{id}/support", "Withdraw support", true, "", "", 204, a.supportProposal(false)},
		{"PUT", "/api/v1/proposals/{id}/follow", "Follow a proposal: its moves reach my inbox", true, "", "", 204, a.followProposal(true)},
		{"DELETE", "/api/v1/proposals/{id}/follow", "Stop following a proposal", true, "", "", 204, a.followProposal(false)},
		{"POST", "/api/v1/neighborhoods/{id}/groups", "Register a resident group, party branch or volunteer team with the residents (by phone) who may speak for it", true, "NewGroup", "Created", 201, a.registerGroup},
		{"GET", "/api/v1/places/{id}/screening-lists", "The encouraged and negative lists in force at a street or neighborhood", true, "", "ScreeningLists", 200, a.screeningLists},
		{"PUT", "/api/v1/places/{id}/screening-lists", "Replace a street's default or a neighborhood's own lists (a new version)", true, "ScreeningListsInput", "ScreeningLists", 200, a.setScreeningLists},
	}
}

func init() {
	for name, props := range map[string]map[string]string{
		"ProposalList":        {"items": "array", "mine": "array", "invitations": "array", "counts": "object", "next_before": "integer"},
		"Proposal":            {"id": "integer", "neighborhood_id": "integer", "kind": "string", "title": "string", "body": "string", "category": "string", "author": "string", "group": "string", "state": "string", "screen_item": "string", "screen_word": "string", "screen_note": "string", "needs_review": "boolean", "meeting_id": "integer", "outcome_note": "string", "project_id": "integer", "cosigners": "integer", "supports": "integer", "followers": "integer", "version": "integer", "created_at": "string"},
		"NewProposal":         {"kind": "string", "title": "string", "body": "string", "category": "string", "group_id": "integer", "version": "integer"},
		"ProposalDetail":      {"proposal": "object", "cosigners": "array", "timeline": "array", "viewer": "object", "min_cosigners": "integer", "moves": "array", "can_support": "boolean"},
		"Invitees":            {"phones": "array"},
		"NewGroup":            {"kind": "string", "name": "string", "phones": "array"},
		"Invited":             {"invited": "integer"},
		"Versioned":           {"version": "integer"},
		"Screened":            {"proposal": "object", "item": "string", "word": "string", "explanation": "string", "encouraged": "boolean"},
		"ScreeningLists":      {"place_id": "integer", "own": "boolean", "version": "integer", "min_cosigners": "integer", "encouraged": "array", "negative": "array"},
		"ScreeningListsInput": {"min_cosigners": "integer", "encouraged": "array", "negative": "array"},
	} {
		schemas[name] = props
	}
}

type proposalJSON struct {
	ID             int64     `json:"id"`
	NeighborhoodID int64     `json:"neighborhood_id"`
	Kind           string    `json:"kind"`
	Title          string    `json:"title"`
	Body           string    `json:"body"`
	Category       string    `json:"category"`
	Author         string    `json:"author"`
	Group          string    `json:"group"`
	State          string    `json:"state"`
	ScreenItem     string    `json:"screen_item"`
	ScreenWord     string    `json:"screen_word"`
	ScreenNote     string    `json:"screen_note"`
	NeedsReview    bool      `json:"needs_review"`
	MeetingID      int64     `json:"meeting_id"`
	OutcomeNote    string    `json:"outcome_note"`
	ProjectID      int64     `json:"project_id"`
	Cosigners      int       `json:"cosigners"`
	Supports       int       `json:"supports"`
	Followers      int       `json:"followers"`
	Version        int64     `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
}

func proposalView(p *proposals.Proposal) proposalJSON {
	return proposalJSON{ID: p.ID, NeighborhoodID: p.NeighborhoodID, Kind: string(p.Kind), Title: p.Title, Body: p.Body, Category: p.Category,
		Author: p.AuthorNickname, Group: p.GroupName, State: string(p.State), ScreenItem: p.ScreenItem, ScreenWord: p.ScreenWord,
		ScreenNote: p.ScreenNote, NeedsReview: p.NeedsReview, MeetingID: p.MeetingID, OutcomeNote: p.OutcomeNote, ProjectID: p.ProjectID,
		Cosigners: p.CosignerCount, Supports: p.SupportCount, Followers: p.FollowerCount, Version: p.Version, CreatedAt: p.CreatedAt.UTC()}
}

func proposalViews(ps []*proposals.Proposal) []proposalJSON {
	out := make([]proposalJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, proposalView(p))
	}
	return out
}

// call decodes a body of type In (when the route has one), runs fn with the
// path id and replies with its result.
func call[In any](status int, hasBody bool, fn func(ctx context.Context, p *service.Principal, id int64, in In) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		var in In
		if err == nil && hasBody {
			err = decode(r, &in)
		}
		var out any
		if err == nil {
			out, err = fn(r.Context(), httpx.Principal(r), id, in)
		}
		reply(w, r, status, out, err)
	}
}

func before(r *http.Request) int64 {
	b, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	return b
}

func (a *API) proposalList(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var v *service.ProposalsView
	if err == nil {
		v, err = a.Svc.ProposalList(r.Context(), httpx.Principal(r), id, before(r))
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	inv := make([]map[string]any, 0, len(v.Invitations))
	for _, in := range v.Invitations {
		inv = append(inv, map[string]any{"proposal_id": in.ProposalID, "title": in.Title, "author": in.Author})
	}
	reply(w, r, http.StatusOK, map[string]any{"items": proposalViews(v.Page.Items), "mine": proposalViews(v.Mine), "invitations": inv,
		"counts": v.Counts, "next_before": v.Page.Next}, nil)
}

func (a *API) proposalQueue(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var pg *proposals.Page
	if err == nil {
		_, pg, err = a.Svc.ScreeningQueue(r.Context(), httpx.Principal(r), id, before(r))
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, map[string]any{"items": proposalViews(pg.Items), "mine": []any{}, "invitations": []any{}, "counts": map[string]int{},
		"next_before": pg.Next}, nil)
}

type proposalInput struct {
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	Body     string `json:"body"`
	Category string `json:"category"`
	GroupID  int64  `json:"group_id"`
	Version  int64  `json:"version"`
}

func (in proposalInput) text() proposals.Text {
	return proposals.Text{Kind: proposals.Kind(in.Kind), Title: in.Title, Body: in.Body, Category: in.Category, GroupID: in.GroupID}
}

func (a *API) createProposal(w http.ResponseWriter, r *http.Request) {
	call(http.StatusCreated, true, func(ctx context.Context, p *service.Principal, id int64, in proposalInput) (any, error) {
		pr, err := a.Svc.CreateProposal(ctx, p, id, in.text())
		if err != nil {
			return nil, err
		}
		return proposalView(pr), nil
	})(w, r)
}

func (a *API) editProposal(w http.ResponseWriter, r *http.Request) {
	call(http.StatusOK, true, func(ctx context.Context, p *service.Principal, id int64, in proposalInput) (any, error) {
		pr, err := a.Svc.EditProposal(ctx, p, id, in.Version, in.text())
		if err != nil {
			return nil, err
		}
		return proposalView(pr), nil
	})(w, r)
}

func (a *API) proposal(w http.ResponseWriter, r *http.Request) {
	call(http.StatusOK, false, func(ctx context.Context, p *service.Principal, id int64, _ struct{}) (any, error) {
		v, err := a.Svc.ProposalPage(ctx, p, id)
		if err != nil {
			return nil, err
		}
		cos := make([]map[string]any, 0, len(v.Cosigners))
		for _, c := range v.Cosigners {
			cos = append(cos, map[string]any{"nickname": c.Nickname, "state": c.State, "at": c.At.UTC()})
		}
		tl := make([]map[string]any, 0, len(v.Timeline))
		for _, e := range v.Timeline {
			tl = append(tl, map[string]any{"action": e.Action, "by": e.ActorName, "from": e.FromState, "to": e.ToState, "note": e.Note, "at": e.CreatedAt.UTC()})
		}
		moves := make([]string, 0, len(v.Moves))
		for _, m := range v.Moves {
			moves = append(moves, string(m))
		}
		return map[string]any{"proposal": proposalView(v.Proposal), "cosigners": cos, "timeline": tl, "min_cosigners": v.MinCosigners, "moves": moves,
			"can_support": v.CanSupport, "viewer": map[string]any{"supports": v.Viewer.Supports, "follows": v.Viewer.Follows, "cosigner": v.Viewer.Cosigner}}, nil
	})(w, r)
}

func (a *API) inviteCosigners(w http.ResponseWriter, r *http.Request) {
	call(http.StatusOK, true, func(ctx context.Context, p *service.Principal, id int64, in struct {
		Phones []string `json:"phones"`
	}) (any, error) {
		n, err := a.Svc.InviteCosigners(ctx, p, id, in.Phones)
		if err != nil {
			return nil, err
		}
		return map[string]any{"invited": n}, nil
	})(w, r)
}

func (a *API) answerInvitation(accept bool) http.HandlerFunc {
	return call(http.StatusNoContent, false, func(ctx context.Context, p *service.Principal, id int64, _ struct{}) (any, error) {
		return nil, a.Svc.AnswerInvitation(ctx, p, id, accept)
	})
}

func (a *API) submitProposal(w http.ResponseWriter, r *http.Request) {
	call(http.StatusOK, true, func(ctx context.Context, p *service.Principal, id int64, in struct {
		Version int64 `json:"version"`
	}) (any, error) {
		s, err := a.Svc.SubmitProposal(ctx, p, id, in.Version)
		if err != nil {
			return nil, err
		}
		out := map[string]any{"proposal": proposalView(s.Proposal), "item": "", "word": "", "explanation": "", "encouraged": s.Verdict.Encouraged}
		if it := s.Verdict.Item; it != nil {
			out["item"], out["word"], out["explanation"] = it.Name, s.Verdict.Word, it.Explanation
		}
		return out, nil
	})(w, r)
}

func (a *API) moveProposal(w http.ResponseWriter, r *http.Request) {
	call(http.StatusOK, true, func(ctx context.Context, p *service.Principal, id int64, in struct {
		Action  string `json:"action"`
		Note    string `json:"note"`
		Version int64  `json:"version"`
	}) (any, error) {
		pr, err := a.Svc.MoveProposal(ctx, p, id, proposals.Action(in.Action), in.Note, in.Version)
		if err != nil {
			return nil, err
		}
		return proposalView(pr), nil
	})(w, r)
}

func (a *API) supportProposal(on bool) http.HandlerFunc {
	return call(http.StatusNoContent, false, func(ctx context.Context, p *service.Principal, id int64, _ struct{}) (any, error) {
		return nil, a.Svc.SupportProposal(ctx, p, id, on)
	})
}

func (a *API) followProposal(on bool) http.HandlerFunc {
	return call(http.StatusNoContent, false, func(ctx context.Context, p *service.Principal, id int64, _ struct{}) (any, error) {
		return nil, a.Svc.FollowProposal(ctx, p, id, on)
	})
}

type negativeJSON struct {
	Name        string   `json:"name"`
	Words       []string `json:"words"`
	Explanation string   `json:"explanation"`
}

func listsView(l *proposals.Lists, own bool) map[string]any {
	enc := make([]string, 0, len(l.Encouraged))
	for _, c := range l.Encouraged {
		enc = append(enc, c.Name)
	}
	neg := make([]negativeJSON, 0, len(l.Negative))
	for _, it := range l.Negative {
		neg = append(neg, negativeJSON{Name: it.Name, Words: it.Words, Explanation: it.Explanation})
	}
	return map[string]any{"place_id": l.PlaceID, "own": own, "version": l.Version, "min_cosigners": l.MinCosigners, "encouraged": enc, "negative": neg}
}

func (a *API) screeningLists(w http.ResponseWriter, r *http.Request) {
	call(http.StatusOK, false, func(ctx context.Context, p *service.Principal, id int64, _ struct{}) (any, error) {
		v, err := a.Svc.ScreeningLists(ctx, p, id)
		if err != nil {
			return nil, err
		}
		return listsView(v.Lists, v.Own), nil
	})(w, r)
}

func (a *API) setScreeningLists(w http.ResponseWriter, r *http.Request) {
	call(http.StatusOK, true, func(ctx context.Context, p *service.Principal, id int64, in struct {
		MinCosigners int            `json:"min_cosigners"`
		Encouraged   []string       `json:"encouraged"`
		Negative     []negativeJSON `json:"negative"`
	}) (any, error) {
		e := proposals.ListEdit{MinCosigners: in.MinCosigners, Encouraged: in.Encouraged}
		for _, n := range in.Negative {
			e.Negative = append(e.Negative, proposals.Item{Name: n.Name, Words: n.Words, Explanation: n.Explanation})
		}
		l, err := a.Svc.SetScreeningLists(ctx, p, id, e)
		if err != nil {
			return nil, err
		}
		return listsView(l, true), nil
	})(w, r)
}

func (a *API) registerGroup(w http.ResponseWriter, r *http.Request) {
	call(http.StatusCreated, true, func(ctx context.Context, p *service.Principal, id int64, in struct {
		Kind   string   `json:"kind"`
		Name   string   `json:"name"`
		Phones []string `json:"phones"`
	}) (any, error) {
		g, err := a.Svc.RegisterGroup(ctx, p, id, in.Kind, in.Name, in.Phones)
		if err != nil {
			return nil, err
		}
		return map[string]any{"id": g.ID}, nil
	})(w, r)
}
