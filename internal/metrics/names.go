package metrics

import "fmt"

// mustValidName panics unless name matches [a-zA-Z_:][a-zA-Z0-9_:]*, the
// Prometheus metric name syntax.
func mustValidName(name string) {
	if !validName(name, true) {
		panic(fmt.Sprintf("metrics: invalid metric name %q", name))
	}
}

// mustValidLabelNames panics on a label name Prometheus would reject, one
// reserved for its own use (leading "__"), or a repeated one.
func mustValidLabelNames(metric string, names []string) {
	for i, n := range names {
		if !validName(n, false) || len(n) >= 2 && n[:2] == "__" {
			panic(fmt.Sprintf("metrics: %s: invalid label name %q", metric, n))
		}
		for _, m := range names[:i] {
			if m == n {
				panic(fmt.Sprintf("metrics: %s: label %q given twice", metric, n))
			}
		}
	}
}

// validName reports whether s is a metric name (colons allowed) or a label
// name (no colons).
func validName(s string, colon bool) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case c == ':' && colon:
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
