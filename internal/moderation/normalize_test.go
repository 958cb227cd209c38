package moderation

import (
	"testing"
	"unicode"
)

func TestNormalize(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want string
	}{
		{"plain Chinese stays", "傻逼", "傻逼"},
		{"ASCII is lower-cased", "FuCk", "fuck"},
		{"full-width letters fold to ASCII", "ＦＵＣＫ", "fuck"},
		{"full-width digits fold to ASCII", "１２３", "123"},
		{"full-width punctuation is dropped", "傻！逼？", "傻逼"},
		{"ASCII spaces are dropped", "傻 逼", "傻逼"},
		{"ideographic space is dropped", "傻\u3000逼", "傻逼"},
		{"tabs and newlines are dropped", "傻\t\n逼", "傻逼"},
		{"zero-width space", "傻\u200b逼", "傻逼"},
		{"zero-width non-joiner and joiner", "傻\u200c\u200d逼", "傻逼"},
		{"left-to-right and right-to-left marks", "傻\u200e\u200f逼", "傻逼"},
		{"word joiner", "傻\u2060逼", "傻逼"},
		{"byte order mark", "\ufeff傻逼", "傻逼"},
		{"Hangul filler", "傻\u3164逼", "傻逼"},
		{"dots between letters", "f.u.c.k", "fuck"},
		{"Chinese punctuation", "傻，逼。", "傻逼"},
		{"symbols", "傻★逼$", "傻逼"},
		{"emoji", "傻😀逼👍🏻", "傻逼"},
		{"combining marks", "f\u0301u\u0308ck", "fuck"},
		{"Chinese and digits kept in order", "3号楼 Ａ座", "3号楼a座"},
		{"Cyrillic is lower-cased but not folded to Latin", "ФУ", "фу"},
		{"invalid UTF-8 is dropped", "傻\xff逼", "傻逼"},
		{"nothing but punctuation", "…!?", ""},
		{"empty", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Normalize(c.in); got != c.want {
				t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// fold takes a short path for the CJK Unified Ideographs block; it must agree
// with what the general path would decide.
func TestFoldShortPathForChinese(t *testing.T) {
	for r := '\u4E00'; r <= '\u9FFF'; r++ {
		if !unicode.IsLetter(r) || unicode.ToLower(r) != r {
			t.Fatalf("U+%04X is not a caseless letter, yet fold keeps it unchanged", r)
		}
		if got, ok := fold(r); !ok || got != r {
			t.Fatalf("fold(U+%04X) = U+%04X, %v; want it unchanged", r, got, ok)
		}
	}
}
