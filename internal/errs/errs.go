// Package errs is linli's one error type: a code machines act on, a catalog key
// for the message people read, and the wrapped cause for the log.
package errs

import (
	"errors"
	"fmt"
	"net/http"
)

// Code classifies an error; each maps to one HTTP status in Status.
type Code string

// The codes. Clients match on these strings, so they never change.
const (
	Invalid      Code = "invalid"
	Unauthorized Code = "unauthorized"
	Forbidden    Code = "forbidden"
	NotFound     Code = "not_found"
	Conflict     Code = "conflict"
	TooMany      Code = "too_many_requests"
	TooLarge     Code = "too_large"
	Unavailable  Code = "unavailable"
	Internal     Code = "internal"
)

// Error is an error safe to show: Key names a message in the i18n catalog, Args
// fill its placeholders, Field names the form field at fault, if any.
type Error struct {
	Code  Code
	Key   string
	Args  []any
	Field string
	Err   error
}

// Error describes the error for logs, never for residents.
func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Key
	if e.Field != "" {
		s += " (" + e.Field + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap exposes the cause.
func (e *Error) Unwrap() error { return e.Err }

// New makes an error with a code and a catalog key.
func New(code Code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// Field makes an invalid-input error tied to a form field.
func Field(field, key string, args ...any) *Error {
	return &Error{Code: Invalid, Key: key, Args: args, Field: field}
}

// Wrap keeps err as the cause of a coded error.
func Wrap(err error, code Code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args, Err: err}
}

// Internalf wraps an unexpected failure; the resident sees only a polite message.
func Internalf(format string, args ...any) *Error {
	return &Error{Code: Internal, Key: "error.internal", Err: fmt.Errorf(format, args...)}
}

// As returns err as an *Error; anything else becomes an internal error.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Key: "error.internal", Err: err}
}

// CodeOf returns err's code, Internal for foreign errors, "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	return As(err).Code
}

// Is reports whether err carries code.
func Is(err error, code Code) bool { return err != nil && CodeOf(err) == code }

// Status is the one place that decides an error's HTTP status.
func Status(code Code) int {
	switch code {
	case Invalid:
		return http.StatusUnprocessableEntity
	case Unauthorized:
		return http.StatusUnauthorized
	case Forbidden:
		return http.StatusForbidden
	case NotFound:
		return http.StatusNotFound
	case Conflict:
		return http.StatusConflict
	case TooMany:
		return http.StatusTooManyRequests
	case TooLarge:
		return http.StatusRequestEntityTooLarge
	case Unavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}
