package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/projects"
	"github.com/linli-dev/linli/internal/service"
)

// fundingRows is how many funding lines the form offers; without JavaScript
// the rows are fixed, and empty ones are ignored.
const fundingRows = 4

// projectFormData is the cadre's form to make or edit a project.
type projectFormData struct {
	*service.ProjectForm
	Project *projects.Project // nil when making one
	Sources []projects.Source
	Rows    []int
	Action  string
}

func newProjectFormData(f *service.ProjectForm, p *projects.Project) *projectFormData {
	d := &projectFormData{ProjectForm: f, Project: p, Sources: projects.Sources, Rows: []int{0, 1, 2, 3}}
	if p != nil {
		d.Action = "/projects/" + strconv.FormatInt(p.ID, 10) + "/edit"
	} else {
		d.Action = "/neighborhoods/" + strconv.FormatInt(f.Neighborhood.ID, 10) + "/projects"
	}
	return d
}

func (w *Web) projectNewForm(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	topicID := formInt(r, "topic")
	if err == nil && topicID != 0 {
		// A topic made into a project once leads to that project.
		if pr, perr := w.Svc.ProjectForTopic(r.Context(), httpx.Principal(r), topicID); perr == nil {
			projectDone(rw, r, pr.ID, "flash.project_exists", "")
			return
		}
	}
	var f *service.ProjectForm
	if err == nil {
		f, err = w.Svc.ProjectFormFor(r.Context(), httpx.Principal(r), id, topicID)
	}
	if err != nil {
		w.fail(rw, r, "", "projects.new", nil, err)
		return
	}
	p := w.page(r, "projects.new", newProjectFormData(f, nil))
	p.Form = url.Values{}
	if f.Topic != nil {
		p.Form.Set("title", f.Topic.Title)
		p.Form.Set("description", f.Topic.Body)
	}
	w.render(rw, r, http.StatusOK, "project_form", p)
}

func (w *Web) projectCreate(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		if err = r.ParseMultipartForm(32 << 20); err != nil {
			err = r.ParseForm()
		}
	}
	var d projects.Draft
	if err == nil {
		d, err = draftFromForm(r)
	}
	if err == nil {
		d.Origin, d.TopicID = projects.FromPlan, formInt(r, "topic_id")
		if d.TopicID != 0 {
			d.Origin = projects.FromTopic
		}
		photos, perr := w.uploadedPhotos(r)
		for _, ph := range photos {
			d.Photos = append(d.Photos, projects.Photo(ph))
		}
		err = perr
	}
	var pr *projects.Project
	if err == nil {
		pr, err = w.Svc.CreateProject(r.Context(), httpx.Principal(r), id, d)
	}
	if err != nil {
		f, ferr := w.Svc.ProjectFormFor(r.Context(), httpx.Principal(r), id, formInt(r, "topic_id"))
		if ferr != nil {
			w.fail(rw, r, "", "projects.new", nil, err)
			return
		}
		w.fail(rw, r, "project_form", "projects.new", newProjectFormData(f, nil), err)
		return
	}
	projectDone(rw, r, pr.ID, "flash.project_created", "")
}

func (w *Web) projectEditForm(rw http.ResponseWriter, r *http.Request) {
	v, f, err := w.projectAndForm(r)
	if err != nil {
		w.fail(rw, r, "", "projects.edit", nil, err)
		return
	}
	p := w.page(r, "projects.edit", newProjectFormData(f, v.Project))
	p.Form = url.Values{"title": {v.Project.Title}, "description": {v.Project.Description},
		"budget":    {strings.ReplaceAll(projects.FormatYuan(v.Project.BudgetFen), ",", "")},
		"lead_unit": {strconv.FormatInt(v.Project.LeadUnitID, 10)}, "version": {strconv.FormatInt(v.Project.Version, 10)}}
	for i, sh := range v.Funding {
		n := strconv.Itoa(i)
		p.Form.Set("source_"+n, string(sh.Source))
		p.Form.Set("share_"+n, projects.FormatBP(sh.BP))
		p.Form.Set("note_"+n, sh.Note)
	}
	w.render(rw, r, http.StatusOK, "project_form", p)
}

func (w *Web) projectEdit(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	var d projects.Draft
	if err == nil {
		d, err = draftFromForm(r)
	}
	if err == nil {
		_, err = w.Svc.EditProject(r.Context(), httpx.Principal(r), id, formInt(r, "version"), d)
	}
	if err != nil {
		v, f, ferr := w.projectAndForm(r)
		if ferr != nil {
			w.fail(rw, r, "", "projects.edit", nil, err)
			return
		}
		w.fail(rw, r, "project_form", "projects.edit", newProjectFormData(f, v.Project), err)
		return
	}
	projectDone(rw, r, id, "flash.saved", "")
}

// projectAndForm loads a project for its edit form, with the form's choices.
func (w *Web) projectAndForm(r *http.Request) (*service.ProjectView, *service.ProjectForm, error) {
	v, err := w.loadProject(r)
	if err != nil {
		return nil, nil, err
	}
	f, err := w.Svc.ProjectFormFor(r.Context(), httpx.Principal(r), v.Project.NeighborhoodID, 0)
	return v, f, err
}

// draftFromForm reads the fields both forms share: money typed in yuan and
// percent, read exactly into fen and basis points. Errors: invalid.
func draftFromForm(r *http.Request) (projects.Draft, error) {
	d := projects.Draft{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), LeadUnitID: formInt(r, "lead_unit")}
	fen, ok := projects.ParseYuan(r.PostFormValue("budget"))
	if !ok {
		return d, errs.Field("budget", "projects.bad_budget")
	}
	d.BudgetFen = fen
	for i := range fundingRows {
		n := strconv.Itoa(i)
		src, share := r.PostFormValue("source_"+n), strings.TrimSpace(r.PostFormValue("share_"+n))
		if src == "" && share == "" {
			continue
		}
		bp, ok := projects.ParsePercent(share)
		if !ok || src == "" {
			return d, errs.Field("funding", "projects.bad_share")
		}
		d.Funding = append(d.Funding, projects.Share{Source: projects.Source(src), BP: bp, Note: r.PostFormValue("note_" + n)})
	}
	return d, nil
}

// barColors tell the funding shares apart; each has at least 3:1 contrast
// with the page, and the legend repeats every figure in words.
var barColors = []string{"#a6281e", "#0a4aa8", "#1d6b35", "#8a4b00", "#5b3a8c", "#00695c", "#6b6b6b", "#b3261e"}

// fundingBar draws the shares as one horizontal bar in SVG, on the server.
func fundingBar(p *Page, shares []projects.Share) template.HTML {
	var f frag
	f.raw(`<svg class="fundbar" viewBox="0 0 10000 24" preserveAspectRatio="none" width="100%" height="24" role="img" aria-label="`)
	f.text(p.T("projects.funding_bar"))
	f.raw(`">`)
	x := 0
	for i, sh := range shares {
		f.raw(`<rect x="`)
		f.num(x)
		f.raw(`" y="0" height="24" width="`)
		f.num(sh.BP)
		f.raw(`" fill="`)
		f.raw(barColors[i%len(barColors)])
		f.raw(`"/>`)
		x += sh.BP
	}
	f.raw(`</svg>`)
	return f.html()
}
