package api

import (
	"context"
	"net/http"
	"time"

	"github.com/linli-dev/linli/internal/councils"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/service"
)

// councilRoutes are the deliberation endpoints (议事协商).
func (a *API) councilRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/neighborhoods/{id}/council", "A neighborhood's council: members, elections, meetings (before), open action items and how many are overdue", true, "", "CouncilDetail", 200, a.council},
		{"POST", "/api/v1/neighborhoods/{id}/council", "Set up the neighborhood's council (once)", true, "NewCouncil", "Created", 201, a.setUpCouncil},
		{"POST", "/api/v1/neighborhoods/{id}/council/members", "Seat a person (by phone) in a role for a term (dates YYYY-MM-DD)", true, "NewMember", "Created", 201, a.addMember},
		{"POST", "/api/v1/neighborhoods/{id}/council/elections", "Record an election of the council", true, "NewElection", "Created", 201, a.addElection},
		{"POST", "/api/v1/neighborhoods/{id}/meetings", "Call a meeting (RFC 3339 time); open action items head its agenda and members are invited", true, "NewMeeting", "Created", 201, a.callMeeting},
		{"GET", "/api/v1/meetings/{id}", "A meeting: agenda, invited and signed in, minutes, decisions, action items (private ones for the council only)", true, "", "MeetingDetail", 200, a.meeting},
		{"POST", "/api/v1/meetings/{id}/agenda", "Put a proposal, case, project (by id) or other matter on the agenda", true, "NewAgendaItem", "Created", 201, a.addAgendaItem},
		{"POST", "/api/v1/meetings/{id}/invitations", "Invite more people (by phone) to a meeting; members are invited when it is called", true, "Invitees", "Invited", 200, a.inviteToMeeting},
		{"POST", "/api/v1/meetings/{id}/attendance", "Sign in: myself (user_id 0) or, for the committee, someone in the room", true, "SignIn", "", 204, a.signIn},
		{"PUT", "/api/v1/meetings/{id}/minutes", "Write the minutes", true, "Minutes", "", 204, a.writeMinutes},
		{"POST", "/api/v1/meetings/{id}/decisions", "Record a decision with its vote count; on a proposal's item it marks the proposal deliberated", true, "NewDecision", "Created", 201, a.recordDecision},
		{"POST", "/api/v1/meetings/{id}/actions", "Assign an action item with an owner and a due date (YYYY-MM-DD)", true, "NewAction", "Created", 201, a.assignAction},
		{"GET", "/api/v1/actions/{id}", "An action item with its progress reports", true, "", "ActionDetail", 200, a.action},
		{"POST", "/api/v1/actions/{id}/progress", "Report progress on an action item (owner or committee); done closes it", true, "NewProgress", "", 204, a.reportAction},
	}
}

func init() {
	for name, props := range map[string]map[string]string{
		"CouncilDetail": {"council": "object", "members": "array", "elections": "array", "meetings": "array", "next_before": "integer", "open_actions": "array", "overdue": "integer", "can_manage": "boolean"},
		"NewCouncil":    {"name": "string"},
		"NewMember":     {"phone": "string", "role": "string", "unit_id": "integer", "election_id": "integer", "term_start": "string", "term_end": "string"},
		"NewElection":   {"held_on": "string", "note": "string"},
		"NewMeeting":    {"title": "string", "starts_at": "string", "mode": "string", "location": "string", "online_link": "string", "agenda": "array"},
		"MeetingDetail": {"meeting": "object", "agenda": "array", "people": "array", "decisions": "array", "actions": "array", "can_manage": "boolean", "is_member": "boolean"},
		"NewAgendaItem": {"kind": "string", "ref_id": "integer", "title": "string", "private": "boolean"},
		"SignIn":        {"user_id": "integer"},
		"Minutes":       {"minutes": "string"},
		"NewDecision":   {"agenda_id": "integer", "body": "string", "for": "integer", "against": "integer", "abstain": "integer", "private": "boolean"},
		"NewAction":     {"title": "string", "owner_id": "integer", "due": "string", "private": "boolean"},
		"ActionDetail":  {"action": "object", "progress": "array", "can_report": "boolean"},
		"NewProgress":   {"body": "string", "done": "boolean"},
	} {
		schemas[name] = props
	}
}

