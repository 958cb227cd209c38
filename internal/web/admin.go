package web

import (
	"io"
	"net/http"
	"strconv"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/service"
)

func (w *Web) adminRoots(rw http.ResponseWriter, r *http.Request) {
	roots, err := w.Svc.ManagedRoots(r.Context(), httpx.Principal(r))
	if err != nil {
		w.fail(rw, r, "", "admin.title", nil, err)
		return
	}
	if len(roots) == 1 {
		http.Redirect(rw, r, "/admin/places/"+strconv.FormatInt(roots[0].ID, 10), http.StatusSeeOther)
		return
	}
	if len(roots) == 0 {
		w.fail(rw, r, "", "admin.title", nil, errs.New(errs.Forbidden, "error.forbidden"))
		return
	}
	w.render(rw, r, http.StatusOK, "admin_roots", w.page(r, "admin.title", roots))
}

// placeData is the admin page of one place.
type placeData struct {
	*service.PlaceView
	ChildKind org.Kind
	UnitKinds []org.UnitKind
	Roles     []access.Role
}

func (w *Web) placeData(r *http.Request, id int64, reveal bool) (*placeData, error) {
	v, err := w.Svc.PlacePage(r.Context(), httpx.Principal(r), id, reveal)
	if err != nil {
		return nil, err
	}
	return &placeData{PlaceView: v, ChildKind: org.ChildKind(v.Place.Kind), UnitKinds: org.UnitKinds, Roles: access.GrantableRoles}, nil
}

func (w *Web) adminPlace(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var d *placeData
	if err == nil {
		d, err = w.placeData(r, id, r.URL.Query().Get("reveal") == "1")
	}
	if err != nil {
		w.fail(rw, r, "", "admin.title", nil, err)
		return
	}
	p := w.page(r, "admin.title", d)
	p.Title = d.Place.Name
	w.render(rw, r, http.StatusOK, "admin_place", p)
}

// placeAction runs a form post on a place page and re-renders the page with
// the error beside its field, or redirects back with a notice.
func (w *Web) placeAction(rw http.ResponseWriter, r *http.Request, flash string, act func(id int64) error) {
	id, err := idParam(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		err = act(id)
	}
	if err != nil {
		d, lerr := w.placeData(r, id, false)
		if lerr != nil {
			w.fail(rw, r, "", "admin.title", nil, lerr)
			return
		}
		w.fail(rw, r, "admin_place", "admin.title", d, err)
		return
	}
	http.Redirect(rw, r, "/admin/places/"+strconv.FormatInt(id, 10)+"?flash="+flash, http.StatusSeeOther)
}

func (w *Web) adminCreatePlace(rw http.ResponseWriter, r *http.Request) {
	w.placeAction(rw, r, "flash.saved", func(id int64) error {
		_, err := w.Svc.CreatePlace(r.Context(), httpx.Principal(r), id, r.PostFormValue("name"))
		return err
	})
}

func (w *Web) adminCreateUnit(rw http.ResponseWriter, r *http.Request) {
	w.placeAction(rw, r, "flash.saved", func(id int64) error {
		_, err := w.Svc.CreateUnit(r.Context(), httpx.Principal(r), id, org.UnitKind(r.PostFormValue("kind")),
			r.PostFormValue("unit_name"), r.PostFormValue("unit_phone"))
		return err
	})
}

func (w *Web) adminGrantRole(rw http.ResponseWriter, r *http.Request) {
	w.placeAction(rw, r, "flash.saved", func(id int64) error {
		return w.Svc.GrantRole(r.Context(), httpx.Principal(r), id, r.PostFormValue("phone"),
			access.Role(r.PostFormValue("role")), formInt(r, "unit"))
	})
}

func (w *Web) adminRevokeRole(rw http.ResponseWriter, r *http.Request) {
	w.placeAction(rw, r, "flash.saved", func(id int64) error {
		return w.Svc.RevokeRole(r.Context(), httpx.Principal(r), id, formInt(r, "user"), access.Role(r.PostFormValue("role")))
	})
}

func (w *Web) adminImport(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err != nil {
		w.fail(rw, r, "", "admin.title", nil, err)
		return
	}
	r.Body = http.MaxBytesReader(rw, r.Body, service.MaxImportBytes+1<<20)
	file, header, err := r.FormFile("file")
	if err != nil {
		w.placeAction(rw, r, "", func(int64) error { return errs.Field("file", "import.no_file") })
		return
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		w.fail(rw, r, "", "admin.title", nil, errs.New(errs.TooLarge, "error.too_large"))
		return
	}
	importID, err := w.Svc.StartImport(r.Context(), httpx.Principal(r), id, header.Filename, data)
	if err != nil {
		w.placeAction(rw, r, "", func(int64) error { return err })
		return
	}
	http.Redirect(rw, r, "/admin/imports/"+strconv.FormatInt(importID, 10), http.StatusSeeOther)
}

func (w *Web) adminImportStatus(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var im *service.Import
	if err == nil {
		im, err = w.Svc.Import(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.fail(rw, r, "", "import.title", nil, err)
		return
	}
	if im.Status == "running" {
		rw.Header().Set("Refresh", "1") // no JavaScript needed to watch progress
	}
	w.render(rw, r, http.StatusOK, "admin_import", w.page(r, "import.title", im))
}

// auditData is one page of the audit log.
type auditData struct {
	Entries []audit.Entry
	Next    int64
	PlaceID int64
	Action  string
}

func (w *Web) adminAudit(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	placeID, _ := strconv.ParseInt(q.Get("place"), 10, 64)
	entries, next, err := w.Svc.AuditLog(r.Context(), httpx.Principal(r), placeID, audit.Filter{Before: before, Action: q.Get("action"), Limit: 50})
	if err != nil {
		w.fail(rw, r, "", "audit.title", nil, err)
		return
	}
	w.render(rw, r, http.StatusOK, "admin_audit", w.page(r, "audit.title", &auditData{Entries: entries, Next: next, PlaceID: placeID, Action: q.Get("action")}))
}
