package textsearch

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string
	}{
		{"a Chinese run becomes bigrams", "小区停车难", []string{"小区", "区停", "停车", "车难"}},
		{"two characters are one bigram", "停车", []string{"停车"}},
		{"a lone character is its own token", "停", []string{"停"}},
		{"digits and Latin next to Chinese are their own runs", "3号楼 WiFi信号差", []string{"3", "号楼", "wifi", "信号", "号差"}},
		{"full-width Latin folds to ASCII", "ＷｉＦｉ", []string{"wifi"}},
		{"full-width digits fold to ASCII", "２０２４年", []string{"2024", "年"}},
		{"Latin is lower-cased", "iPhone15PRO", []string{"iphone15pro"}},
		{"accented letters stay and are lower-cased", "CAFÉ", []string{"café"}},
		{"a space separates Chinese runs", "小区 停车", []string{"小区", "停车"}},
		{"Chinese punctuation separates", "停车，难！", []string{"停车", "难"}},
		{"ASCII punctuation separates", "e-mail: a.b", []string{"e", "mail", "a", "b"}},
		{"ideographic space separates", "小区\u3000停车", []string{"小区", "停车"}},
		{"emoji separate and vanish", "停车😀难👍", []string{"停车", "难"}},
		{"zero-width space separates", "停\u200b车", []string{"停", "车"}},
		{"repeats are kept", "停车停车", []string{"停车", "车停", "停车"}},
		{"traditional characters are Han", "停車場", []string{"停車", "車場"}},
		{"radicals are symbols, not Han letters", "⺁停车⼈", []string{"停车"}},
		{"kana is one word run", "東京タワー", []string{"東京", "タワー"}},
		{"Cyrillic is lower-cased", "Москва", []string{"москва"}},
		{"invalid UTF-8 separates", "停\xff车", []string{"停", "车"}},
		{"only punctuation", "…!?（）", nil},
		{"empty", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Tokens(c.in); !slices.Equal(got, c.want) {
				t.Errorf("Tokens(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestIndexText(t *testing.T) {
	cases := []struct {
		in   string
		want string
	}{
		{"小区停车难", "小区 区停 停车 车难"},
		{"3号楼 WiFi信号差！", "3 号楼 wifi 信号 号差"},
		{"  ", ""},
		{"", ""},
	}
	for _, c := range cases {
		if got := IndexText(c.in); got != c.want {
			t.Errorf("IndexText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Every token must be something the engines keep whole: letters and digits
// only, nothing their query syntax or tokenizers could split or interpret.
func TestTokensAreLettersAndDigits(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []rune("停车a Z9 ９Ｆ\"'*:^()&|!<->\\\u200b😀，。é\u0301")
	for range 2000 {
		rs := make([]rune, rng.IntN(20))
		for i := range rs {
			rs[i] = alphabet[rng.IntN(len(alphabet))]
		}
		s := string(rs)
		for _, tok := range Tokens(s) {
			if tok == "" || strings.ContainsFunc(tok, func(r rune) bool { return !isLetterOrDigit(r) }) {
				t.Fatalf("Tokens(%q) has token %q", s, tok)
			}
		}
		if got, want := IndexText(s), strings.Join(Tokens(s), " "); got != want {
			t.Fatalf("IndexText(%q) = %q, want the tokens joined: %q", s, got, want)
		}
	}
}

func BenchmarkIndexText(b *testing.B) {
	post := strings.Repeat("今天下午三点在小区东门集合，讨论3号楼地下车库停车难的问题，请各位业主准时参加。", 60)
	post = string([]rune(post)[:2000])
	b.SetBytes(int64(len(post)))
	for b.Loop() {
		IndexText(post)
	}
}