func day(field, s string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", s, time.Local)
	if err != nil {
		return t, errs.Field(field, "councils.bad_date")
	}
	return t, nil
}

func meetingView(m *councils.Meeting) map[string]any {
	return map[string]any{"id": m.ID, "title": m.Title, "starts_at": m.StartsAt.UTC(), "mode": m.Mode, "location": m.Location, "online_link": m.OnlineLink,
		"minutes": m.Minutes, "attendance": m.AttendanceCount, "invited": m.InvitedCount, "decisions": m.DecisionCount, "actions": m.ActionCount}
}

func actionView(a *councils.ActionItem, now time.Time) map[string]any {
	out := map[string]any{"id": a.ID, "meeting_id": a.MeetingID, "title": a.Title, "owner": a.OwnerName, "owner_id": a.OwnerID, "due": a.DueAt.UTC(),
		"done": a.Done(), "overdue": a.Overdue(now), "private": a.Private, "reports": a.ProgressCount}
	if a.Done() {
		out["done_at"] = a.DoneAt.UTC()
	}
	return out
}

func (a *API) council(w http.ResponseWriter, r *http.Request) {
	call(http.StatusOK, false, func(ctx context.Context, p *service.Principal, id int64, _ struct{}) (any, error) {
		v, err := a.Svc.CouncilPage(ctx, p, id, before(r))
		if err != nil {
			return nil, err
		}
		out := map[string]any{"council": nil, "members": []any{}, "elections": []any{}, "meetings": []any{}, "next_before": v.Next, "open_actions": []any{},
			"overdue": v.Overdue, "can_manage": v.CanManage}
		if v.Council == nil {
			return out, nil
		}
		out["council"] = map[string]any{"id": v.Council.ID, "name": v.Council.Name, "meetings": v.Council.MeetingCount, "open_actions": v.Council.OpenActions}
		members := make([]map[string]any, 0, len(v.Members))
		for _, m := range v.Members {
			members = append(members, map[string]any{"nickname": m.Nickname, "role": m.Role, "unit": m.UnitName, "term_start": m.TermStart.UTC(), "term_end": m.TermEnd.UTC()})
		}
		elections := make([]map[string]any, 0, len(v.Elections))
		for _, e := range v.Elections {
			elections = append(elections, map[string]any{"id": e.ID, "held_on": e.HeldOn.UTC(), "note": e.Note})
		}
		meetings := make([]map[string]any, 0, len(v.Meetings))
		for _, m := range v.Meetings {
			meetings = append(meetings, meetingView(m))
		}
		open := make([]map[string]any, 0, len(v.Open))
		for _, x := range v.Open {
			open = append(open, actionView(x, v.Now))
		}
		out["members"], out["elections"], out["meetings"], out["open_actions"] = members, elections, meetings, open
		return out, nil
	})(w, r)
}

func (a *API) setUpCouncil(w http.ResponseWriter, r *http.Request) {
	call(http.StatusCreated, true, func(ctx context.Context, p *service.Principal, id int64, in struct {
		Name string `json:"name"`
	}) (any, error) {
		c, err := a.Svc.SetUpCouncil(ctx, p, id, in.Name)
		if err != nil {
			return nil, err
		}
		return map[string]any{"id": c.ID}, nil
	})(w, r)
}

func (a *API) addMember(w http.ResponseWriter, r *http.Request) {
	call(http.StatusCreated, true, func(ctx context.Context, p *service.Principal, id int64, in struct {
		Phone      string `json:"phone"`
		Role       string `json:"role"`
		UnitID     int64  `json:"unit_id"`
		ElectionID int64  `json:"election_id"`
		TermStart  string `json:"term_start"`
		TermEnd    string `json:"term_end"`
	}) (any, error) {
		from, err := day("term_start", in.TermStart)
		if err != nil {
			return nil, err
		}
		to, err := day("term_end", in.TermEnd)
		if err != nil {
			return nil, err
		}
		m, err := a.Svc.AddCouncilMember(ctx, p, id, in.Phone, councils.Member{Role: councils.Role(in.Role), UnitID: in.UnitID, ElectionID: in.ElectionID,
			TermStart: from, TermEnd: to})
		if err != nil {
			return nil, err
		}
		return map[string]any{"id": m.ID}, nil
	})(w, r)
}

