package web

import "github.com/linli-dev/linli/internal/errs"

// withField ties a form-level error (wrong password, throttled) to a field so
// the form shows it where the person is looking.
func withField(err error, field string) error {
	e := errs.As(err)
	if e.Field != "" || e.Code == errs.Internal {
		return err
	}
	c := *e
	c.Field = field
	return &c
}
