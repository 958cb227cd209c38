// Package httpx is the plumbing both surfaces share: request ids, access logs,
// metrics, panic recovery, the principal behind a request, its language, and
// the one mapping from errors to HTTP responses.
package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/i18n"
	"github.com/linli-dev/linli/internal/service"
)

type ctxKey int

const (
	principalKey ctxKey = iota
	langKey
)

// SessionCookie names the session cookie.
const SessionCookie = "linli_session"

// LangCookie remembers an explicit language choice.
const LangCookie = "linli_lang"

// Principal returns the person behind the request (Anonymous when nobody).
func Principal(r *http.Request) *service.Principal {
	if p, ok := r.Context().Value(principalKey).(*service.Principal); ok {
		return p
	}
	return service.Anonymous
}

// WithPrincipal stores p in the request's context.
func WithPrincipal(r *http.Request, p *service.Principal) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), principalKey, p))
}

// Lang returns the request's language.
func Lang(r *http.Request) i18n.Lang {
	if l, ok := r.Context().Value(langKey).(i18n.Lang); ok {
		return l
	}
	return i18n.ZH
}

// negotiateLang picks the language: explicit cookie, the account's choice, the browser's.
func negotiateLang(r *http.Request) i18n.Lang {
	choice := ""
	if c, err := r.Cookie(LangCookie); err == nil {
		choice = c.Value
	}
	if choice == "" {
		if p := Principal(r); p.LoggedIn() {
			choice = p.User.Lang
		}
	}
	return i18n.Negotiate(choice, r.Header.Get("Accept-Language"))
}

// NewRequestID returns 16 random hex characters.
func NewRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// ClientIP is the peer address. linli trusts X-Forwarded-For only when told it
// runs behind a proxy, since anyone can send the header.
func ClientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			first, _, _ := strings.Cut(xff, ",")
			return strings.TrimSpace(first)
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// StatusClientClosed is logged and counted for requests whose client left
// before the answer (nginx's 499); it never reaches a client.
const StatusClientClosed = 499

// ErrorBody is the JSON shape of every API error.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail carries a machine-readable code, a message in the request's
// language, the field at fault and the request id to quote to support.
type ErrorDetail struct {
	Code      errs.Code `json:"code"`
	Message   string    `json:"message"`
	Field     string    `json:"field,omitempty"`
	RequestID string    `json:"request_id,omitempty"`
}

// Describe turns any error into what a person may see, logging internal errors
// once, here, with the request id.
func Describe(r *http.Request, err error) (int, ErrorDetail) {
	e := errs.As(err)
	if e.Code == errs.Internal && r.Context().Err() != nil && errors.Is(err, r.Context().Err()) {
		// The client went away and its request was stopped: nothing failed,
		// and no one reads the answer.
		slog.DebugContext(r.Context(), "request abandoned", "method", r.Method, "path", r.URL.Path, "request_id", RequestID(r))
		return StatusClientClosed, ErrorDetail{Code: e.Code, Message: i18n.T(Lang(r), e.Key, e.Args...), RequestID: RequestID(r)}
	}
	if e.Code == errs.Internal {
		slog.ErrorContext(r.Context(), "request failed", "err", err, "method", r.Method, "path", r.URL.Path,
			"request_id", RequestID(r))
	}
	return errs.Status(e.Code), ErrorDetail{Code: e.Code, Message: i18n.T(Lang(r), e.Key, e.Args...), Field: e.Field,
		RequestID: RequestID(r)}
}

// WriteError sends err as a JSON error body.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	status, d := Describe(r, err)
	WriteJSON(w, status, ErrorBody{Error: d})
}

// WriteJSON sends v with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}