func (a *API) addElection(w http.ResponseWriter, r *http.Request) {
	call(http.StatusCreated, true, func(ctx context.Context, p *service.Principal, id int64, in struct {
		HeldOn string `json:"held_on"`
		Note   string `json:"note"`
	}) (any, error) {
		on, err := day("held_on", in.HeldOn)
		if err != nil {
			return nil, err
		}
		e, err := a.Svc.RecordElection(ctx, p, id, on, in.Note)
		if err != nil {
			return nil, err
		}
		return map[string]any{"id": e.ID}, nil
	})(w, r)
}

type agendaJSON struct {
	Kind    string `json:"kind"`
	RefID   int64  `json:"ref_id"`
	Title   string `json:"title"`
	Private bool   `json:"private"`
}

func (in agendaJSON) input() councils.AgendaInput {
	return councils.AgendaInput{Kind: councils.AgendaKind(in.Kind), RefID: in.RefID, Title: in.Title, Private: in.Private}
}

func (a *API) callMeeting(w http.ResponseWriter, r *http.Request) {
	call(http.StatusCreated, true, func(ctx context.Context, p *service.Principal, id int64, in struct {
		Title      string       `json:"title"`
		StartsAt   time.Time    `json:"starts_at"`
		Mode       string       `json:"mode"`
		Location   string       `json:"location"`
		OnlineLink string       `json:"online_link"`
		Agenda     []agendaJSON `json:"agenda"`
	}) (any, error) {
		var items []councils.AgendaInput
		for _, it := range in.Agenda {
			items = append(items, it.input())
		}
		m, err := a.Svc.CallMeeting(ctx, p, id, councils.MeetingInput{Title: in.Title, StartsAt: in.StartsAt, Mode: councils.Mode(in.Mode),
			Location: in.Location, OnlineLink: in.OnlineLink}, items)
		if err != nil {
			return nil, err
		}
		return map[string]any{"id": m.ID}, nil
	})(w, r)
}

func (a *API) meeting(w http.ResponseWriter, r *http.Request) {
	call(http.StatusOK, false, func(ctx context.Context, p *service.Principal, id int64, _ struct{}) (any, error) {
		v, err := a.Svc.MeetingPage(ctx, p, id)
		if err != nil {
			return nil, err
		}
		agenda := make([]map[string]any, 0, len(v.Agenda))
		for _, it := range v.Agenda {
			agenda = append(agenda, map[string]any{"id": it.ID, "position": it.Position, "kind": it.Kind, "ref_id": it.RefID, "title": it.Title, "private": it.Private})
		}
		people := make([]map[string]any, 0, len(v.People))
		for _, pe := range v.People {
			people = append(people, map[string]any{"user_id": pe.UserID, "nickname": pe.Nickname, "invited": pe.Invited, "signed_in": pe.SignedIn})
		}
		decisions := make([]map[string]any, 0, len(v.Decisions))
		for _, d := range v.Decisions {
			decisions = append(decisions, map[string]any{"id": d.ID, "agenda_id": d.AgendaID, "body": d.Body, "for": d.For, "against": d.Against,
				"abstain": d.Abstain, "passed": d.Passed(), "private": d.Private})
		}
		actions := make([]map[string]any, 0, len(v.Actions))
		for _, x := range v.Actions {
			actions = append(actions, actionView(x, v.Now))
		}
		return map[string]any{"meeting": meetingView(v.Meeting), "agenda": agenda, "people": people, "decisions": decisions, "actions": actions,
			"can_manage": v.CanManage, "is_member": v.IsMember}, nil
	})(w, r)
}

