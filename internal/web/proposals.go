package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/proposals"
	"github.com/linli-dev/linli/internal/service"
)

// proposalRoutes registers the proposal pages (提案).
func (w *Web) proposalRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /neighborhoods/{id}/proposals", w.proposalList)
	mux.HandleFunc("GET /neighborhoods/{id}/proposals/new", w.proposalNewForm)
	mux.HandleFunc("POST /neighborhoods/{id}/proposals", w.proposalCreate)
	mux.HandleFunc("GET /neighborhoods/{id}/proposals/review", w.proposalQueue)
	mux.HandleFunc("GET /proposals/{id}", w.proposalPage)
	mux.HandleFunc("GET /proposals/{id}/edit", w.proposalEditForm)
	mux.HandleFunc("POST /proposals/{id}/edit", w.proposalEdit)
	mux.HandleFunc("POST /proposals/{id}/invite", w.proposalAct(func(r *http.Request, p *service.Principal, id int64) (string, error) {
		_, err := w.Svc.InviteCosigners(r.Context(), p, id, strings.FieldsFunc(r.PostFormValue("phones"), splitPhones))
		return "flash.proposal_invited", err
	}))
	mux.HandleFunc("POST /proposals/{id}/cosign", w.proposalAct(func(r *http.Request, p *service.Principal, id int64) (string, error) {
		return "flash.saved", w.Svc.AnswerInvitation(r.Context(), p, id, r.PostFormValue("accept") == "1")
	}))
	mux.HandleFunc("POST /proposals/{id}/submit", w.proposalAct(func(r *http.Request, p *service.Principal, id int64) (string, error) {
		s, err := w.Svc.SubmitProposal(r.Context(), p, id, formInt(r, "version"))
		if err != nil {
			return "", err
		}
		return "flash.proposal_" + string(s.Proposal.State), nil
	}))
	mux.HandleFunc("POST /proposals/{id}/support", w.proposalAct(func(r *http.Request, p *service.Principal, id int64) (string, error) {
		return "flash.saved", w.Svc.SupportProposal(r.Context(), p, id, r.PostFormValue("on") != "0")
	}))
	mux.HandleFunc("POST /proposals/{id}/follow", w.proposalAct(func(r *http.Request, p *service.Principal, id int64) (string, error) {
		return "flash.saved", w.Svc.FollowProposal(r.Context(), p, id, r.PostFormValue("on") != "0")
	}))
	mux.HandleFunc("POST /proposals/{id}/move", w.proposalAct(func(r *http.Request, p *service.Principal, id int64) (string, error) {
		_, err := w.Svc.MoveProposal(r.Context(), p, id, proposals.Action(r.PostFormValue("action")), r.PostFormValue("note"), formInt(r, "version"))
		return "flash.proposal_moved", err
	}))
	mux.HandleFunc("POST /neighborhoods/{id}/groups", w.registerGroup)
	mux.HandleFunc("GET /places/{id}/screening", w.screeningForm)
	mux.HandleFunc("POST /places/{id}/screening", w.screeningSave)
}

func splitPhones(r rune) bool {
	return r == ',' || r == '，' || r == '、' || r == ' ' || r == '\n' || r == '\r'
}

// proposalListData adds the states to the service's view.
type proposalListData struct {
	*service.ProposalsView
	Queue bool
}

func (w *Web) proposalList(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var v *service.ProposalsView
	if err == nil {
		before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
		v, err = w.Svc.ProposalList(r.Context(), httpx.Principal(r), id, before)
	}
	if err != nil {
		w.fail(rw, r, "", "proposals.title", nil, err)
		return
	}
	p := w.page(r, "proposals.title", &proposalListData{ProposalsView: v})
	p.Title = p.T("proposals.title_of", v.Neighborhood.Name)
	w.render(rw, r, http.StatusOK, "proposal_list", p)
}

func (w *Web) proposalQueue(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	v := &service.ProposalsView{}
	if err == nil {
		before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
		v.Neighborhood, v.Page, err = w.Svc.ScreeningQueue(r.Context(), httpx.Principal(r), id, before)
	}
	if err != nil {
		w.fail(rw, r, "", "proposals.queue", nil, err)
		return
	}
	v.CanScreen = true
	w.render(rw, r, http.StatusOK, "proposal_list", w.page(r, "proposals.queue", &proposalListData{ProposalsView: v, Queue: true}))
}

