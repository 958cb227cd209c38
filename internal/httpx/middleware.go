package httpx

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/service"
)

type requestIDKey struct{}

type routeKey struct{}

// SetRoute records the matched route pattern for the access log and metrics;
// the mux sees a copy of the request, so the pattern must travel by pointer.
func SetRoute(r *http.Request, pattern string) {
	if p, ok := r.Context().Value(routeKey{}).(*string); ok {
		*p = pattern
	}
}

// RequestID returns the request's id.
func RequestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey{}).(string)
	return id
}

// statusWriter remembers the status for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Flush lets server-sent events through the wrapper.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the real writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Observer receives each request's route, status and duration (for /metrics).
type Observer func(route string, status int, d time.Duration)

// Common wraps every request: request id, client metadata for the audit log,
// panic recovery (a panic is a 500 and a log line, never a dead server),
// security headers, access log and metrics.
func Common(next http.Handler, trustProxy bool, observe Observer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 {
			id = NewRequestID()
		}
		route := ""
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		ctx = context.WithValue(ctx, routeKey{}, &route)
		ctx = audit.WithMeta(ctx, audit.Meta{IP: ClientIP(r, trustProxy), RequestID: id, UserAgent: r.UserAgent()})
		r = r.WithContext(ctx)
		sw := &statusWriter{ResponseWriter: w}
		h := sw.Header()
		h.Set("X-Request-Id", id)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				slog.ErrorContext(ctx, "panic", "err", fmt.Sprint(v), "stack", string(debug.Stack()), "request_id", id)
				if sw.status == 0 {
					WriteError(sw, r, errs.Internalf("panic: %v", v))
				}
			}
			d := time.Since(start)
			if observe != nil {
				observe(route, sw.status, d)
			}
			if !strings.HasPrefix(r.URL.Path, "/static/") {
				slog.LogAttrs(ctx, slog.LevelInfo, "http", slog.String("method", r.Method), slog.String("path", r.URL.Path),
					slog.Int("status", sw.status), slog.Duration("took", d), slog.String("request_id", id))
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// Authenticate finds the person behind a request: a bearer token (API clients)
// or the session cookie (browsers). A stale cookie is simply ignored.
func Authenticate(svc *service.Service, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p := service.Anonymous
		if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "Bearer ") {
			u, err := svc.Accounts.TokenUser(ctx, strings.TrimPrefix(auth, "Bearer "))
			if err != nil {
				r = r.WithContext(context.WithValue(ctx, langKey, negotiateLang(r)))
				WriteError(w, r, err)
				return
			}
			if p, err = svc.Load(ctx, u); err != nil {
				WriteError(w, r, err)
				return
			}
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			if u, err := svc.Accounts.SessionUser(ctx, c.Value); err == nil {
				if p, err = svc.Load(ctx, u); err != nil {
					WriteError(w, r, err)
					return
				}
			} else if !errs.Is(err, errs.Unauthorized) {
				WriteError(w, r, err)
				return
			}
		}
		r = WithPrincipal(r, p)
		r = r.WithContext(context.WithValue(r.Context(), langKey, negotiateLang(r)))
		next.ServeHTTP(w, r)
	})
}

// SetSessionCookie sends the session cookie: HttpOnly, SameSite=Lax, Secure when
// served over TLS (or told so), lasting as long as the session may.
func SetSessionCookie(w http.ResponseWriter, r *http.Request, token string, maxAge time.Duration, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: secure || r.TLS != nil, MaxAge: int(maxAge.Seconds())})
}

// ClearSessionCookie removes the session cookie.
func ClearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}
