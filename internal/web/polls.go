package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/polls"
	"github.com/linli-dev/linli/internal/service"
)

// pollRoutes registers the poll pages: voting, the clerks' desk, results.
func (w *Web) pollRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /neighborhoods/{id}/polls", w.pollList)
	mux.HandleFunc("GET /neighborhoods/{id}/polls/new", w.pollNewForm)
	mux.HandleFunc("POST /neighborhoods/{id}/polls", w.pollCreate)
	mux.HandleFunc("GET /polls/{id}", w.pollPage)
	mux.HandleFunc("POST /polls/{id}/vote", w.pollVote)
	mux.HandleFunc("POST /polls/{id}/open", w.pollOpen)
	mux.HandleFunc("POST /polls/{id}/close", w.pollClose)
	mux.HandleFunc("GET /polls/{id}/desk", w.pollDesk)
	mux.HandleFunc("POST /polls/{id}/sheets", w.pollSheet)
	mux.HandleFunc("POST /polls/{id}/sheets/{serial}/check", w.pollSheetCheck)
	mux.HandleFunc("POST /polls/{id}/sheets/{serial}/resolve", w.pollSheetResolve)
	mux.HandleFunc("POST /polls/{id}/door", w.pollDoor)
	mux.HandleFunc("GET /polls/{id}/ballots", w.pollBallots)
	mux.HandleFunc("GET /polls/{id}/live", w.pollLive)
}

func init() {
	funcs["pollBars"] = pollBars
	funcs["area"] = org.FormatArea
	funcs["positions"] = polls.Positions
	funcs["optionLabel"] = optionLabel
}

// optionLabel is an option's words: an assembly's answers come from the catalog.
func optionLabel(p *Page, kind polls.Kind, o polls.Option) string {
	if kind == polls.Assembly {
		return p.T("polls.answer." + o.Label)
	}
	return o.Label
}

func (w *Web) pollList(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var v *service.PollListView
	if err == nil {
		v, err = w.Svc.PollList(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.fail(rw, r, "", "polls.title", nil, err)
		return
	}
	p := w.page(r, "polls.title", v)
	p.Title = p.T("polls.title_of", v.Neighborhood.Name)
	w.render(rw, r, http.StatusOK, "poll_list", p)
}

func (w *Web) pollPage(rw http.ResponseWriter, r *http.Request) {
	w.showPoll(rw, r, http.StatusOK, nil)
}

// showPoll renders the poll page, with err's message beside the ballot.
func (w *Web) showPoll(rw http.ResponseWriter, r *http.Request, status int, err error) {
	id, ierr := idParam(r, "id")
	var v *service.PollView
	if ierr == nil {
		v, ierr = w.Svc.PollPage(r.Context(), httpx.Principal(r), id)
	}
	if ierr != nil {
		w.fail(rw, r, "", "polls.title", nil, ierr)
		return
	}
	p := w.page(r, "polls.title", v)
	p.Title = v.Poll.Title
	if err != nil {
		var d httpx.ErrorDetail
		status, d = httpx.Describe(r, err)
		p.Error = d.Message
	}
	w.render(rw, r, status, "poll_page", p)
}

func (w *Web) pollVote(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	var receipt string
	if err == nil {
		var choices []int
		for _, s := range r.PostForm["choice"] {
			n, cerr := strconv.Atoi(s)
			if cerr != nil {
				n = -1
			}
			choices = append(choices, n)
		}
		receipt, err = w.Svc.Vote(r.Context(), httpx.Principal(r), id, choices)
	}
	if err != nil {
		if c := errs.CodeOf(err); c == errs.Invalid || c == errs.Conflict || c == errs.Forbidden {
			w.showPoll(rw, r, 0, err)
			return
		}
		w.fail(rw, r, "", "polls.title", nil, err)
		return
	}
	v, err := w.Svc.PollPage(r.Context(), httpx.Principal(r), id)
	if err != nil {
		w.fail(rw, r, "", "polls.title", nil, err)
		return
	}
	p := w.page(r, "polls.voted_title", &pollVotedData{PollView: v, Receipt: receipt})
	w.render(rw, r, http.StatusOK, "poll_voted", p)
}

// pollVotedData is the confirmation: the poll and the receipt code.
type pollVotedData struct {
	*service.PollView
	Receipt string
}

func (w *Web) pollOpen(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		_, err = w.Svc.OpenPoll(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.showPoll(rw, r, 0, err)
		return
	}
	pollDone(rw, r, id, "", "flash.poll_opened")
}

func (w *Web) pollClose(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		_, err = w.Svc.ClosePoll(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.showPoll(rw, r, 0, err)
		return
	}
	pollDone(rw, r, id, "", "flash.poll_closed")
}

// pollDone redirects to a poll's page (or its desk) with a flash.
func pollDone(rw http.ResponseWriter, r *http.Request, id int64, sub, flash string) {
	http.Redirect(rw, r, "/polls/"+strconv.FormatInt(id, 10)+sub+"?flash="+url.QueryEscape(flash), http.StatusSeeOther)
}

// pollBallotsData is the published list, and a receipt looked up.
type pollBallotsData struct {
	Poll    *polls.Poll
	Options []polls.Option
	Ballots []polls.PublicBallot
	Next    string
	Code    string
	Found   *polls.PublicBallot
	Missing bool
}

func (w *Web) pollBallots(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	d := &pollBallotsData{Code: strings.TrimSpace(r.URL.Query().Get("receipt"))}
	if err == nil {
		d.Poll, d.Ballots, err = w.Svc.PublishedBallots(r.Context(), httpx.Principal(r), id, r.URL.Query().Get("after"), 200)
	}
	if err == nil {
		d.Options, err = w.Svc.PollStore.Options(r.Context(), id)
	}
	if err == nil && d.Code != "" {
		d.Found, err = w.Svc.LookupReceipt(r.Context(), httpx.Principal(r), id, d.Code)
		if errs.Is(err, errs.NotFound) {
			d.Missing, err = true, nil
		}
	}
	if err != nil {
		w.fail(rw, r, "", "polls.title", nil, err)
		return
	}
	if len(d.Ballots) == 200 {
		d.Next = d.Ballots[len(d.Ballots)-1].Receipt
	}
	p := w.page(r, "polls.ballots_title", d)
	w.render(rw, r, http.StatusOK, "poll_ballots", p)
}

// parseLocal reads a datetime-local value in China's time.
func parseLocal(field, s string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(s), chinaTime)
	if err != nil {
		return time.Time{}, errs.Field(field, "polls.bad_time")
	}
	return t, nil
}
