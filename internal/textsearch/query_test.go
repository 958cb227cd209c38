package textsearch

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func TestQueryTokens(t *testing.T) {
	cases := []struct {
		name string
		q    string
		want []string
	}{
		{"two characters", "停车", []string{"停车"}},
		{"three characters", "停车难", []string{"停车", "车难"}},
		{"one character, for a substring fallback", "停", []string{"停"}},
		{"repeats are dropped, order kept", "停车 WiFi 停车 wifi", []string{"停车", "wifi"}},
		{"full-width and case fold", "ＷＩＦＩ", []string{"wifi"}},
		{"only punctuation", "？！", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := QueryTokens(c.q); !slices.Equal(got, c.want) {
				t.Errorf("QueryTokens(%q) = %q, want %q", c.q, got, c.want)
			}
		})
	}
}

// What the search box yields must be what the index stored, or FTS5 finds
// nothing.
func TestQueryTokensAreIndexTokens(t *testing.T) {
	indexed := strings.Fields(IndexText("小区停车难，3号楼WiFi信号差"))
	for _, q := range []string{"停车", "车难", "小区停车", "wifi", "ＷｉＦｉ", "3", "信号差"} {
		for _, tok := range QueryTokens(q) {
			if !slices.Contains(indexed, tok) {
				t.Errorf("query %q has token %q, which the index %q does not hold", q, tok, indexed)
			}
		}
	}
}

func TestFTS5Query(t *testing.T) {
	cases := []struct {
		name string
		q    string
		want string
	}{
		{"one bigram", "停车", `"停车"`},
		{"several tokens are ANDed", "停车难 WiFi", `"停车" AND "车难" AND "wifi"`},
		{"OR is a word, not an operator", "停车 OR 垃圾", `"停车" AND "or" AND "垃圾"`},
		{"AND and NOT are words", "停车 AND NOT 垃圾", `"停车" AND "and" AND "not" AND "垃圾"`},
		{"NEAR with parentheses", "NEAR(停车 垃圾, 5)", `"near" AND "停车" AND "垃圾" AND "5"`},
		{"a column filter is dropped", "body:停车", `"body" AND "停车"`},
		{"a prefix star is dropped", "停车*", `"停车"`},
		{"an initial-token caret is dropped", "^停车", `"停车"`},
		{"a stray quote is dropped", `"停车`, `"停车"`},
		{"a quoted phrase is just tokens", `"停车 难"`, `"停车" AND "难"`},
		{"a minus is dropped", "停车 -垃圾", `"停车" AND "垃圾"`},
		{"nothing to search", `"()*:^`, ""},
		{"empty", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := FTS5Query(c.q); got != c.want {
				t.Errorf("FTS5Query(%q) = %s, want %s", c.q, got, c.want)
			}
		})
	}
}

func TestFTS5QueryWithPrefix(t *testing.T) {
	cases := []struct{ q, prefix, want string }{
		{"停车难 WiFi", "n3x", `"n3x停车" AND "n3x车难" AND "n3xwifi"`},
		{`停车 OR "`, "n12x", `"n12x停车" AND "n12xor"`},
		{"，。", "n3x", ""},
	}
	for _, c := range cases {
		if got := FTS5QueryWithPrefix(c.q, c.prefix); got != c.want {
			t.Errorf("FTS5QueryWithPrefix(%q, %q) = %s, want %s", c.q, c.prefix, got, c.want)
		}
	}
}

func TestTSQuery(t *testing.T) {
	cases := []struct {
		name string
		q    string
		want string
	}{
		{"one bigram", "停车", "停车"},
		{"several tokens are ANDed", "停车难 WiFi", "停车 & 车难 & wifi"},
		{"operators are dropped", "停车 | !垃圾 & (a <-> b):* 'x' \\", "停车 & 垃圾 & a & b & x"},
		{"words that look like operators stay words", "停车 OR NOT", "停车 & or & not"},
		{"nothing to search", "&|!()", ""},
		{"empty", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := TSQuery(c.q)
			if got != c.want {
				t.Errorf("TSQuery(%q) = %q, want %q", c.q, got, c.want)
			}
			for _, term := range strings.Split(got, " & ") {
				if strings.ContainsFunc(term, func(r rune) bool { return !isLetterOrDigit(r) }) {
					t.Errorf("TSQuery(%q) has term %q with a character that is not a letter or digit", c.q, term)
				}
			}
		})
	}
}
