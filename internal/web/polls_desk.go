package web

import (
	"net/http"
	"strconv"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/polls"
	"github.com/linli-dev/linli/internal/service"
)

// pollDeskData is the desk with the last entry's outcome.
type pollDeskData struct {
	*service.PollDesk
	Sheet   *polls.Sheet
	Receipt string
}

func (w *Web) pollDesk(rw http.ResponseWriter, r *http.Request) {
	w.showDesk(rw, r, http.StatusOK, nil, nil)
}

// showDesk renders the desk; err (a refused entry) shows on top.
func (w *Web) showDesk(rw http.ResponseWriter, r *http.Request, status int, extra *pollDeskData, err error) {
	id, ierr := idParam(r, "id")
	var d *service.PollDesk
	if ierr == nil {
		d, ierr = w.Svc.PollDesk(r.Context(), httpx.Principal(r), id)
	}
	if ierr != nil {
		w.fail(rw, r, "", "polls.desk_title", nil, ierr)
		return
	}
	if extra == nil {
		extra = &pollDeskData{}
	}
	extra.PollDesk = d
	p := w.page(r, "polls.desk_title", extra)
	p.Title = p.T("polls.desk_title_of", d.Poll.Title)
	if err != nil {
		var det httpx.ErrorDetail
		status, det = httpx.Describe(r, err)
		p.Error = det.Message
		if det.Field != "" {
			p.Fields = map[string]string{det.Field: det.Message}
		}
	}
	w.render(rw, r, status, "poll_desk", p)
}

// deskFailed shows the desk again for a refused entry; refusals of the person
// themselves get the error page.
func (w *Web) deskFailed(rw http.ResponseWriter, r *http.Request, err error) {
	switch errs.CodeOf(err) {
	case errs.Unauthorized, errs.Forbidden, errs.NotFound, errs.Internal:
		w.fail(rw, r, "", "polls.desk_title", nil, err)
	default:
		w.showDesk(rw, r, 0, nil, err)
	}
}

func choicesFrom(r *http.Request) []int {
	var out []int
	for _, s := range r.PostForm["choice"] {
		n, err := strconv.Atoi(s)
		if err != nil {
			n = -1
		}
		out = append(out, n)
	}
	return out
}

func (w *Web) pollSheet(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	var sh *polls.Sheet
	if err == nil {
		sh, err = w.Svc.EnterSheet(r.Context(), httpx.Principal(r), id, r.PostFormValue("serial"), formInt(r, "voter"), choicesFrom(r))
	}
	if err != nil {
		w.deskFailed(rw, r, err)
		return
	}
	w.showDesk(rw, r, http.StatusOK, &pollDeskData{Sheet: sh}, nil)
}

func (w *Web) pollSheetCheck(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var sh *polls.Sheet
	if err == nil {
		sh, err = w.Svc.CheckSheet(r.Context(), httpx.Principal(r), id, r.PathValue("serial"))
	}
	if err != nil {
		w.deskFailed(rw, r, err)
		return
	}
	w.showDesk(rw, r, http.StatusOK, &pollDeskData{Sheet: sh}, nil)
}

func (w *Web) pollSheetResolve(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	var sh *polls.Sheet
	if err == nil {
		sh, err = w.Svc.ResolveSheet(r.Context(), httpx.Principal(r), id, r.PathValue("serial"), int(formInt(r, "pick")))
	}
	if err != nil {
		w.deskFailed(rw, r, err)
		return
	}
	w.showDesk(rw, r, http.StatusOK, &pollDeskData{Sheet: sh}, nil)
}

func (w *Web) pollDoor(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	var receipt string
	if err == nil {
		receipt, err = w.Svc.RecordDoor(r.Context(), httpx.Principal(r), id, formInt(r, "voter"), choicesFrom(r), r.PostFormValue("slip"),
			r.PostFormValue("confirmed") != "")
	}
	if err != nil {
		w.deskFailed(rw, r, err)
		return
	}
	w.showDesk(rw, r, http.StatusOK, &pollDeskData{Receipt: receipt}, nil)
}
