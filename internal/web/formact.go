package web

import (
	"net/http"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/service"
)

// formPage is a page whose forms post back to it (a proposal, a council, a
// meeting): where a success goes, and how to show the page again with an
// error on top.
type formPage struct {
	titleKey, template string
	// done is where a success goes, given the page's id and what the action
	// returned (a flash key or an anchor).
	done func(id int64, out string) string
	// reload reads the page again, with its title ("" keeps titleKey's).
	reload func(r *http.Request, id int64) (data any, title string, err error)
}

// formAct wraps a form post on the page: parse, act, redirect on success,
// else the page again with the error.
func (w *Web) formAct(f formPage, act func(r *http.Request, p *service.Principal, id int64) (string, error)) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		id, err := idParam(r, "id")
		if err == nil {
			err = r.ParseForm()
		}
		out := ""
		if err == nil {
			out, err = act(r, httpx.Principal(r), id)
		}
		if err == nil {
			http.Redirect(rw, r, f.done(id, out), http.StatusSeeOther)
			return
		}
		w.formFailed(rw, r, f, id, err)
	}
}

// formFailed shows the page again with err on top and on its field; errors
// that leave nothing to show (not logged in, gone, internal) get the error page.
func (w *Web) formFailed(rw http.ResponseWriter, r *http.Request, f formPage, id int64, err error) {
	code := errs.CodeOf(err)
	data, title, rerr := f.reload(r, id)
	if code == errs.Unauthorized || code == errs.NotFound || code == errs.Internal || rerr != nil {
		w.fail(rw, r, "", f.titleKey, nil, err)
		return
	}
	status, d := httpx.Describe(r, err)
	p := w.page(r, f.titleKey, data)
	if title != "" {
		p.Title = title
	}
	p.Error = d.Message
	if d.Field != "" {
		p.Fields = map[string]string{d.Field: d.Message}
	}
	w.render(rw, r, status, f.template, p)
}
