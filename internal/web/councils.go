package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/councils"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/proposals"
	"github.com/linli-dev/linli/internal/service"
)

// councilRoutes registers the council, meeting and action item pages (议事协商).
func (w *Web) councilRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /neighborhoods/{id}/council", w.councilPage)
	mux.HandleFunc("POST /neighborhoods/{id}/council", w.councilAct(func(r *http.Request, p *service.Principal, id int64) (string, error) {
		_, err := w.Svc.SetUpCouncil(r.Context(), p, id, r.PostFormValue("name"))
		return "", err
	}))
	mux.HandleFunc("POST /neighborhoods/{id}/council/members", w.councilAct(func(r *http.Request, p *service.Principal, id int64) (string, error) {
		from, err := formDay(r, "term_start")
		if err != nil {
			return "", err
		}
		to, err := formDay(r, "term_end")
		if err != nil {
			return "", err
		}
		_, err = w.Svc.AddCouncilMember(r.Context(), p, id, r.PostFormValue("phone"), councils.Member{Role: councils.Role(r.PostFormValue("role")),
			UnitID: formInt(r, "unit_id"), ElectionID: formInt(r, "election_id"), TermStart: from, TermEnd: to})
		return "#members", err
	}))
	mux.HandleFunc("POST /neighborhoods/{id}/council/elections", w.councilAct(func(r *http.Request, p *service.Principal, id int64) (string, error) {
		on, err := formDay(r, "held_on")
		if err == nil {
			_, err = w.Svc.RecordElection(r.Context(), p, id, on, r.PostFormValue("note"))
		}
		return "#elections", err
	}))
	mux.HandleFunc("POST /neighborhoods/{id}/meetings", w.callMeeting)
	mux.HandleFunc("GET /meetings/{id}", w.meetingPage)
	mux.HandleFunc("POST /meetings/{id}/agenda", w.meetingAct(func(r *http.Request, p *service.Principal, id int64) (string, error) {
		_, err := w.Svc.AddAgendaItem(r.Context(), p, id, councils.AgendaInput{Kind: councils.AgendaKind(r.PostFormValue("kind")),
			RefID: formInt(r, "ref_id"), Title: r.PostFormValue("title"), Private: r.PostFormValue("private") == "1"})
		return "#agenda", err
	}))
	mux.HandleFunc("POST /meetings/{id}/invitations", w.meetingAct(func(r *http.Request, p *service.Principal, id int64) (string, error) {
		_, err := w.Svc.InviteToMeeting(r.Context(), p, id, strings.FieldsFunc(r.PostFormValue("phones"), splitPhones))
		return "#people", err
	}))
	mux.HandleFunc("POST /meetings/{id}/attendance", w.meetingAct(func(r *http.Request, p *service.Principal, id int64) (string, error) {
		return "#people", w.Svc.SignInToMeeting(r.Context(), p, id, formInt(r, "user_id"))
	}))
	mux.HandleFunc("POST /meetings/{id}/minutes", w.meetingAct(func(r *http.Request, p *service.Principal, id int64) (string, error) {
		return "#minutes", w.Svc.WriteMinutes(r.Context(), p, id, r.PostFormValue("minutes"))
	}))
	mux.HandleFunc("POST /meetings/{id}/decisions", w.meetingAct(func(r *http.Request, p *service.Principal, id int64) (string, error) {
		_, err := w.Svc.RecordDecision(r.Context(), p, id, councils.Decision{AgendaID: formInt(r, "agenda_id"), Body: r.PostFormValue("body"),
			For: int(formInt(r, "for")), Against: int(formInt(r, "against")), Abstain: int(formInt(r, "abstain")), Private: r.PostFormValue("private") == "1"})
		return "#decisions", err
	}))
	mux.HandleFunc("POST /meetings/{id}/actions", w.meetingAct(func(r *http.Request, p *service.Principal, id int64) (string, error) {
		due, err := formDay(r, "due")
		if err == nil {
			_, err = w.Svc.AssignAction(r.Context(), p, id, r.PostFormValue("title"), formInt(r, "owner_id"), due.Add(24*time.Hour-time.Minute),
				r.PostFormValue("private") == "1")
		}
		return "#actions", err
	}))
	mux.HandleFunc("GET /actions/{id}", w.actionPage)
	mux.HandleFunc("POST /actions/{id}/progress", w.actionReport)
}

func init() {
	funcs["overdue"] = func(a *councils.ActionItem, now time.Time) bool { return a.Overdue(now) }
}

// formDay reads a YYYY-MM-DD form value as a day in China's zone. Errors: invalid.
func formDay(r *http.Request, name string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", r.PostFormValue(name), chinaTime)
	if err != nil {
		return t, errs.Field(name, "councils.bad_date")
	}
	return t, nil
}

// councilData adds what the council page's forms offer.
type councilData struct {
	*service.CouncilView
	Roles []councils.Role
	Modes []councils.Mode
}

func (w *Web) loadCouncil(r *http.Request) (*councilData, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	v, err := w.Svc.CouncilPage(r.Context(), httpx.Principal(r), id, before)
	if err != nil {
		return nil, err
	}
	return &councilData{CouncilView: v, Roles: councils.Roles, Modes: councils.Modes}, nil
}

