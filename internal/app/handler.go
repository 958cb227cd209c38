package app

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/linli-dev/linli/internal/api"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/metrics"
	"github.com/linli-dev/linli/internal/open311"
	"github.com/linli-dev/linli/internal/service"
	"github.com/linli-dev/linli/internal/web"
)

// newHandler builds the whole HTTP stack: routes, then authentication,
// cross-site request protection on every state-changing route, and the
// common layer (request id, recovery, logs, metrics) outermost.
func newHandler(cfg *Config, svc *service.Service, reg *metrics.Registry) (http.Handler, error) {
	requests := reg.Counter("linli_http_requests_total", "HTTP requests by route and status.", "route", "status")
	latency := reg.Histogram("linli_http_request_duration_seconds", "HTTP request latency by route.", metrics.DefaultBuckets, "route")
	registerDBMetrics(reg, svc)

	w, err := web.New(svc, cfg.SecureCookie)
	if err != nil {
		return nil, err
	}
	a := &api.API{Svc: svc, SecureCookie: cfg.SecureCookie, Version: Version}
	mux := http.NewServeMux()
	w.Routes(mux)
	a.Register(mux)
	mux.HandleFunc("GET /healthz", func(rw http.ResponseWriter, r *http.Request) {
		httpx.WriteJSON(rw, http.StatusOK, map[string]string{"status": "ok", "version": Version})
	})
	mux.HandleFunc("GET /readyz", func(rw http.ResponseWriter, r *http.Request) {
		if err := svc.DB.Ping(r.Context()); err != nil {
			httpx.WriteError(rw, r, errs.Wrap(err, errs.Unavailable, "error.unavailable"))
			return
		}
		httpx.WriteJSON(rw, http.StatusOK, map[string]string{"status": "ready"})
	})
	mux.Handle("GET /metrics", reg.Handler())

	// Unmatched paths get the site's 404 page rather than the mux's plain text.
	root := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		_, pattern := mux.Handler(r)
		httpx.SetRoute(r, pattern)
		if pattern == "" {
			w.NotFound(rw, r)
			return
		}
		mux.ServeHTTP(rw, r)
	})

	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		httpx.WriteError(rw, r, errs.New(errs.Forbidden, "error.cross_origin"))
	}))
	h := httpx.Authenticate(svc, csrf.Handler(root))

	// Open311 sits beside the rest: partners authenticate with api_key, not
	// cookies, so neither sessions nor cross-origin checks apply to it.
	outer := http.NewServeMux()
	outer.Handle(open311.Prefix, newOpen311(cfg, svc))
	outer.Handle("/", h)

	observe := func(route string, status int, d time.Duration) {
		if route == "" {
			route = "unmatched"
		}
		requests.With(route, strconv.Itoa(status)).Inc()
		latency.With(route).Observe(d.Seconds())
	}
	return httpx.Common(outer, cfg.TrustProxy, observe), nil
}

// newOpen311 serves GeoReport v2 over the cases.
//
// The cases store is made here until the service layer carries one; then
// this should take that one, so Open311 cases get the same deadlines.
func newOpen311(cfg *Config, svc *service.Service) *open311.Handler {
	b := &open311.Cases{Cases: svc.Cases, Org: svc.Org, Keys: open311.NewKeys(svc.DB), Audit: svc.Audit,
		Jurisdictions: cfg.Open311, Screen: svc.Screen}
	return &open311.Handler{Backend: b, Changeset: time.Now(), OnRoute: httpx.SetRoute, PublicTTL: time.Second}
}

// registerDBMetrics exposes the connection pools, read at scrape time.
func registerDBMetrics(reg *metrics.Registry, svc *service.Service) {
	reg.GaugeFunc("linli_db_write_open_connections", "Open connections in the write pool.", func() float64 {
		w, _ := svc.DB.Stats()
		return float64(w.OpenConnections)
	})
	reg.GaugeFunc("linli_db_read_open_connections", "Open connections in the read pool.", func() float64 {
		_, r := svc.DB.Stats()
		return float64(r.OpenConnections)
	})
	reg.GaugeFunc("linli_db_write_wait_seconds_total", "Time spent waiting for a write connection.", func() float64 {
		w, _ := svc.DB.Stats()
		return w.WaitDuration.Seconds()
	})
	reg.GaugeFunc("linli_imports_running", "Roster imports in progress.", func() float64 {
		var n int
		_ = svc.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM imports WHERE status = 'running'`).Scan(&n)
		return float64(n)
	})
	reg.GaugeFunc("linli_db_read_in_use_connections", "Read connections in use.", func() float64 {
		_, r := svc.DB.Stats()
		return float64(r.InUse)
	})
}
