package textsearch

import (
	"strings"
	"unicode"
)

// QueryTokens returns the tokens of a resident's search query, each once, in
// the order they first appear. They are the same tokens IndexText stores, so a
// query "停车" yields exactly the token stored for "小区停车难".
//
// A query of a single Chinese character yields that character, but the index
// holds a lone character only where it stood alone in the text: "停" is not a
// token of "小区停车难". Callers that get a one-character Han token should fall
// back to a substring search (LIKE '%停%') on the original text.
func QueryTokens(q string) []string {
	var toks []string
	seen := make(map[string]bool)
	scan(q, func(tok string, _, _ int) {
		if !seen[tok] {
			seen[tok] = true
			toks = append(toks, tok)
		}
	})
	return toks
}

// FTS5Query returns an FTS5 MATCH expression that finds the rows whose
// indexed text has every token of q, or "" when q has no tokens (the caller
// then has nothing to search for: an empty MATCH is an FTS5 syntax error).
//
// Each token is a double-quoted FTS5 string, and a quoted string is never an
// operator, column filter or prefix query, so AND, OR, NOT, NEAR, *, ^, : and
// parentheses typed by a resident are searched for as words or, being
// punctuation, dropped. Tokens never contain '"' today; it is doubled anyway,
// as FTS5 requires, so the guarantee does not rest on the tokenizer.
func FTS5Query(q string) string { return FTS5QueryWithPrefix(q, "") }

// FTS5QueryWithPrefix is FTS5Query for an index whose tokens carry a prefix,
// such as linli's per-neighborhood tokens ("n3x停车"): each token of q is
// looked up with prefix in front of it, inside the same quotes.
func FTS5QueryWithPrefix(q, prefix string) string {
	var b strings.Builder
	for i, tok := range QueryTokens(q) {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(prefix+tok, `"`, `""`))
		b.WriteByte('"')
	}
	return b.String()
}

// TSQuery returns the text for PostgreSQL's to_tsquery('simple', ...) that
// finds rows having every token of q, or "" when q has no tokens (to_tsquery
// of an empty string matches nothing and logs a notice).
//
// to_tsquery reads & | ! <-> ( ) : * ' and \ as syntax. Tokens are made of
// letters and digits only, and any other character is removed here as well,
// so nothing a resident types can reach that syntax.
func TSQuery(q string) string {
	var b strings.Builder
	for _, tok := range QueryTokens(q) {
		tok = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, tok)
		if tok == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(" & ")
		}
		b.WriteString(tok)
	}
	return b.String()
}
