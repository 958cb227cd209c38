package metrics

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// appendHeader appends the # HELP and # TYPE lines of a family.
func appendHeader(b []byte, name, help, typ string) []byte {
	b = append(b, "# HELP "...)
	b = append(b, name...)
	b = append(b, ' ')
	b = appendEscaped(b, help, false)
	b = append(b, "\n# TYPE "...)
	b = append(b, name...)
	b = append(b, ' ')
	b = append(b, typ...)
	return append(b, '\n')
}

// appendSeries appends a sample name and its labels, ready for the value: le,
// when not empty, is added as the last label (histogram buckets).
func appendSeries(b []byte, name, suffix string, labelNames, values []string, le string) []byte {
	b = append(b, name...)
	b = append(b, suffix...)
	if len(labelNames) == 0 && le == "" {
		return append(b, ' ')
	}
	b = append(b, '{')
	for i, n := range labelNames {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, n...)
		b = append(b, `="`...)
		b = appendEscaped(b, values[i], true)
		b = append(b, '"')
	}
	if le != "" {
		if len(labelNames) > 0 {
			b = append(b, ',')
		}
		b = append(b, `le="`...)
		b = append(b, le...)
		b = append(b, '"')
	}
	return append(b, "} "...)
}

// appendEscaped escapes backslash and newline, and double quotes too inside a
// label value, as format 0.0.4 requires. Invalid UTF-8 is replaced because
// the format is UTF-8 only.
func appendEscaped(b []byte, s string, quote bool) []byte {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			b = append(b, `\\`...)
		case c == '\n':
			b = append(b, `\n`...)
		case c == '"' && quote:
			b = append(b, `\"`...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// appendFloat formats v the way Prometheus parses it, including +Inf, -Inf
// and NaN.
func appendFloat(b []byte, v float64) []byte {
	switch {
	case math.IsInf(v, 1):
		return append(b, "+Inf"...)
	case math.IsInf(v, -1):
		return append(b, "-Inf"...)
	case math.IsNaN(v):
		return append(b, "NaN"...)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}
