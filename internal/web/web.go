// Package web is linli's HTML surface: mobile-first pages rendered on the
// server, working without JavaScript, in zh-CN first and English second. It
// translates forms into service calls and never touches the database itself.
package web

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/i18n"
	"github.com/linli-dev/linli/internal/service"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Web serves the pages.
type Web struct {
	Svc          *service.Service
	SecureCookie bool
	pages        map[string]*template.Template
}

// New parses the templates once, at start-up.
func New(svc *service.Service, secureCookie bool) (*Web, error) {
	w := &Web{Svc: svc, SecureCookie: secureCookie, pages: map[string]*template.Template{}}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	// Files named _*.html hold partials (forms shared or kept apart from a
	// page's own file); every page can call them.
	partials, err := fs.Glob(templateFS, "templates/_*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" || strings.HasPrefix(base, "_") {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, append([]string{"templates/layout.html", n}, partials...)...)
		if err != nil {
			return nil, err
		}
		w.pages[base] = t
	}
	return w, nil
}

// Page is what every template receives.
type Page struct {
	Title  string
	Lang   i18n.Lang
	P      *service.Principal
	Path   string
	Flash  string
	Error  string
	Fields map[string]string // field -> message
	Form   url.Values
	Data   any
	Unread service.Unread // what waits for the person, shown in the navigation
}

// T translates a key in the page's language.
func (p *Page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// TArgs translates a key whose arguments were stored as JSON, where numbers
// come back as float64 and would print as "%!d(float64=3)".
func (p *Page) TArgs(key string, args []any) string {
	fixed := make([]any, len(args))
	for i, a := range args {
		if f, ok := a.(float64); ok && f == float64(int64(f)) {
			a = int64(f)
		}
		fixed[i] = a
	}
	return i18n.T(p.Lang, key, fixed...)
}

// chinaTime is the zone pages show times in.
var chinaTime = time.FixedZone("CST", 8*3600)

// formatDate shows a time as pages do, in China's zone, to the minute.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(chinaTime).Format("2006-01-02 15:04")
}

var funcs = template.FuncMap{
	"date":        formatDate,
	"topicList":   topicList,
	"commentList": commentList,
	"navLinks":    navLinks,
	"boardChips":  boardChips,
	"add":         func(a, b int) int { return a + b },
	"lines":       lines,
	"linkify":     linkify,
	"highlight":   highlight,
}

func (w *Web) page(r *http.Request, titleKey string, data any) *Page {
	p := &Page{Lang: httpx.Lang(r), P: httpx.Principal(r), Path: r.URL.Path, Data: data, Form: r.PostForm}
	p.Title = p.T(titleKey)
	if f := r.URL.Query().Get("flash"); f != "" && strings.HasPrefix(f, "flash.") && i18n.Has(p.Lang, f) {
		p.Flash = p.T(f)
	}
	return p
}

