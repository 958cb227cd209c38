// Package moderation screens residents' posts and comments against a
// configurable sensitive-word list. A hit holds the post for review and tells
// the author which word caused it.
//
// People evade word lists by writing "傻 逼", "傻\u200b逼", "ＦＵＣＫ" or
// "f.u.c.k", so matching happens on a normalized form of both the list and the
// text (see Normalize), while matches are reported as byte offsets in the
// original text so the UI can highlight exactly what the author wrote.
//
// Because spaces and punctuation are ignored, a listed word is also found
// across word boundaries and inside longer, innocent words (the "Scunthorpe
// problem"): with "sb" listed, "it's bad" matches. That is the price of
// catching "s b" and "s.b"; it is why a hit holds a post for a person to
// review rather than rejecting it.
package moderation

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Full-width ASCII (U+FF01 '！' to U+FF5E '～') is what Chinese input methods
// type in full-width mode; each maps to ASCII by a fixed offset.
const (
	fullWidthFirst  = '\uFF01'
	fullWidthLast   = '\uFF5E'
	fullWidthOffset = '\uFF01' - '!'
)

// Normalize returns the form that matching compares: full-width ASCII folded
// to ASCII, letters lower-cased, and everything that is not a letter or a
// digit removed, so "Ｆ.u Ｃ\u200bK" becomes "fuck" and "傻 逼！" becomes "傻逼".
//
// Removed are spaces (the ideographic space U+3000 too), punctuation, symbols,
// emoji, combining marks, and invisible characters: zero-width spaces and
// joiners (U+200B–U+200F, U+2060, U+FEFF) are format characters, not letters,
// and the Hangul fillers, which Unicode calls letters but which render as
// nothing, are dropped by name. Chinese characters are letters and stay.
//
// It deliberately does not do full NFKC nor fold traditional to simplified
// characters or look-alike letters (Cyrillic "а" for Latin "a"): a list that
// needs both "傻逼" and a variant lists both. Each rune maps to at most one
// rune, which is what lets List report offsets in the original text.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r, ok := fold(r); ok {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fold maps one rune to its normalized form, or reports false when the rune is
// ignored for matching. ASCII, by far the most common input, takes a short path.
func fold(r rune) (rune, bool) {
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			return r, true
		case 'A' <= r && r <= 'Z':
			return r + ('a' - 'A'), true
		}
		return 0, false
	}
	if '\u4E00' <= r && r <= '\u9FFF' { // CJK Unified Ideographs: letters without case
		return r, true
	}
	if fullWidthFirst <= r && r <= fullWidthLast {
		return fold(r - fullWidthOffset)
	}
	switch r {
	case '\u115F', '\u1160', '\u3164', '\uFFA0': // Hangul fillers: invisible "letters"
		return 0, false
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return unicode.ToLower(r), true
	}
	return 0, false
}
