package textsearch

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Segment is a piece of a search-result snippet. The caller HTML-escapes Text
// and wraps the pieces with Match set in its highlight markup (<mark>).
type Segment struct {
	Text  string
	Match bool
}

// Snippet returns at most maxRunes characters of text around the first place
// a token of query q occurs, split into segments so that every occurrence in
// the snippet is a Match segment; adjacent and overlapping occurrences form
// one segment ("停车难" for the query "停车难").
//
// Latin words and numbers match whole tokens, ignoring case and width, as the
// search itself does: "wifi" highlights "ＷｉＦｉ" but not the "wifi" inside
// "wifi6". Chinese matches as a substring of the text.
//
// About a third of the room left beside the first match goes before it, and
// a window that would run past the end of the text is moved back to fill
// maxRunes. A match longer than maxRunes is cut. With no match, the snippet is
// the first maxRunes characters; with maxRunes <= 0 it is the whole text.
// Snippet adds no ellipses: text was cut at the start unless it begins with
// the joined segments, and at the end unless it ends with them.
func Snippet(text, q string, maxRunes int) []Segment {
	if text == "" {
		return nil
	}
	spans := matchSpans(text, QueryTokens(q))
	start, end := window(text, spans, maxRunes)
	var segs []Segment
	pos := start
	for _, sp := range spans {
		s, e := max(sp.start, start), min(sp.end, end)
		if s >= e {
			continue
		}
		if pos < s {
			segs = append(segs, Segment{Text: text[pos:s]})
		}
		segs = append(segs, Segment{Text: text[s:e], Match: true})
		pos = e
	}
	if pos < end {
		segs = append(segs, Segment{Text: text[pos:end]})
	}
	return segs
}

// span is a byte range of the text.
type span struct{ start, end int }

// matchSpans returns the byte ranges of text where a query token occurs,
// sorted and with overlapping or touching ranges merged.
func matchSpans(text string, toks []string) []span {
	want := make(map[string]bool, len(toks))
	var spans []span
	for _, tok := range toks {
		r, size := utf8.DecodeRuneInString(tok)
		if size == len(tok) && unicode.Is(unicode.Han, r) {
			// A lone character in the query matches inside longer runs
			// too, where the text has no token of its own for it.
			for i := 0; ; {
				j := strings.Index(text[i:], tok)
				if j < 0 {
					break
				}
				spans = append(spans, span{i + j, i + j + size})
				i += j + size
			}
			continue
		}
		want[tok] = true
	}
	scan(text, func(tok string, start, end int) {
		if want[tok] {
			spans = append(spans, span{start, end})
		}
	})
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	merged := spans[:0]
	for _, sp := range spans {
		if n := len(merged); n > 0 && sp.start <= merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, sp.end)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

// window returns the byte range of text that a snippet of maxRunes characters
// shows, placed around the first span.
func window(text string, spans []span, maxRunes int) (start, end int) {
	n := utf8.RuneCountInString(text)
	if maxRunes <= 0 || n <= maxRunes {
		return 0, len(text)
	}
	first := 0 // in runes
	if len(spans) > 0 {
		matchStart := utf8.RuneCountInString(text[:spans[0].start])
		matchLen := utf8.RuneCountInString(text[spans[0].start:spans[0].end])
		first = max(0, matchStart-max(0, (maxRunes-matchLen)/3))
		first = min(first, n-maxRunes)
	}
	start = runeOffset(text, 0, first)
	return start, runeOffset(text, start, maxRunes)
}

// runeOffset returns the byte offset in s of the character count characters
// after byte offset from, or len(s).
func runeOffset(s string, from, count int) int {
	for i := range s[from:] {
		if count == 0 {
			return from + i
		}
		count--
	}
	return len(s)
}