// render writes a page with status; a template failure is logged and shown as a
// plain 500 rather than half a page.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	t, ok := w.pages[name]
	if !ok {
		panic("web: no template " + name)
	}
	if p.P.LoggedIn() {
		// After the handler's own work, so a page that reads a thread or the
		// inbox already counts it as read.
		u, err := w.Svc.UnreadCounts(r.Context(), p.P)
		if err != nil {
			slog.ErrorContext(r.Context(), "render: unread counts", "err", err)
		}
		p.Unread = u
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		slog.ErrorContext(r.Context(), "render", "template", name, "err", err)
		http.Error(rw, i18n.T(p.Lang, "error.internal"), http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	rw.WriteHeader(status)
	_, _ = rw.Write(buf.Bytes())
}

// fail re-renders a form with the error shown beside its field, or shows the
// error page for errors that are not about a field.
func (w *Web) fail(rw http.ResponseWriter, r *http.Request, name, titleKey string, data any, err error) {
	if errs.Is(err, errs.Unauthorized) && !httpx.Principal(r).LoggedIn() {
		http.Redirect(rw, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	status, d := httpx.Describe(r, err)
	p := w.page(r, titleKey, data)
	if d.Field != "" && name != "" {
		p.Fields = map[string]string{d.Field: d.Message}
		p.Error = p.T("form.fix_errors")
		w.render(rw, r, status, name, p)
		return
	}
	p.Title = p.T("error.title")
	p.Error = d.Message
	p.Data = d
	w.render(rw, r, status, "error", p)
}

// idParam reads a numeric path value; a bad one is a 404, like a missing thing.
func idParam(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.New(errs.NotFound, "error.not_found")
	}
	return id, nil
}

// formInt reads a numeric form or query value, 0 when absent or bad.
func formInt(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(strings.TrimSpace(r.FormValue(name)), 10, 64)
	return id
}

// safeNext accepts only local paths as a redirect target after login.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// Routes registers the pages on mux.
func (w *Web) Routes(mux *http.ServeMux) {
	static, _ := fs.Sub(staticFS, "static")
	fileServer := http.StripPrefix("/static/", http.FileServerFS(static))
	mux.Handle("GET /static/", http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Cache-Control", "public, max-age=86400")
		fileServer.ServeHTTP(rw, r)
	}))
	mux.HandleFunc("GET /{$}", w.home)
	mux.HandleFunc("GET /register", w.registerForm)
	mux.HandleFunc("POST /register", w.register)
	mux.HandleFunc("GET /login", w.loginForm)
	mux.HandleFunc("POST /login", w.login)
	mux.HandleFunc("POST /logout", w.logout)
	mux.HandleFunc("GET /lang/{lang}", w.setLang)
	mux.HandleFunc("GET /verify", w.verifyForm)
	mux.HandleFunc("POST /verify", w.verify)
	mux.HandleFunc("GET /review", w.reviewQueue)
	mux.HandleFunc("POST /review/{id}", w.reviewDecide)
	mux.HandleFunc("POST /review/{id}/reveal", w.reviewReveal)
	mux.HandleFunc("GET /admin/places", w.adminRoots)
	mux.HandleFunc("GET /admin/places/{id}", w.adminPlace)
	mux.HandleFunc("POST /admin/places/{id}/children", w.adminCreatePlace)
	mux.HandleFunc("POST /admin/places/{id}/units", w.adminCreateUnit)
	mux.HandleFunc("POST /admin/places/{id}/roles", w.adminGrantRole)
	mux.HandleFunc("POST /admin/places/{id}/roles/revoke", w.adminRevokeRole)
	mux.HandleFunc("GET /profile", w.profileForm)
	mux.HandleFunc("POST /profile", w.profile)
	mux.HandleFunc("POST /admin/places/{id}/import", w.adminImport)
	mux.HandleFunc("GET /admin/imports/{id}", w.adminImportStatus)
	mux.HandleFunc("GET /admin/audit", w.adminAudit)
	mux.HandleFunc("GET /board", w.myBoard)
	mux.HandleFunc("GET /neighborhoods/{id}/board", w.boardPage)
	mux.HandleFunc("GET /neighborhoods/{id}/compose", w.composeForm)
	mux.HandleFunc("POST /neighborhoods/{id}/compose", w.compose)
	mux.HandleFunc("GET /places/{id}/search", w.searchPage)
	mux.HandleFunc("GET /topics/{id}", w.topicPage)
	mux.HandleFunc("POST /topics/{id}/comments", w.comment)
	mux.HandleFunc("POST /topics/{id}/like", w.like("topic"))
	mux.HandleFunc("POST /comments/{id}/like", w.like("comment"))
	mux.HandleFunc("POST /topics/{id}/moderation", w.moderate("topic"))
	mux.HandleFunc("POST /comments/{id}/moderation", w.moderate("comment"))
	mux.HandleFunc("POST /topics/{id}/report", w.report("topic"))
	mux.HandleFunc("POST /comments/{id}/report", w.report("comment"))
	mux.HandleFunc("GET /neighborhoods/{id}/moderation", w.moderationQueue)
	mux.HandleFunc("GET /inbox", w.inboxPage)
	mux.HandleFunc("POST /topics/{id}/delete", w.deleteOwn("topic"))
	mux.HandleFunc("POST /comments/{id}/delete", w.deleteOwn("comment"))
	mux.HandleFunc("GET /topics/{id}/edit", w.editForm)
	mux.HandleFunc("POST /topics/{id}/edit", w.edit)
	mux.HandleFunc("GET /messages", w.mailbox)
	mux.HandleFunc("POST /messages", w.startThread)
	mux.HandleFunc("GET /messages/{id}", w.thread)
	mux.HandleFunc("POST /messages/{id}", w.replyThread)
	mux.HandleFunc("GET /photos/{key...}", w.servePhoto)
	w.caseRoutes(mux)
	w.clockRoutes(mux)
	w.caseMetricsRoutes(mux)
	w.projectRoutes(mux)
	w.proposalRoutes(mux)
	w.councilRoutes(mux)
	w.pollRoutes(mux)
}

// NotFound renders the 404 page for paths no route matched.
func (w *Web) NotFound(rw http.ResponseWriter, r *http.Request) {
	w.fail(rw, r, "", "error.title", nil, errs.New(errs.NotFound, "error.not_found"))
}

var errNoForm = errors.New("web: bad form")

// unreadBadge is the count beside a navigation link: the figure for the eye,
// and for screen readers a phrase ("3 unread") that joins the link's name.
type unreadBadge struct {
	Count int
	Label string
}

// UnreadBadge makes the badge for n waiting items, nil when there are none.
func (p *Page) UnreadBadge(n int) *unreadBadge {
	if n <= 0 {
		return nil
	}
	return &unreadBadge{Count: n, Label: p.T("boardfeat.unread", n)}
}

// SectionName names a board section in the page's language (see
// board.Section.NameKey).
func (p *Page) SectionName(sec *board.Section) string {
	if key, args := sec.NameKey(); key != "" {
		return p.T(key, args...)
	}
	return sec.Name
}