func (w *Web) proposalNewForm(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var f *service.ProposalForm
	if err == nil {
		f, err = w.Svc.ProposalFormFor(r.Context(), httpx.Principal(r), id, 0)
	}
	if err != nil {
		w.fail(rw, r, "", "proposals.new", nil, err)
		return
	}
	w.render(rw, r, http.StatusOK, "proposal_form", w.page(r, "proposals.new", &proposalFormData{ProposalForm: f, Kinds: proposals.Kinds}))
}

// proposalFormData adds the kinds to the service's form.
type proposalFormData struct {
	*service.ProposalForm
	Kinds []proposals.Kind
}

func textFromForm(r *http.Request) proposals.Text {
	return proposals.Text{Kind: proposals.Kind(r.PostFormValue("kind")), Title: r.PostFormValue("title"), Body: r.PostFormValue("body"),
		Category: r.PostFormValue("category"), GroupID: formInt(r, "group_id")}
}

func (w *Web) proposalCreate(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	var pr *proposals.Proposal
	if err == nil {
		pr, err = w.Svc.CreateProposal(r.Context(), httpx.Principal(r), id, textFromForm(r))
	}
	if err != nil {
		f, ferr := w.Svc.ProposalFormFor(r.Context(), httpx.Principal(r), id, 0)
		if ferr != nil {
			w.fail(rw, r, "", "proposals.new", nil, err)
			return
		}
		w.fail(rw, r, "proposal_form", "proposals.new", &proposalFormData{ProposalForm: f, Kinds: proposals.Kinds}, err)
		return
	}
	http.Redirect(rw, r, "/proposals/"+strconv.FormatInt(pr.ID, 10)+"?flash=flash.proposal_created", http.StatusSeeOther)
}

func (w *Web) proposalEditForm(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var f *service.ProposalForm
	if err == nil {
		f, err = w.Svc.ProposalFormFor(r.Context(), httpx.Principal(r), 0, id)
	}
	if err != nil {
		w.fail(rw, r, "", "proposals.edit", nil, err)
		return
	}
	p := w.page(r, "proposals.edit", &proposalFormData{ProposalForm: f, Kinds: proposals.Kinds})
	p.Form = map[string][]string{"title": {f.Proposal.Title}, "body": {f.Proposal.Body}, "category": {f.Proposal.Category},
		"version": {strconv.FormatInt(f.Proposal.Version, 10)}}
	w.render(rw, r, http.StatusOK, "proposal_form", p)
}

func (w *Web) proposalEdit(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		_, err = w.Svc.EditProposal(r.Context(), httpx.Principal(r), id, formInt(r, "version"), textFromForm(r))
	}
	if err != nil {
		f, ferr := w.Svc.ProposalFormFor(r.Context(), httpx.Principal(r), 0, id)
		if ferr != nil {
			w.fail(rw, r, "", "proposals.edit", nil, err)
			return
		}
		w.fail(rw, r, "proposal_form", "proposals.edit", &proposalFormData{ProposalForm: f, Kinds: proposals.Kinds}, err)
		return
	}
	http.Redirect(rw, r, "/proposals/"+strconv.FormatInt(id, 10)+"?flash=flash.saved", http.StatusSeeOther)
}

