package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/projects"
	"github.com/linli-dev/linli/internal/service"
)

// projectRoutes registers the project pages (实事项目).
func (w *Web) projectRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /neighborhoods/{id}/projects", w.projectList)
	mux.HandleFunc("GET /neighborhoods/{id}/projects/new", w.projectNewForm)
	mux.HandleFunc("POST /neighborhoods/{id}/projects", w.projectCreate)
	mux.HandleFunc("GET /projects/{id}", w.projectPage)
	mux.HandleFunc("GET /projects/{id}/edit", w.projectEditForm)
	mux.HandleFunc("POST /projects/{id}/edit", w.projectEdit)
	mux.HandleFunc("POST /projects/{id}/move", w.projectMove)
	mux.HandleFunc("POST /projects/{id}/milestones", w.projectMilestone)
	mux.HandleFunc("POST /projects/{id}/milestones/{milestone}/done", w.projectMilestoneDone)
	mux.HandleFunc("POST /projects/{id}/updates", w.projectUpdate)
	mux.HandleFunc("POST /projects/{id}/rating", w.projectRate)
	mux.HandleFunc("POST /projects/{id}/follow", w.projectFollow)
	mux.HandleFunc("POST /projects/{id}/funding/{share}/approval", w.projectApproval)
}

func init() {
	funcs["yuan"] = projects.FormatYuan
	funcs["pct"] = projects.FormatBP
	funcs["day"] = func(t time.Time) string { return t.In(chinaTime).Format("2006-01-02") }
	funcs["fundingBar"] = fundingBar
	funcs["timelineList"] = timelineList
	funcs["barColor"] = func(i int) string { return barColors[i%len(barColors)] }
	funcs["tenths"] = func(n int) string { return strconv.Itoa(n/10) + "." + strconv.Itoa(n%10) }
}

// projectListData adds the state chips to the service's view.
type projectListData struct {
	*service.ProjectListView
	States []projects.State
}

func (w *Web) projectList(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var v *service.ProjectListView
	if err == nil {
		before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
		v, err = w.Svc.ProjectList(r.Context(), httpx.Principal(r), id, projects.State(r.URL.Query().Get("state")), before)
	}
	if err != nil {
		w.fail(rw, r, "", "projects.title", nil, err)
		return
	}
	p := w.page(r, "projects.title", &projectListData{ProjectListView: v, States: projects.States})
	p.Title = p.T("projects.title_of", v.Neighborhood.Name)
	w.render(rw, r, http.StatusOK, "project_list", p)
}

// projectPageData adds what the project page's forms need to the service's view.
type projectPageData struct {
	*service.ProjectView
	Stars []int
}

func (w *Web) projectPage(rw http.ResponseWriter, r *http.Request) {
	v, err := w.loadProject(r)
	if err != nil {
		w.fail(rw, r, "", "projects.title", nil, err)
		return
	}
	p := w.page(r, "projects.title", &projectPageData{ProjectView: v, Stars: []int{5, 4, 3, 2, 1}})
	p.Title = v.Project.Title
	w.render(rw, r, http.StatusOK, "project_page", p)
}

func (w *Web) loadProject(r *http.Request) (*service.ProjectView, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	return w.Svc.ProjectPage(r.Context(), httpx.Principal(r), id, before)
}

// projectDone redirects to the project page after a form, with a flash.
func projectDone(rw http.ResponseWriter, r *http.Request, id int64, flash, anchor string) {
	http.Redirect(rw, r, "/projects/"+strconv.FormatInt(id, 10)+"?flash="+flash+anchor, http.StatusSeeOther)
}

// projectFormFailed shows the project page again with the error on top and,
// when it concerns a field, beside that field; refusals and missing things
// get the error page.
func (w *Web) projectFormFailed(rw http.ResponseWriter, r *http.Request, err error) {
	code := errs.CodeOf(err)
	if code == errs.Unauthorized || code == errs.Forbidden || code == errs.NotFound || code == errs.Internal {
		w.fail(rw, r, "", "projects.title", nil, err)
		return
	}
	v, verr := w.loadProject(r)
	if verr != nil {
		w.fail(rw, r, "", "projects.title", nil, verr)
		return
	}
	status, d := httpx.Describe(r, err)
	p := w.page(r, "projects.title", &projectPageData{ProjectView: v, Stars: []int{5, 4, 3, 2, 1}})
	p.Title, p.Error = v.Project.Title, d.Message
	if d.Field != "" {
		p.Fields = map[string]string{d.Field: d.Message}
	}
	w.render(rw, r, status, "project_page", p)
}

func (w *Web) projectMove(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		_, err = w.Svc.MoveProject(r.Context(), httpx.Principal(r), id, projects.Action(r.PostFormValue("action")),
			r.PostFormValue("note"), formInt(r, "version"))
	}
	if err != nil {
		w.projectFormFailed(rw, r, err)
		return
	}
	projectDone(rw, r, id, "flash.project_moved", "")
}

func (w *Web) projectMilestone(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		_, err = w.Svc.AddMilestone(r.Context(), httpx.Principal(r), id, r.PostFormValue("milestone_title"), r.PostFormValue("due"))
	}
	if err != nil {
		w.projectFormFailed(rw, r, err)
		return
	}
	projectDone(rw, r, id, "flash.saved", "#milestones")
}

func (w *Web) projectMilestoneDone(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var mid int64
	if err == nil {
		mid, err = idParam(r, "milestone")
	}
	if err == nil {
		err = w.Svc.CompleteMilestone(r.Context(), httpx.Principal(r), id, mid)
	}
	if err != nil {
		w.projectFormFailed(rw, r, err)
		return
	}
	projectDone(rw, r, id, "flash.saved", "#milestones")
}

func (w *Web) projectUpdate(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		if err = r.ParseMultipartForm(32 << 20); err != nil {
			err = r.ParseForm()
		}
	}
	if err == nil {
		photos, perr := w.uploadedPhotos(r)
		if err = perr; err == nil {
			_, err = w.Svc.PostProjectUpdate(r.Context(), httpx.Principal(r), id, r.PostFormValue("body"), photos)
		}
	}
	if err != nil {
		w.projectFormFailed(rw, r, err)
		return
	}
	projectDone(rw, r, id, "flash.posted", "#timeline")
}

func (w *Web) projectRate(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		err = w.Svc.RateProject(r.Context(), httpx.Principal(r), id, int(formInt(r, "stars")), r.PostFormValue("comment"))
	}
	if err != nil {
		w.projectFormFailed(rw, r, err)
		return
	}
	projectDone(rw, r, id, "flash.rated", "#ratings")
}

func (w *Web) projectFollow(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		err = w.Svc.FollowProject(r.Context(), httpx.Principal(r), id, r.PostFormValue("on") != "0")
	}
	if err != nil {
		w.projectFormFailed(rw, r, err)
		return
	}
	projectDone(rw, r, id, "flash.saved", "")
}

func (w *Web) projectApproval(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	share, serr := strconv.Atoi(r.PathValue("share"))
	if err == nil && (serr != nil || share < 0) {
		err = errs.New(errs.NotFound, "error.not_found")
	}
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		err = w.Svc.RecordApproval(r.Context(), httpx.Principal(r), id, share, formInt(r, "poll_id"))
	}
	if err != nil {
		w.projectFormFailed(rw, r, err)
		return
	}
	projectDone(rw, r, id, "flash.saved", "#funding")
}