func (a *API) addAgendaItem(w http.ResponseWriter, r *http.Request) {
	call(http.StatusCreated, true, func(ctx context.Context, p *service.Principal, id int64, in agendaJSON) (any, error) {
		it, err := a.Svc.AddAgendaItem(ctx, p, id, in.input())
		if err != nil {
			return nil, err
		}
		return map[string]any{"id": it.ID}, nil
	})(w, r)
}

func (a *API) signIn(w http.ResponseWriter, r *http.Request) {
	call(http.StatusNoContent, true, func(ctx context.Context, p *service.Principal, id int64, in struct {
		UserID int64 `json:"user_id"`
	}) (any, error) {
		return nil, a.Svc.SignInToMeeting(ctx, p, id, in.UserID)
	})(w, r)
}

func (a *API) writeMinutes(w http.ResponseWriter, r *http.Request) {
	call(http.StatusNoContent, true, func(ctx context.Context, p *service.Principal, id int64, in struct {
		Minutes string `json:"minutes"`
	}) (any, error) {
		return nil, a.Svc.WriteMinutes(ctx, p, id, in.Minutes)
	})(w, r)
}

func (a *API) recordDecision(w http.ResponseWriter, r *http.Request) {
	call(http.StatusCreated, true, func(ctx context.Context, p *service.Principal, id int64, in struct {
		AgendaID int64  `json:"agenda_id"`
		Body     string `json:"body"`
		For      int    `json:"for"`
		Against  int    `json:"against"`
		Abstain  int    `json:"abstain"`
		Private  bool   `json:"private"`
	}) (any, error) {
		d, err := a.Svc.RecordDecision(ctx, p, id, councils.Decision{AgendaID: in.AgendaID, Body: in.Body, For: in.For, Against: in.Against,
			Abstain: in.Abstain, Private: in.Private})
		if err != nil {
			return nil, err
		}
		return map[string]any{"id": d.ID}, nil
	})(w, r)
}

func (a *API) assignAction(w http.ResponseWriter, r *http.Request) {
	call(http.StatusCreated, true, func(ctx context.Context, p *service.Principal, id int64, in struct {
		Title   string `json:"title"`
		OwnerID int64  `json:"owner_id"`
		Due     string `json:"due"`
		Private bool   `json:"private"`
	}) (any, error) {
		due, err := day("due", in.Due)
		if err != nil {
			return nil, err
		}
		x, err := a.Svc.AssignAction(ctx, p, id, in.Title, in.OwnerID, due.Add(24*time.Hour-time.Minute), in.Private)
		if err != nil {
			return nil, err
		}
		return map[string]any{"id": x.ID}, nil
	})(w, r)
}

func (a *API) action(w http.ResponseWriter, r *http.Request) {
	call(http.StatusOK, false, func(ctx context.Context, p *service.Principal, id int64, _ struct{}) (any, error) {
		v, err := a.Svc.ActionPage(ctx, p, id)
		if err != nil {
			return nil, err
		}
		prog := make([]map[string]any, 0, len(v.Progress))
		for _, pr := range v.Progress {
			prog = append(prog, map[string]any{"by": pr.AuthorName, "body": pr.Body, "at": pr.CreatedAt.UTC()})
		}
		return map[string]any{"action": actionView(v.Action, v.Now), "progress": prog, "can_report": v.CanReport}, nil
	})(w, r)
}

func (a *API) reportAction(w http.ResponseWriter, r *http.Request) {
	call(http.StatusNoContent, true, func(ctx context.Context, p *service.Principal, id int64, in struct {
		Body string `json:"body"`
		Done bool   `json:"done"`
	}) (any, error) {
		return nil, a.Svc.ReportAction(ctx, p, id, in.Body, in.Done)
	})(w, r)
}

func (a *API) inviteToMeeting(w http.ResponseWriter, r *http.Request) {
	call(http.StatusOK, true, func(ctx context.Context, p *service.Principal, id int64, in struct {
		Phones []string `json:"phones"`
	}) (any, error) {
		n, err := a.Svc.InviteToMeeting(ctx, p, id, in.Phones)
		if err != nil {
			return nil, err
		}
		return map[string]any{"invited": n}, nil
	})(w, r)
}
