package web

import (
	"net/http"
	"net/url"

	"github.com/linli-dev/linli/internal/httpx"
)

func (w *Web) profileForm(rw http.ResponseWriter, r *http.Request) {
	prof, err := w.Svc.MyProfile(r.Context(), httpx.Principal(r))
	if err != nil {
		w.fail(rw, r, "", "profile.title", nil, err)
		return
	}
	p := w.page(r, "profile.title", prof)
	p.Form = url.Values{"nickname": {prof.Nickname}}
	w.render(rw, r, http.StatusOK, "profile", p)
}

func (w *Web) profile(rw http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, "", "profile.title", nil, errNoForm)
		return
	}
	pr := httpx.Principal(r)
	err := w.Svc.UpdateProfile(r.Context(), pr, r.PostFormValue("nickname"), r.PostFormValue("party_member") == "1",
		r.PostFormValue("show_badge") == "1")
	if err != nil {
		prof, perr := w.Svc.MyProfile(r.Context(), pr)
		if perr != nil {
			w.fail(rw, r, "", "profile.title", nil, perr)
			return
		}
		w.fail(rw, r, "profile", "profile.title", prof, err)
		return
	}
	http.Redirect(rw, r, "/profile?flash=flash.saved", http.StatusSeeOther)
}
