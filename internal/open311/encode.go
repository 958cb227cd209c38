package open311

import (
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// writer emits one document in one format. Every response is written once,
// as XML elements, and the JSON writer maps them by the spec's Spark
// convention: the root is dropped, an element of repeated children is an
// array (even of one), an element of named children is an object, a leaf is
// a scalar. Writing both formats through one sequence of calls is what keeps
// them saying the same thing.
type writer interface {
	open(name string) // an element of named children
	list(name string) // an element of repeated children
	close()
	str(name, s string) // a string leaf
	opt(name, s string) // a string leaf, absent (null) when empty
	num(name string, v *float64)
	int(name string, v int)
	bool(name string, v bool)
	time(name string, t time.Time) // W3C-DTF with offset; null when zero
	bytes() []byte
}

// frame is an open element: its name (for XML's end tag), whether it is a
// list (JSON drops child names) and whether it has children yet (commas).
type frame struct {
	name  string
	list  bool
	first bool
}

// xmlWriter writes text/xml with the declaration the spec asks for.
type xmlWriter struct {
	b     []byte
	stack []frame
}

func newXML() *xmlWriter {
	return &xmlWriter{b: append(make([]byte, 0, 4096), `<?xml version="1.0" encoding="utf-8"?>`+"\n"...)}
}

func (w *xmlWriter) open(name string) { w.start(name); w.stack = append(w.stack, frame{name: name}) }
func (w *xmlWriter) list(name string) { w.open(name) }
func (w *xmlWriter) close() {
	f := w.stack[len(w.stack)-1]
	w.stack = w.stack[:len(w.stack)-1]
	w.b = append(w.b, "</"...)
	w.b = append(w.b, f.name...)
	w.b = append(w.b, '>')
}
func (w *xmlWriter) start(name string) {
	w.b = append(w.b, '<')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
}
func (w *xmlWriter) leaf(name string, text []byte) {
	if len(text) == 0 {
		w.b = append(w.b, '<')
		w.b = append(w.b, name...)
		w.b = append(w.b, "/>"...)
		return
	}
	w.start(name)
	w.b = append(w.b, text...)
	w.b = append(w.b, "</"...)
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
}
func (w *xmlWriter) str(name, s string) { w.leaf(name, appendXMLText(nil, s)) }
func (w *xmlWriter) opt(name, s string) { w.str(name, s) }
func (w *xmlWriter) num(name string, v *float64) {
	if v == nil {
		w.leaf(name, nil)
		return
	}
	w.leaf(name, strconv.AppendFloat(nil, *v, 'f', -1, 64))
}
func (w *xmlWriter) int(name string, v int)   { w.leaf(name, strconv.AppendInt(nil, int64(v), 10)) }
func (w *xmlWriter) bool(name string, v bool) { w.leaf(name, strconv.AppendBool(nil, v)) }
func (w *xmlWriter) time(name string, t time.Time) {
	if t.IsZero() {
		w.leaf(name, nil)
		return
	}
	w.leaf(name, appendTime(nil, t))
}
func (w *xmlWriter) bytes() []byte { return append(w.b, '\n') }

// appendXMLText escapes s for element content and drops what XML 1.0 cannot
// carry at all (most control characters), rather than emit a broken document.
func appendXMLText(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '\r':
			b = append(b, "&#xD;"...)
		case r == '\t' || r == '\n' || (r >= 0x20 && r != utf8.RuneError && r != 0xFFFE && r != 0xFFFF):
			b = append(b, s[i:i+size]...)
		case r == utf8.RuneError && size == 3:
			b = append(b, s[i:i+size]...) // a genuine U+FFFD
		}
		i += size
	}
	return b
}

// jsonWriter writes application/json by the Spark convention.
type jsonWriter struct {
	b     []byte
	stack []frame
}

func newJSON() *jsonWriter { return &jsonWriter{b: make([]byte, 0, 4096)} }

// key writes the separator and, inside an object, the key.
func (w *jsonWriter) key(name string) {
	if len(w.stack) == 0 {
		return // the root: its name is dropped
	}
	f := &w.stack[len(w.stack)-1]
	if !f.first {
		w.b = append(w.b, ',')
	}
	f.first = false
	if !f.list {
		w.b = appendJSONString(w.b, name)
		w.b = append(w.b, ':')
	}
}
func (w *jsonWriter) open(name string) {
	w.key(name)
	w.b = append(w.b, '{')
	w.stack = append(w.stack, frame{name: name, first: true})
}
func (w *jsonWriter) list(name string) {
	w.key(name)
	w.b = append(w.b, '[')
	w.stack = append(w.stack, frame{name: name, list: true, first: true})
}
func (w *jsonWriter) close() {
	f := w.stack[len(w.stack)-1]
	w.stack = w.stack[:len(w.stack)-1]
	if f.list {
		w.b = append(w.b, ']')
	} else {
		w.b = append(w.b, '}')
	}
}
func (w *jsonWriter) str(name, s string) { w.key(name); w.b = appendJSONString(w.b, s) }
func (w *jsonWriter) opt(name, s string) {
	if s == "" {
		w.key(name)
		w.b = append(w.b, "null"...)
		return
	}
	w.str(name, s)
}
func (w *jsonWriter) num(name string, v *float64) {
	w.key(name)
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		w.b = append(w.b, "null"...)
		return
	}
	w.b = strconv.AppendFloat(w.b, *v, 'f', -1, 64)
}
func (w *jsonWriter) int(name string, v int)   { w.key(name); w.b = strconv.AppendInt(w.b, int64(v), 10) }
func (w *jsonWriter) bool(name string, v bool) { w.key(name); w.b = strconv.AppendBool(w.b, v) }
func (w *jsonWriter) time(name string, t time.Time) {
	w.key(name)
	if t.IsZero() {
		w.b = append(w.b, "null"...)
		return
	}
	w.b = append(w.b, '"')
	w.b = appendTime(w.b, t)
	w.b = append(w.b, '"')
}
func (w *jsonWriter) bytes() []byte { return append(w.b, '\n') }

// appendJSONString quotes s as encoding/json does (HTML-safe), without its
// allocations: most of what we write is Chinese text.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendTime writes t as W3C-DTF in the Zone offset, e.g. 2026-03-01T09:30:00+08:00.
func appendTime(b []byte, t time.Time) []byte {
	return t.In(Zone).AppendFormat(b, "2006-01-02T15:04:05-07:00")
}
