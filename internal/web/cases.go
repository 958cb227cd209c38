package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/service"
)

// caseRoutes registers the cases' pages.
func (w *Web) caseRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /cases", w.myCases)
	mux.HandleFunc("GET /cases/new", w.reportForm)
	mux.HandleFunc("POST /cases", w.reportCase)
	mux.HandleFunc("GET /cases/{id}", w.casePage)
	mux.HandleFunc("POST /cases/{id}/move", w.moveCase)
	mux.HandleFunc("POST /cases/{id}/note", w.noteCase)
	mux.HandleFunc("POST /cases/{id}/rate", w.rateCase)
	mux.HandleFunc("POST /topics/{id}/case", w.caseFromTopic)
	mux.HandleFunc("GET /neighborhoods/{id}/cases", w.neighborhoodCases)
	mux.HandleFunc("GET /workbench", w.workbenchHome)
	mux.HandleFunc("GET /places/{id}/workbench", w.workbench)
	mux.HandleFunc("GET /units/{id}/cases", w.unitCases)
	mux.HandleFunc("GET /neighborhoods/{id}/case-routes", w.caseRoutesPage)
	mux.HandleFunc("POST /neighborhoods/{id}/case-routes", w.setCaseRoute)
}

// reportData is the report form.
type reportData struct {
	*service.ReportForm
	Categories []string
	Channels   []cases.Channel
}

func (w *Web) reportData(r *http.Request) (*reportData, error) {
	f, err := w.Svc.CaseReportForm(r.Context(), httpx.Principal(r), formInt(r, "neighborhood"))
	if err != nil {
		return nil, err
	}
	return &reportData{ReportForm: f, Categories: board.Categories, Channels: cases.OfflineChannels}, nil
}

func (w *Web) reportForm(rw http.ResponseWriter, r *http.Request) {
	d, err := w.reportData(r)
	if err != nil {
		w.fail(rw, r, "", "cases.report_title", nil, err)
		return
	}
	w.render(rw, r, http.StatusOK, "case_new", w.page(r, "cases.report_title", d))
}

func (w *Web) reportCase(rw http.ResponseWriter, r *http.Request) {
	err := r.ParseMultipartForm(32 << 20)
	if err != nil {
		err = r.ParseForm()
	}
	var c *cases.Case
	if err == nil {
		rep := service.CaseReport{NeighborhoodID: formInt(r, "neighborhood"), PlaceID: formInt(r, "place"), Category: r.PostFormValue("category"),
			Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), Address: r.PostFormValue("address"),
			Channel: cases.Channel(r.PostFormValue("channel")), ForPhone: r.PostFormValue("for_phone")}
		var photos []board.Photo
		if photos, err = w.uploadedPhotos(r); err == nil {
			for _, p := range photos {
				rep.Photos = append(rep.Photos, cases.Photo{Key: p.Key, ThumbKey: p.ThumbKey, ContentType: p.ContentType, Width: p.Width, Height: p.Height})
			}
			c, err = w.Svc.ReportCase(r.Context(), httpx.Principal(r), rep)
		}
	}
	if err != nil {
		d, derr := w.reportData(r)
		if derr != nil {
			w.fail(rw, r, "", "cases.report_title", nil, derr)
			return
		}
		w.fail(rw, r, "case_new", "cases.report_title", d, err)
		return
	}
	http.Redirect(rw, r, caseURL(c.ID)+"?flash=flash.case_reported", http.StatusSeeOther)
}

func caseURL(id int64) string { return "/cases/" + strconv.FormatInt(id, 10) }

// casePageData adds the choices the action forms offer.
type casePageData struct {
	*service.CaseView
	Ratings []int
}

// has reports whether action is among those the viewer may take.
func (d *casePageData) Has(action string) bool {
	for _, a := range d.Actions {
		if string(a) == action {
			return true
		}
	}
	return false
}

func (w *Web) casePage(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err != nil {
		w.fail(rw, r, "", "cases.title", nil, err)
		return
	}
	w.showCase(rw, r, id, http.StatusOK, nil)
}

// showCase renders a case page, with err beside its field after a failed action.
func (w *Web) showCase(rw http.ResponseWriter, r *http.Request, id int64, status int, actionErr error) {
	v, err := w.Svc.CasePage(r.Context(), httpx.Principal(r), id)
	if err != nil {
		w.fail(rw, r, "", "cases.title", nil, err)
		return
	}
	d := &casePageData{CaseView: v, Ratings: []int{5, 4, 3, 2, 1}}
	if actionErr != nil {
		e := errs.As(actionErr)
		if e.Field == "" {
			e = withField(actionErr, "action").(*errs.Error)
		}
		w.fail(rw, r, "case", "cases.title", d, e)
		return
	}
	p := w.page(r, "cases.title", d)
	p.Title = v.Case.Title
	w.render(rw, r, status, "case", p)
}

func (w *Web) moveCase(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err != nil {
		w.fail(rw, r, "", "cases.title", nil, err)
		return
	}
	in := cases.MoveInput{Version: formInt(r, "version"), Note: r.PostFormValue("note"), LeadUnitID: formInt(r, "lead_unit"),
		Rating: int(formInt(r, "rating")), Comment: r.PostFormValue("comment")}
	for _, v := range r.PostForm["co_units"] {
		if u, err := strconv.ParseInt(v, 10, 64); err == nil && u != in.LeadUnitID {
			in.CoUnitIDs = append(in.CoUnitIDs, u)
		}
	}
	action := cases.Action(r.PostFormValue("action"))
	if _, err := w.Svc.MoveCase(r.Context(), httpx.Principal(r), id, action, in); err != nil {
		w.showCase(rw, r, id, 0, err)
		return
	}
	flash := "flash.case_moved"
	if action == cases.Confirm {
		flash = "flash.case_rated"
	}
	http.Redirect(rw, r, caseURL(id)+"?flash="+flash, http.StatusSeeOther)
}

func (w *Web) noteCase(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err != nil {
		w.fail(rw, r, "", "cases.title", nil, err)
		return
	}
	kind := r.PostFormValue("kind")
	if _, err := w.Svc.NoteCase(r.Context(), httpx.Principal(r), id, kind, r.PostFormValue("note")); err != nil {
		if e := errs.As(err); e.Field == "note" {
			e.Field = kind + "_note"
			err = e
		}
		w.showCase(rw, r, id, 0, err)
		return
	}
	http.Redirect(rw, r, caseURL(id)+"?flash=flash.case_noted#timeline", http.StatusSeeOther)
}

func (w *Web) rateCase(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err != nil {
		w.fail(rw, r, "", "cases.title", nil, err)
		return
	}
	if _, err := w.Svc.RateCase(r.Context(), httpx.Principal(r), id, int(formInt(r, "rating")), r.PostFormValue("comment")); err != nil {
		w.showCase(rw, r, id, 0, err)
		return
	}
	http.Redirect(rw, r, caseURL(id)+"?flash=flash.case_rated", http.StatusSeeOther)
}

func (w *Web) caseFromTopic(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var c *cases.Case
	if err == nil {
		c, err = w.Svc.CaseFromTopic(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.fail(rw, r, "", "cases.title", nil, err)
		return
	}
	http.Redirect(rw, r, caseURL(c.ID)+"?flash=flash.case_reported", http.StatusSeeOther)
}

// Stars draws a rating as filled and empty stars.
func (d *casePageData) Stars(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("★", n) + strings.Repeat("☆", max(0, 5-n))
}
