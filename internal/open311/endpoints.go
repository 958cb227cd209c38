package open311

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/i18n"
)

// discovery describes this endpoint. Its URL is the one the client reached,
// so it is right behind any proxy that keeps the Host header.
func (c *call) discovery() {
	lang := Lang(c.ctx)
	scheme := "http"
	if c.r.TLS != nil || c.r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	d := &Discovery{
		Changeset:  c.h.Changeset,
		Contact:    c.h.Contact,
		KeyService: c.h.KeyService,
		Endpoints: []Endpoint{{
			Specification: Specification,
			URL:           scheme + "://" + c.r.Host + strings.TrimSuffix(Prefix, "/"),
			Changeset:     c.h.Changeset,
			Type:          "production",
			Formats:       []string{"text/xml", "application/json"},
		}},
	}
	if d.Contact == "" {
		d.Contact = i18n.T(lang, "open311.contact")
	}
	if d.KeyService == "" {
		d.KeyService = i18n.T(lang, "open311.key_service")
	}
	w := c.writer()
	writeDiscovery(w, d)
	c.send(http.StatusOK, w)
}

func (c *call) services() {
	j, ok := c.jurisdiction(nil)
	if !ok {
		return
	}
	ss, err := c.h.Backend.Services(c.ctx, j)
	if err != nil {
		c.fail(err)
		return
	}
	w := c.writer()
	writeServices(w, ss)
	c.send(http.StatusOK, w)
}

func (c *call) definition(code string) {
	j, ok := c.jurisdiction(nil)
	if !ok {
		return
	}
	d, err := c.h.Backend.Definition(c.ctx, j, code)
	if err != nil {
		c.fail(err)
		return
	}
	w := c.writer()
	writeDefinition(w, d)
	c.send(http.StatusOK, w)
}

// create is POST requests. The key is checked before anything else is
// looked at, so a caller without one learns nothing but that.
func (c *call) create() {
	form, err := c.form()
	if err != nil {
		c.fail(err)
		return
	}
	j, ok := c.jurisdiction(form)
	if !ok {
		return
	}
	key := strings.TrimSpace(form.Get("api_key"))
	if key == "" {
		c.fail(errs.New(errs.Forbidden, "open311.key_required"))
		return
	}
	partner, err := c.h.Backend.Authenticate(c.ctx, j, key)
	if err != nil {
		c.fail(err)
		return
	}
	in, problems := parseNewRequest(form)
	if len(problems) > 0 {
		c.fail(problems...)
		return
	}
	created, err := c.h.Backend.Create(c.ctx, j, partner, in)
	if err != nil {
		c.fail(err)
		return
	}
	w := c.writer()
	writeCreated(w, created)
	c.send(http.StatusOK, w)
}

// requests is GET requests with the spec's filters. service_request_id
// overrides every other argument; otherwise the window defaults to the last
// 90 days and the list stops at 1000.
func (c *call) requests() {
	j, ok := c.jurisdiction(nil)
	if !ok {
		return
	}
	q := c.r.URL.Query()
	f := Filter{Limit: MaxRequests}
	if ids := splitList(q.Get("service_request_id")); ids != nil {
		if len(ids) > MaxRequests {
			c.fail(errs.Field("service_request_id", "open311.too_many_ids", MaxRequests))
			return
		}
		f.IDs = ids
	} else {
		f.ServiceCodes = splitList(q.Get("service_code"))
		f.Statuses = splitList(q.Get("status"))
		for _, s := range f.Statuses {
			if s != Open && s != Closed {
				c.fail(errs.Field("status", "open311.bad_status"))
				return
			}
		}
		var err error
		if f.Start, f.End, err = window(q, c.now()); err != nil {
			c.fail(err)
			return
		}
	}
	viewer := c.viewer(j)
	key, changes, now := "", c.h.changes(), time.Now()
	if viewer == nil && c.h.PublicTTL > 0 && !q.Has("api_key") {
		key = strconv.Itoa(int(c.format)) + "|" + string(Lang(c.ctx)) + "|" + c.r.URL.RawQuery
		if body, ok := c.h.public.get(key, now, changes); ok {
			c.sendBytes(http.StatusOK, body)
			return
		}
	}
	rs, err := c.h.Backend.Requests(c.ctx, j, viewer, f)
	if err != nil {
		c.fail(err)
		return
	}
	w := c.writer()
	writeRequests(w, rs)
	if key != "" {
		c.h.public.put(key, publicDoc{body: w.bytes(), expiry: now.Add(c.h.PublicTTL), changes: changes})
	}
	c.send(http.StatusOK, w)
}

// request is GET requests/{id}: the list shape with one element.
func (c *call) request(id string) {
	j, ok := c.jurisdiction(nil)
	if !ok {
		return
	}
	r, err := c.h.Backend.Request(c.ctx, j, c.viewer(j), id)
	if err != nil {
		c.fail(err)
		return
	}
	w := c.writer()
	writeRequests(w, []Request{*r})
	c.send(http.StatusOK, w)
}

func (c *call) token(token string) {
	j, ok := c.jurisdiction(nil)
	if !ok {
		return
	}
	t, err := c.h.Backend.Token(c.ctx, j, token)
	if err != nil {
		c.fail(err)
		return
	}
	w := c.writer()
	writeToken(w, t)
	c.send(http.StatusOK, w)
}

// updates is mySociety's GET servicerequestupdates: the public timeline of
// every request, oldest first, in a window like GET requests has.
func (c *call) updates() {
	j, ok := c.jurisdiction(nil)
	if !ok {
		return
	}
	f := UpdateFilter{Limit: MaxRequests}
	var err error
	if f.Start, f.End, err = window(c.r.URL.Query(), c.now()); err != nil {
		c.fail(err)
		return
	}
	us, err := c.h.Backend.Updates(c.ctx, j, c.viewer(j), f)
	if err != nil {
		c.fail(err)
		return
	}
	w := c.writer()
	writeUpdates(w, us)
	c.send(http.StatusOK, w)
}

// viewer is the partner behind an api_key sent with a GET (FixMyStreet sends
// one, some clients send it on every call). A GET needs no key, so a wrong
// one is not an error: the caller is simply treated as anyone.
func (c *call) viewer(j Jurisdiction) *Partner {
	key := strings.TrimSpace(c.r.URL.Query().Get("api_key"))
	if key == "" {
		return nil
	}
	p, err := c.h.Backend.Authenticate(c.ctx, j, key)
	if err != nil {
		return nil
	}
	return &p
}
