package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/polls"
	"github.com/linli-dev/linli/internal/service"
)

// pollFormData is the new-poll form with its choices.
type pollFormData struct {
	*service.PollForm
	Kinds       []polls.Kind
	Electorates []polls.Electorate
	Picked      map[string]bool // listed projects ticked as candidates, by id
}

func (w *Web) pollNewForm(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var f *service.PollForm
	if err == nil {
		f, err = w.Svc.NewPollForm(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.fail(rw, r, "", "polls.new", nil, err)
		return
	}
	p := w.page(r, "polls.new", newPollFormData(f, r))
	p.Form = map[string][]string{"kind": {"tick"}, "electorate": {"households"}, "secret": {"1"}, "paper_check": {"double"},
		"min_choices": {"1"}, "max_choices": {"5"}, "winners": {"3"},
		"opens_at": {f.Now.In(chinaTime).Format("2006-01-02T15:04")}, "closes_at": {f.Now.In(chinaTime).AddDate(0, 0, 14).Format("2006-01-02T15:04")}}
	w.render(rw, r, http.StatusOK, "poll_form", p)
}

func newPollFormData(f *service.PollForm, r *http.Request) *pollFormData {
	d := &pollFormData{PollForm: f, Kinds: polls.Kinds, Electorates: []polls.Electorate{polls.Households, polls.Residents, polls.Owners}, Picked: map[string]bool{}}
	for _, v := range r.PostForm["candidate"] {
		d.Picked[v] = true
	}
	return d
}

func (w *Web) pollCreate(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	var d polls.NewPoll
	if err == nil {
		d, err = pollFromForm(r)
	}
	var pl *polls.Poll
	if err == nil {
		pl, err = w.Svc.CreatePoll(r.Context(), httpx.Principal(r), id, d)
	}
	if err != nil {
		f, ferr := w.Svc.NewPollForm(r.Context(), httpx.Principal(r), id)
		if ferr != nil {
			w.fail(rw, r, "", "polls.new", nil, ferr)
			return
		}
		w.fail(rw, r, "poll_form", "polls.new", newPollFormData(f, r), err)
		return
	}
	pollDone(rw, r, pl.ID, "", "flash.poll_created")
}

// pollFromForm reads the new-poll form: options one per line, plus the
// listed projects ticked as candidates.
func pollFromForm(r *http.Request) (polls.NewPoll, error) {
	d := polls.NewPoll{Kind: polls.Kind(r.PostFormValue("kind")), Title: r.PostFormValue("title"), Description: r.PostFormValue("description"),
		Electorate: polls.Electorate(r.PostFormValue("electorate")), MinChoices: int(formInt(r, "min_choices")), MaxChoices: int(formInt(r, "max_choices")),
		Winners: int(formInt(r, "winners")), Major: r.PostFormValue("major") != "", Secret: r.PostFormValue("secret") != "",
		Live: r.PostFormValue("live") != "", PaperCheck: polls.PaperCheck(r.PostFormValue("paper_check")), ProjectID: formInt(r, "project_id"),
		Commitment: r.PostFormValue("commitment")}
	for _, v := range r.PostForm["candidate"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			d.Options = append(d.Options, polls.NewOption{ProjectID: n})
		}
	}
	for _, line := range strings.Split(r.PostFormValue("options"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			d.Options = append(d.Options, polls.NewOption{Label: line})
		}
	}
	for _, v := range r.PostForm["place"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			d.PlaceIDs = append(d.PlaceIDs, n)
		}
	}
	var err error
	if d.OpensAt, err = parseLocal("opens_at", r.PostFormValue("opens_at")); err != nil {
		return d, err
	}
	if d.ClosesAt, err = parseLocal("closes_at", r.PostFormValue("closes_at")); err != nil {
		return d, err
	}
	return d, nil
}