func (w *Web) proposalPage(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var v *service.ProposalView
	if err == nil {
		v, err = w.Svc.ProposalPage(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.fail(rw, r, "", "proposals.title", nil, err)
		return
	}
	p := w.page(r, "proposals.title", v)
	p.Title = v.Proposal.Title
	w.render(rw, r, http.StatusOK, "proposal_page", p)
}

// proposalAct wraps a form post on a proposal: parse, act, and go back to
// the proposal's page with a flash, or show it again with the error on top.
func (w *Web) proposalAct(fn func(r *http.Request, p *service.Principal, id int64) (string, error)) http.HandlerFunc {
	return w.formAct(formPage{titleKey: "proposals.title", template: "proposal_page",
		done: func(id int64, flash string) string {
			return "/proposals/" + strconv.FormatInt(id, 10) + "?flash=" + flash
		},
		reload: func(r *http.Request, id int64) (any, string, error) {
			v, err := w.Svc.ProposalPage(r.Context(), httpx.Principal(r), id)
			if err != nil {
				return nil, "", err
			}
			return v, v.Proposal.Title, nil
		}}, fn)
}

// screeningData is the list editor: the lists as text areas.
type screeningData struct {
	*service.ListsView
	Encouraged string
	Negative   string
	GroupKinds []string
}

func newScreeningData(v *service.ListsView) *screeningData {
	d := &screeningData{ListsView: v, GroupKinds: proposals.GroupKinds}
	var enc, neg []string
	for _, c := range v.Lists.Encouraged {
		enc = append(enc, c.Name)
	}
	for _, it := range v.Lists.Negative {
		neg = append(neg, negativeLine(it))
	}
	d.Encouraged, d.Negative = strings.Join(enc, "\n"), strings.Join(neg, "\n")
	return d
}

// negativeLine writes a negative item as the editor shows it: name | words | explanation.
func negativeLine(it proposals.Item) string {
	return it.Name + " | " + strings.Join(it.Words, "、") + " | " + it.Explanation
}

func (w *Web) screeningForm(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var v *service.ListsView
	if err == nil {
		v, err = w.Svc.ScreeningLists(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.fail(rw, r, "", "proposals.lists", nil, err)
		return
	}
	d := newScreeningData(v)
	p := w.page(r, "proposals.lists", d)
	p.Title = p.T("proposals.lists_of", v.Place.Name)
	w.render(rw, r, http.StatusOK, "proposal_lists", p)
}

// listEditFromForm reads the editor: categories one per line, negative items
// one per line as "name | words | explanation". Errors: invalid.
func listEditFromForm(r *http.Request) (proposals.ListEdit, error) {
	e := proposals.ListEdit{MinCosigners: int(formInt(r, "min_cosigners")), Encouraged: strings.Split(r.PostFormValue("encouraged"), "\n")}
	for _, line := range strings.Split(r.PostFormValue("negative"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.SplitN(strings.ReplaceAll(line, "｜", "|"), "|", 3)
		if len(parts) != 3 {
			return e, errs.Field("negative", "proposals.bad_item_line", strings.TrimSpace(line))
		}
		e.Negative = append(e.Negative, proposals.Item{Name: parts[0], Words: []string{parts[1]}, Explanation: parts[2]})
	}
	return e, nil
}

func (w *Web) screeningSave(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	var e proposals.ListEdit
	if err == nil {
		e, err = listEditFromForm(r)
	}
	if err == nil {
		_, err = w.Svc.SetScreeningLists(r.Context(), httpx.Principal(r), id, e)
	}
	if err != nil {
		v, verr := w.Svc.ScreeningLists(r.Context(), httpx.Principal(r), id)
		if verr != nil {
			w.fail(rw, r, "", "proposals.lists", nil, err)
			return
		}
		w.fail(rw, r, "proposal_lists", "proposals.lists", &screeningData{ListsView: v, Encouraged: r.PostFormValue("encouraged"),
			Negative: r.PostFormValue("negative"), GroupKinds: proposals.GroupKinds}, err)
		return
	}
	http.Redirect(rw, r, "/places/"+strconv.FormatInt(id, 10)+"/screening?flash=flash.saved", http.StatusSeeOther)
}

// registerGroup registers a group from the lists page's form and goes back to it.
func (w *Web) registerGroup(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		_, err = w.Svc.RegisterGroup(r.Context(), httpx.Principal(r), id, r.PostFormValue("kind"), r.PostFormValue("name"),
			strings.FieldsFunc(r.PostFormValue("phones"), splitPhones))
	}
	if err != nil {
		v, verr := w.Svc.ScreeningLists(r.Context(), httpx.Principal(r), id)
		if verr != nil {
			w.fail(rw, r, "", "proposals.lists", nil, err)
			return
		}
		w.fail(rw, r, "proposal_lists", "proposals.lists", newScreeningData(v), err)
		return
	}
	http.Redirect(rw, r, "/places/"+strconv.FormatInt(id, 10)+"/screening?flash=flash.saved#groups", http.StatusSeeOther)
}
