package web

import (
	"net/http"
	"net/url"

	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/i18n"
)

func (w *Web) home(rw http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r)
	if !p.LoggedIn() {
		w.render(rw, r, http.StatusOK, "welcome", w.page(r, "welcome.title", nil))
		return
	}
	h, err := w.Svc.HomePage(r.Context(), p)
	if err != nil {
		w.fail(rw, r, "", "home.title", nil, err)
		return
	}
	w.render(rw, r, http.StatusOK, "home", w.page(r, "home.title", h))
}

func (w *Web) registerForm(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, r, http.StatusOK, "register", w.page(r, "register.title", nil))
}

func (w *Web) register(rw http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, "register", "register.title", nil, errNoForm)
		return
	}
	u, err := w.Svc.Register(r.Context(), account.Registration{Phone: r.PostFormValue("phone"), Password: r.PostFormValue("password"),
		Nickname: r.PostFormValue("nickname"), Lang: string(httpx.Lang(r))})
	if err != nil {
		w.fail(rw, r, "register", "register.title", nil, err)
		return
	}
	if err := w.startSession(rw, r, u.ID); err != nil {
		w.fail(rw, r, "", "register.title", nil, err)
		return
	}
	http.Redirect(rw, r, "/verify?flash=flash.registered", http.StatusSeeOther)
}

func (w *Web) startSession(rw http.ResponseWriter, r *http.Request, userID int64) error {
	old := ""
	if c, err := r.Cookie(httpx.SessionCookie); err == nil {
		old = c.Value
	}
	m := audit.MetaFrom(r.Context())
	token, err := w.Svc.Accounts.StartSession(r.Context(), userID, old, m.IP, m.UserAgent)
	if err != nil {
		return err
	}
	httpx.SetSessionCookie(rw, r, token, w.Svc.Accounts.SessionMax, w.SecureCookie)
	return nil
}

func (w *Web) loginForm(rw http.ResponseWriter, r *http.Request) {
	p := w.page(r, "login.title", nil)
	p.Form = url.Values{"next": {r.URL.Query().Get("next")}}
	w.render(rw, r, http.StatusOK, "login", p)
}

func (w *Web) login(rw http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, "login", "login.title", nil, errNoForm)
		return
	}
	u, err := w.Svc.Login(r.Context(), r.PostFormValue("phone"), r.PostFormValue("password"))
	if err != nil {
		w.fail(rw, r, "login", "login.title", nil, withField(err, "password"))
		return
	}
	if err := w.startSession(rw, r, u.ID); err != nil {
		w.fail(rw, r, "", "login.title", nil, err)
		return
	}
	http.Redirect(rw, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (w *Web) logout(rw http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(httpx.SessionCookie); err == nil {
		_ = w.Svc.Accounts.EndSession(r.Context(), c.Value)
		if p := httpx.Principal(r); p.LoggedIn() {
			_ = w.Svc.Audit.Record(r.Context(), audit.Entry{ActorID: p.User.ID, Action: audit.Logout})
		}
	}
	httpx.ClearSessionCookie(rw)
	http.Redirect(rw, r, "/", http.StatusSeeOther)
}

// setLang switches the interface language and goes back where the person was.
func (w *Web) setLang(rw http.ResponseWriter, r *http.Request) {
	lang, ok := i18n.Parse(r.PathValue("lang"))
	if !ok {
		w.NotFound(rw, r)
		return
	}
	http.SetCookie(rw, &http.Cookie{Name: httpx.LangCookie, Value: string(lang), Path: "/", MaxAge: 365 * 24 * 3600,
		SameSite: http.SameSiteLaxMode, HttpOnly: true})
	if p := httpx.Principal(r); p.LoggedIn() {
		_ = w.Svc.Accounts.SetLang(r.Context(), p.User.ID, string(lang))
	}
	http.Redirect(rw, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
}
