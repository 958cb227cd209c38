package main

import (
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/linli-dev/linli/internal/load"
)

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ", ") }

func (l *stringList) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// parseTarget reads "[name=][METHOD ]URL". The name must come before any
// "://" and hold no space, so "=" in a query string is never taken for one.
// The method is left empty when not given, for the caller to default.
func parseTarget(s string) (load.Target, error) {
	var t load.Target
	orig := s
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '='); i > 0 && !strings.ContainsAny(s[:i], " /:?") {
		t.Name, s = s[:i], strings.TrimSpace(s[i+1:])
	}
	if method, rest, ok := strings.Cut(s, " "); ok {
		t.Method, s = strings.ToUpper(method), strings.TrimSpace(rest)
	}
	if s == "" {
		return t, fmt.Errorf("-url %q: no URL", orig)
	}
	t.URL = s
	return t, nil
}

// parseHeader reads "Name: value" as curl's -H does.
func parseHeader(s string) (name, value string, err error) {
	name, value, ok := strings.Cut(s, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " \t") {
		return "", "", fmt.Errorf("-H %q: want \"Name: value\"", s)
	}
	return http.CanonicalHeaderKey(name), strings.TrimSpace(value), nil
}

// readBody returns s, or the contents of file f when s is "@f".
func readBody(s string) ([]byte, error) {
	if f, ok := strings.CutPrefix(s, "@"); ok {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("-body: %w", err)
		}
		return b, nil
	}
	return []byte(s), nil
}