func (w *Web) councilPage(rw http.ResponseWriter, r *http.Request) {
	d, err := w.loadCouncil(r)
	if err != nil {
		w.fail(rw, r, "", "councils.title", nil, err)
		return
	}
	p := w.page(r, "councils.title", d)
	if d.Council != nil {
		p.Title = d.Council.Name
	}
	w.render(rw, r, http.StatusOK, "council", p)
}

// councilAct wraps a form post on a council page: act, then back to the page
// (at anchor), or the page again with the error.
func (w *Web) councilAct(fn func(r *http.Request, p *service.Principal, id int64) (string, error)) http.HandlerFunc {
	return w.formAct(w.councilForm(), fn)
}

// councilForm is the council page as formAct shows it.
func (w *Web) councilForm() formPage {
	return formPage{titleKey: "councils.title", template: "council",
		done: func(id int64, anchor string) string {
			return "/neighborhoods/" + strconv.FormatInt(id, 10) + "/council?flash=flash.saved" + anchor
		},
		reload: func(r *http.Request, _ int64) (any, string, error) {
			d, err := w.loadCouncil(r)
			return d, "", err
		}}
}

func (w *Web) councilFailed(rw http.ResponseWriter, r *http.Request, err error) {
	w.formFailed(rw, r, w.councilForm(), 0, err)
}

func (w *Web) callMeeting(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	var m *councils.Meeting
	if err == nil {
		var starts time.Time
		starts, err = time.ParseInLocation("2006-01-02T15:04", r.PostFormValue("starts_at"), chinaTime)
		if err != nil {
			err = errs.Field("starts_at", "councils.bad_time")
		}
		var items []councils.AgendaInput
		if pid := formInt(r, "proposal_id"); pid != 0 {
			items = append(items, councils.AgendaInput{Kind: councils.AboutProposal, RefID: pid})
		}
		if err == nil {
			m, err = w.Svc.CallMeeting(r.Context(), httpx.Principal(r), id, councils.MeetingInput{Title: r.PostFormValue("title"), StartsAt: starts,
				Mode: councils.Mode(r.PostFormValue("mode")), Location: r.PostFormValue("location"), OnlineLink: r.PostFormValue("online_link")}, items)
		}
	}
	if err != nil {
		w.councilFailed(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/meetings/"+strconv.FormatInt(m.ID, 10)+"?flash=flash.meeting_called", http.StatusSeeOther)
}

// meetingData adds the form choices to the service's view.
type meetingData struct {
	*service.MeetingView
	Kinds []councils.AgendaKind
	// DefaultItem is the agenda item the decision form starts on: the first
	// proposal still waiting for the council.
	DefaultItem int64
}

func (w *Web) loadMeeting(r *http.Request) (*meetingData, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	v, err := w.Svc.MeetingPage(r.Context(), httpx.Principal(r), id)
	if err != nil {
		return nil, err
	}
	d := &meetingData{MeetingView: v, Kinds: councils.AgendaKinds}
	for _, a := range v.Agenda {
		if pr := v.Proposals[a.RefID]; a.Kind == councils.AboutProposal && pr != nil && pr.State == proposals.Accepted {
			d.DefaultItem = a.ID
			break
		}
	}
	return d, nil
}

func (w *Web) meetingPage(rw http.ResponseWriter, r *http.Request) {
	d, err := w.loadMeeting(r)
	if err != nil {
		w.fail(rw, r, "", "councils.meeting", nil, err)
		return
	}
	p := w.page(r, "councils.meeting", d)
	p.Title = d.Meeting.Title
	w.render(rw, r, http.StatusOK, "meeting", p)
}

// meetingAct wraps a form post on a meeting page.
func (w *Web) meetingAct(fn func(r *http.Request, p *service.Principal, id int64) (string, error)) http.HandlerFunc {
	return w.formAct(formPage{titleKey: "councils.meeting", template: "meeting",
		done: func(id int64, anchor string) string {
			return "/meetings/" + strconv.FormatInt(id, 10) + "?flash=flash.saved" + anchor
		},
		reload: func(r *http.Request, _ int64) (any, string, error) {
			d, err := w.loadMeeting(r)
			if err != nil {
				return nil, "", err
			}
			return d, d.Meeting.Title, nil
		}}, fn)
}

func (w *Web) actionPage(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var v *service.ActionView
	if err == nil {
		v, err = w.Svc.ActionPage(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.fail(rw, r, "", "councils.action", nil, err)
		return
	}
	p := w.page(r, "councils.action", v)
	p.Title = v.Action.Title
	w.render(rw, r, http.StatusOK, "action_item", p)
}

func (w *Web) actionReport(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		err = w.Svc.ReportAction(r.Context(), httpx.Principal(r), id, r.PostFormValue("body"), r.PostFormValue("done") == "1")
	}
	if err != nil {
		v, verr := w.Svc.ActionPage(r.Context(), httpx.Principal(r), id)
		if code := errs.CodeOf(err); code == errs.Unauthorized || code == errs.NotFound || code == errs.Internal || verr != nil {
			w.fail(rw, r, "", "councils.action", nil, err)
			return
		}
		status, desc := httpx.Describe(r, err)
		p := w.page(r, "councils.action", v)
		p.Title, p.Error = v.Action.Title, desc.Message
		if desc.Field != "" {
			p.Fields = map[string]string{desc.Field: desc.Message}
		}
		w.render(rw, r, status, "action_item", p)
		return
	}
	http.Redirect(rw, r, "/actions/"+strconv.FormatInt(id, 10)+"?flash=flash.saved", http.StatusSeeOther)
}
