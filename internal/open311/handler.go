package open311

import (
	"context"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/i18n"
)

// Prefix is where the endpoint lives.
const Prefix = "/open311/v2/"

// Handler serves GeoReport v2 over a Backend.
type Handler struct {
	Backend Backend
	// Changeset is when the service list or definitions last changed, for
	// discovery; a deployment restart is a safe over-estimate.
	Changeset time.Time
	// Contact and KeyService fill discovery; catalog text when empty.
	Contact, KeyService string
	Now                 func() time.Time
	// OnRoute, when set, learns each request's route name for logs and metrics.
	OnRoute func(r *http.Request, route string)
	// PublicTTL is how long a request list served without an api_key may be
	// served again from memory (cache.go); 0 never caches.
	PublicTTL time.Duration
	public    publicCache
}

// maxForm bounds a POST body: form fields only, but FixMyStreet may send
// multipart with photos, which are not kept.
const maxForm = 16 << 20

type langKey struct{}

// Lang is the language of the request behind ctx, for the backend's names
// and notes: the locale argument (as Helsinki's and CitySDK's extensions
// have it), else Accept-Language, else Chinese.
func Lang(ctx context.Context) i18n.Lang {
	if l, ok := ctx.Value(langKey{}).(i18n.Lang); ok {
		return l
	}
	return i18n.ZH
}

// format is the response format chosen by the path's suffix.
type format int

const (
	fmtXML format = iota
	fmtJSON
)

// call is one request in flight.
type call struct {
	h      *Handler
	w      http.ResponseWriter
	r      *http.Request
	ctx    context.Context
	format format
}

// ServeHTTP routes by path: {resource}[/{id}].{xml|json}.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	lang := i18n.Negotiate(r.URL.Query().Get("locale"), r.Header.Get("Accept-Language"))
	c := &call{h: h, w: w, r: r, ctx: context.WithValue(r.Context(), langKey{}, lang)}
	rest := strings.TrimPrefix(r.URL.Path, strings.TrimSuffix(Prefix, "/"))
	rest = strings.TrimPrefix(rest, "/")
	dot := strings.LastIndexByte(rest, '.')
	if dot < 0 {
		c.route("open311 unknown")
		c.fail(errs.New(errs.NotFound, "open311.no_such_resource"))
		return
	}
	switch rest[dot+1:] {
	case "xml":
	case "json":
		c.format = fmtJSON
	default:
		c.route("open311 unknown")
		c.fail(errs.New(errs.NotFound, "open311.bad_format"))
		return
	}
	res, id, nested := strings.Cut(rest[:dot], "/")
	if nested && (id == "" || strings.Contains(id, "/")) {
		res = "" // requests/.json, services/a/b.json
	}
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	if method == http.MethodGet {
		w.Header().Set("Access-Control-Allow-Origin", "*") // no cookies are read: any page may show open data
	}
	route := method + " " + res
	if id != "" {
		route += "/{id}"
	}
	c.route("open311 " + route)
	switch route {
	case "GET discovery":
		c.discovery()
	case "GET services":
		c.services()
	case "GET services/{id}":
		c.definition(id)
	case "POST requests":
		c.create()
	case "GET requests":
		c.requests()
	case "GET requests/{id}":
		c.request(id)
	case "GET tokens/{id}":
		c.token(id)
	case "GET servicerequestupdates":
		c.updates()
	default:
		if known(res, id) {
			c.fail(errs.New(errs.Invalid, "open311.bad_method", r.Method))
			return
		}
		c.fail(errs.New(errs.NotFound, "open311.no_such_resource"))
	}
}

// known reports whether a path names a resource, so a wrong method is a
// 400 (the spec's "everything else") rather than a 404.
func known(res, id string) bool {
	switch res {
	case "discovery", "services", "requests", "servicerequestupdates":
		return true
	case "tokens":
		return id != ""
	}
	return false
}

func (c *call) route(name string) {
	if c.h.OnRoute != nil {
		c.h.OnRoute(c.r, name)
	}
}

func (c *call) now() time.Time {
	if c.h.Now != nil {
		return c.h.Now()
	}
	return time.Now()
}

// writer returns a fresh document writer in the call's format.
func (c *call) writer() writer {
	if c.format == fmtJSON {
		return newJSON()
	}
	return newXML()
}

// send writes a finished document.
func (c *call) send(status int, w writer) { c.sendBytes(status, w.bytes()) }

// sendBytes writes a document made earlier for the same format.
func (c *call) sendBytes(status int, body []byte) {
	ct := "text/xml; charset=utf-8"
	if c.format == fmtJSON {
		ct = "application/json; charset=utf-8"
	}
	c.w.Header().Set("Content-Type", ct)
	c.w.WriteHeader(status)
	_, _ = c.w.Write(body)
}

// statusOf maps an error to the spec's three failure statuses: 404 for what
// does not exist, 403 for a missing or wrong api_key, 400 for everything else
// (the spec's "general service error" included; internal ones are logged).
func statusOf(err error) int {
	switch errs.CodeOf(err) {
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Forbidden, errs.Unauthorized:
		return http.StatusForbidden
	default:
		return http.StatusBadRequest
	}
}

// fail answers with the spec's error document. With several errors the
// status is the first one's.
func (c *call) fail(list ...error) {
	lang := Lang(c.ctx)
	out := make([]apiError, 0, len(list))
	for _, err := range list {
		e := errs.As(err)
		if e.Code == errs.Internal && c.ctx.Err() == nil { // not when the client has gone
			slog.ErrorContext(c.ctx, "open311 request failed", "err", err, "method", c.r.Method, "path", c.r.URL.Path,
				"request_id", c.w.Header().Get("X-Request-Id"))
		}
		out = append(out, apiError{Code: statusOf(err), Description: i18n.T(lang, e.Key, e.Args...)})
	}
	w := c.writer()
	writeErrors(w, out)
	c.send(out[0].Code, w)
}

// jurisdiction resolves jurisdiction_id, from the query or a POST's body.
func (c *call) jurisdiction(form url.Values) (Jurisdiction, bool) {
	id := strings.TrimSpace(c.r.URL.Query().Get("jurisdiction_id"))
	if id == "" && form != nil {
		id = strings.TrimSpace(form.Get("jurisdiction_id"))
	}
	j, err := c.h.Backend.Jurisdiction(c.ctx, id)
	if err != nil {
		c.fail(err)
		return j, false
	}
	return j, true
}

// form parses a POST body, url-encoded or multipart, plus the query string
// (node-open311 sends jurisdiction_id there).
func (c *call) form() (url.Values, error) {
	c.r.Body = http.MaxBytesReader(c.w, c.r.Body, maxForm)
	ct, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if ct == "" { // the spec's form is the only one a body may be without saying
		c.r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	var err error
	if ct == "multipart/form-data" {
		err = c.r.ParseMultipartForm(1 << 20)
		if c.r.MultipartForm != nil {
			defer c.r.MultipartForm.RemoveAll()
		}
	} else {
		err = c.r.ParseForm()
	}
	if err != nil {
		return nil, errs.Wrap(err, errs.Invalid, "open311.bad_body")
	}
	return c.r.Form, nil
}
