package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/service"
)

func (w *Web) caseExtensions(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	var v *service.ExtensionsView
	if err == nil {
		v, err = w.Svc.CaseExtensions(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		w.fail(rw, r, "", "extensions.title", nil, err)
		return
	}
	w.render(rw, r, http.StatusOK, "case_extensions", w.page(r, "extensions.title", v))
}

func (w *Web) requestExtension(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil && r.ParseForm() != nil {
		err = errNoForm
	}
	if err != nil {
		w.fail(rw, r, "", "extensions.title", nil, err)
		return
	}
	p := httpx.Principal(r)
	hours, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("hours")))
	if _, err := w.Svc.RequestExtension(r.Context(), p, id, hours, r.PostFormValue("reason")); err != nil {
		v, verr := w.Svc.CaseExtensions(r.Context(), p, id)
		if verr != nil {
			w.fail(rw, r, "", "extensions.title", nil, verr)
			return
		}
		w.fail(rw, r, "case_extensions", "extensions.title", v, err)
		return
	}
	http.Redirect(rw, r, "/cases/"+strconv.FormatInt(id, 10)+"/extensions?flash=flash.extension_requested", http.StatusSeeOther)
}

func (w *Web) extensionQueue(rw http.ResponseWriter, r *http.Request) {
	xs, err := w.Svc.PendingExtensions(r.Context(), httpx.Principal(r))
	if err != nil {
		w.fail(rw, r, "", "extensions.queue", nil, err)
		return
	}
	w.render(rw, r, http.StatusOK, "case_extensions", w.page(r, "extensions.queue", &service.ExtensionsView{Extensions: xs, CanDecide: true}))
}

// decideExtension decides from the queue or from the case's page and goes
// back where the form came from.
func (w *Web) decideExtension(rw http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err == nil && r.ParseForm() != nil {
		err = errNoForm
	}
	if err == nil {
		xt, derr := w.Svc.DecideExtension(r.Context(), httpx.Principal(r), id, r.PostFormValue("approve") == "1", r.PostFormValue("note"))
		if derr == nil {
			back := "/extensions"
			if r.PostFormValue("from") == "case" {
				back = "/cases/" + strconv.FormatInt(xt.CaseID, 10) + "/extensions"
			}
			http.Redirect(rw, r, back+"?flash=flash.saved", http.StatusSeeOther)
			return
		}
		err = derr
	}
	w.fail(rw, r, "", "extensions.title", nil, err)
}
