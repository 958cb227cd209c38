// Package textsearch turns text into the tokens linli's full-text search
// stores and queries, the same way for SQLite FTS5 and PostgreSQL.
//
// Chinese is written without spaces between words, and neither engine's
// built-in tokenizer splits it into words: both would see "小区停车难" as one
// long token, so a search for "停车" would find nothing. Instead of guessing
// word boundaries with a dictionary, a run of Chinese characters is indexed
// as its overlapping character pairs (bigrams): "小区停车难" becomes
// "小区 区停 停车 车难". Any query of two or more characters then matches by its
// own bigrams, at the cost of some false positives ("区停" is not a word) and a
// larger index. Latin words and numbers stay whole, lower-cased tokens.
//
// The tokens are stored pre-split, joined by spaces (IndexText): in an FTS5
// column with the unicode61 tokenizer, and in PostgreSQL through
// to_tsvector('simple', ...). Each token is made only of letters and digits,
// so the engines' own tokenizers keep it whole.
package textsearch

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

// class is what a character contributes to tokens.
type class int

const (
	separator class = iota // ends a run and is not part of any token
	han                    // a Chinese character: runs become bigrams
	word                   // a letter or digit of any other script: runs become one token
)

// classify folds r (full-width to ASCII, lower case) and says what it is.
//
// Digits and Latin letters next to Chinese characters are a run of their own:
// "3号楼" is "3" and "号楼", and "WiFi信号" is "wifi" and "信号". Residents search
// for "3号楼" and "WiFi" as often as for the Chinese, and a separate token for
// the digits keeps "3" findable without a bigram like "3号" for every number.
//
// Everything that is neither Han nor a letter or digit separates: spaces,
// punctuation, symbols, emoji, combining marks and invisible format characters
// such as the zero-width space ("停\u200b车" is "停" and "车"). So are the
// characters of the Han script that are not letters (CJK and Kangxi radicals
// such as "⺁", and the number "〇"), so that tokens are letters and digits only.
func classify(r rune) (rune, class) {
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			return r, word
		case 'A' <= r && r <= 'Z':
			return r + ('a' - 'A'), word
		}
		return r, separator
	}
	if '\u4E00' <= r && r <= '\u9FFF' { // CJK Unified Ideographs, the common case
		return r, han
	}
	if fullWidthFirst <= r && r <= fullWidthLast {
		return classify(r - fullWidthOffset)
	}
	switch {
	case unicode.Is(unicode.Han, r) && unicode.IsLetter(r): // not radicals (⺁, ⼈), which are symbols
		return r, han
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return unicode.ToLower(r), word
	}
	return r, separator
}

// scan calls emit with each token of s, in order, and the byte range in s of
// the characters it came from. Han tokens are always substrings of s.
func scan(s string, emit func(tok string, start, end int)) {
	var (
		run      = separator
		runStart int    // byte offset of the current run
		hanPrev  int    // byte offset of the previous Han character in the run
		hanCount int    // Han characters in the run so far
		folded   []byte // the word run as folded so far
		changed  bool   // whether folded differs from the run in s
	)
	finish := func(end int) {
		switch {
		case run == han && hanCount == 1:
			emit(s[runStart:end], runStart, end)
		case run == word && changed:
			emit(string(folded), runStart, end)
		case run == word:
			emit(s[runStart:end], runStart, end)
		}
	}
	for i, r := range s {
		f, c := classify(r)
		if c != run {
			finish(i)
			run, runStart, hanCount, folded, changed = c, i, 0, folded[:0], false
		}
		switch c {
		case han:
			if hanCount > 0 {
				end := i + utf8.RuneLen(r)
				emit(s[hanPrev:end], hanPrev, end)
			}
			hanPrev = i
			hanCount++
		case word:
			folded = utf8.AppendRune(folded, f)
			changed = changed || f != r
		}
	}
	finish(len(s))
}

// Tokens returns the search tokens of s in order, repeats included: the
// bigrams of each run of Chinese characters (a lone character is a token by
// itself), and each run of other letters and digits as one lower-cased token,
// with full-width letters and digits read as ASCII.
//
//	"小区停车难"        → 小区 区停 停车 车难
//	"3号楼 WiFi信号差" → 3 号楼 wifi 信号 号差
func Tokens(s string) []string {
	var toks []string
	scan(s, func(tok string, _, _ int) { toks = append(toks, tok) })
	return toks
}

// IndexText returns the tokens of s joined by single spaces: the value to
// store in the search column (an FTS5 column, or the text given to PostgreSQL's
// to_tsvector('simple', ...)).
func IndexText(s string) string {
	var b strings.Builder
	b.Grow(len(s) * 2)
	scan(s, func(tok string, _, _ int) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tok)
	})
	return b.String()
}
