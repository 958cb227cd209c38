package moderation

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// matched renders the matches as the original text each one covers, which
// checks the offsets and the words together.
func matched(text string, ms []Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Word+"@"+text[m.Start:m.End])
	}
	return out
}

func TestFindEvasions(t *testing.T) {
	l := NewList([]string{"傻逼", "fuck", "法轮功"})
	cases := []struct {
		name string
		text string
		want []string // word@covered original text
	}{
		{"plain", "你真是个傻逼啊", []string{"傻逼@傻逼"}},
		{"space between", "你真是个傻 逼啊", []string{"傻逼@傻 逼"}},
		{"ideographic space", "傻\u3000逼", []string{"傻逼@傻\u3000逼"}},
		{"several spaces and a tab", "傻  \t 逼", []string{"傻逼@傻  \t 逼"}},
		{"zero-width space", "傻\u200b逼", []string{"傻逼@傻\u200b逼"}},
		{"zero-width joiner and BOM", "傻\u200d\ufeff逼", []string{"傻逼@傻\u200d\ufeff逼"}},
		{"full-width upper case", "ＦＵＣＫ you", []string{"fuck@ＦＵＣＫ"}},
		{"mixed case", "FuCk", []string{"fuck@FuCk"}},
		{"dots between letters", "f.u.c.k!", []string{"fuck@f.u.c.k"}},
		{"dashes and underscores", "f-u_c k", []string{"fuck@f-u_c k"}},
		{"full-width punctuation between", "傻！逼", []string{"傻逼@傻！逼"}},
		{"emoji between characters", "法😀轮🌸功", []string{"法轮功@法😀轮🌸功"}},
		{"combining mark on a letter", "fu\u0308ck", []string{"fuck@fu\u0308ck"}},
		{"across a line break", "傻\n逼", []string{"傻逼@傻\n逼"}},
		{"twice", "傻逼，傻逼", []string{"傻逼@傻逼", "傻逼@傻逼"}},
		{"two different words", "fuck 法轮功", []string{"fuck@fuck", "法轮功@法轮功"}},
		{"at the very start and end", "fuck傻逼", []string{"fuck@fuck", "傻逼@傻逼"}},
		{"only the first character", "你傻吗", nil},
		{"reversed", "逼傻", nil},
		{"a letter between is not evasion", "傻a逼", nil},
		{"a Chinese character between is not evasion", "傻大逼", nil},
		{"clean post", "明天上午九点小区停水，请提前储水。", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := matched(c.text, l.Find(c.text))
			if !slices.Equal(got, c.want) {
				t.Errorf("Find(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
}

// Spaces and punctuation are ignored, so a word is found across innocent word
// boundaries and inside longer words. That is expected (see the package doc):
// the post goes to a person, who lets it through.
func TestFindAcrossInnocentWords(t *testing.T) {
	l := NewList([]string{"sb", "ass"})
	cases := []struct {
		text string
		want []string
	}{
		{"it's bad", []string{"sb@s b"}},
		{"class starts at 9", []string{"ass@ass"}},
		{"was Sue there", []string{"ass@as S"}},
	}
	for _, c := range cases {
		if got := matched(c.text, l.Find(c.text)); !slices.Equal(got, c.want) {
			t.Errorf("Find(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestFindOverlappingWords(t *testing.T) {
	l := NewList([]string{"逼", "傻逼", "傻逼玩意", "玩意儿"})
	text := "这傻逼玩意儿"
	want := []string{"傻逼玩意@傻逼玩意", "傻逼@傻逼", "逼@逼", "玩意儿@玩意儿"}
	if got := matched(text, l.Find(text)); !slices.Equal(got, want) {
		t.Errorf("Find(%q) = %q, want %q", text, got, want)
	}
	m, ok := l.First(text)
	if !ok || m.Word != "傻逼玩意" || text[m.Start:m.End] != "傻逼玩意" {
		t.Errorf("First(%q) = %+v, %v; want the longest word at the earliest start", text, m, ok)
	}
}

// A word that is a suffix of another is reported through the automaton's
// dictionary links even when the scan is in the middle of a longer word, and
// even when the links pass through a prefix that is not itself a word.
func TestFindSuffixWords(t *testing.T) {
	cases := []struct {
		name  string
		words []string
		text  string
		want  []string
	}{
		{"suffixes that are words", []string{"abcd", "bc", "c"}, "xabcx", []string{"bc@bc", "c@c"}},
		{"a suffix reached through a non-word prefix", []string{"abcd", "bcd", "c"}, "xabcx", []string{"c@c"}},
		{"a failed long word resumes in a shorter one", []string{"abcd", "bce"}, "abce", []string{"bce@bce"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := matched(c.text, NewList(c.words).Find(c.text)); !slices.Equal(got, c.want) {
				t.Errorf("Find(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
}

func TestFindOffsets(t *testing.T) {
	l := NewList([]string{"ＦＵＣＫ"})
	text := "好的 f\u200bＵ.c ｋ，再见"
	ms := l.Find(text)
	if len(ms) != 1 {
		t.Fatalf("Find(%q) = %+v, want one match", text, ms)
	}
	m := ms[0]
	if m.Word != "ＦＵＣＫ" {
		t.Errorf("Word = %q, want the entry as configured", m.Word)
	}
	if m.Start != len("好的 ") || m.End != len("好的 f\u200bＵ.c ｋ") {
		t.Errorf("Start, End = %d, %d; want %d, %d", m.Start, m.End, len("好的 "), len("好的 f\u200bＵ.c ｋ"))
	}
}

func TestFirst(t *testing.T) {
	l := NewList([]string{"abcde", "cd", "x"})
	cases := []struct {
		text string
		want string // word@covered text, "" when clean
	}{
		// "cd" ends first, but "abcde" starts earlier.
		{"abcde", "abcde@abcde"},
		{"cd abcde", "cd@cd"},
		{"x abcde", "x@x"},
		{"abc d x", "cd@c d"},
		{"clean", ""},
		{"", ""},
	}
	for _, c := range cases {
		m, ok := l.First(c.text)
		got := ""
		if ok {
			got = m.Word + "@" + c.text[m.Start:m.End]
		}
		if got != c.want {
			t.Errorf("First(%q) = %q, want %q", c.text, got, c.want)
		}
		if all := l.Find(c.text); ok != (len(all) > 0) || ok && all[0] != m {
			t.Errorf("First(%q) = %+v, %v; Find's first is %+v", c.text, m, ok, all)
		}
	}
}

func TestNewList(t *testing.T) {
	cases := []struct {
		name  string
		words []string
		len   int
	}{
		{"nil", nil, 0},
		{"empty entries and punctuation-only entries are skipped", []string{"", " ", "！？", "\u200b"}, 0},
		{"spellings that normalize alike count once", []string{"傻逼", "傻 逼", "傻\u200b逼", "FUCK", "ｆｕｃｋ"}, 2},
		{"overlapping words are distinct", []string{"傻逼", "逼", "傻"}, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := NewList(c.words).Len(); got != c.len {
				t.Errorf("NewList(%q).Len() = %d, want %d", c.words, got, c.len)
			}
		})
	}
}

func TestFirstSpellingIsReported(t *testing.T) {
	l := NewList([]string{"傻 逼", "傻逼"})
	if ms := l.Find("傻逼"); len(ms) != 1 || ms[0].Word != "傻 逼" {
		t.Errorf("Find = %+v, want one match reported as the first entry %q", ms, "傻 逼")
	}
}

func TestEmptyListAndText(t *testing.T) {
	lists := map[string]*List{
		"nil list":   nil,
		"empty list": NewList(nil),
		"list":       NewList([]string{"傻逼"}),
	}
	for name, l := range lists {
		if ms := l.Find(""); ms != nil {
			t.Errorf("%s: Find(\"\") = %+v, want nil", name, ms)
		}
		if _, ok := l.First(""); ok {
			t.Errorf("%s: First(\"\") found a match", name)
		}
		if name != "list" {
			if ms := l.Find("傻逼"); ms != nil {
				t.Errorf("%s: Find(%q) = %+v, want nil", name, "傻逼", ms)
			}
		}
	}
}

// A word longer than the scanner's fixed buffer of recent offsets still maps
// back to its start.
func TestFindLongWord(t *testing.T) {
	word := strings.Repeat("长", 100) + "词"
	text := "前" + strings.Repeat("长 ", 150) + "词后"
	ms := NewList([]string{word}).Find(text)
	want := "前" + strings.Repeat("长 ", 50)
	if len(ms) != 1 || ms[0].Start != len(want) || ms[0].End != len(text)-len("后") {
		t.Errorf("Find = %+v, want one match from %d to %d", ms, len(want), len(text)-len("后"))
	}
}

// naiveCount counts the occurrences, overlapping, of each normalized word in
// the normalized text: what the automaton must agree with.
func naiveCount(words []string, text string) int {
	n := []rune(Normalize(text))
	seen := map[string]bool{}
	count := 0
	for _, w := range words {
		nw := []rune(Normalize(w))
		if len(nw) == 0 || seen[string(nw)] {
			continue
		}
		seen[string(nw)] = true
		for i := 0; i+len(nw) <= len(n); i++ {
			if slices.Equal(n[i:i+len(nw)], nw) {
				count++
			}
		}
	}
	return count
}

// boundaries returns the offsets at which ranging over s starts a rune, and
// len(s).
func boundaries(s string) map[int]bool {
	b := map[int]bool{len(s): true}
	for i := range s {
		b[i] = true
	}
	return b
}

// checkFind checks Find and First on one list and text against a naive
// search and against the promises Match makes about offsets and order.
func checkFind(t *testing.T, words []string, text string) {
	t.Helper()
	l := NewList(words)
	ms := l.Find(text)
	if want := naiveCount(words, text); len(ms) != want {
		t.Fatalf("NewList(%q).Find(%q) found %d matches, a naive search %d", words, text, len(ms), want)
	}
	bounds := boundaries(text)
	for i, m := range ms {
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End || !bounds[m.Start] || !bounds[m.End] {
			t.Fatalf("match %+v is not a range of whole characters in %q", m, text)
		}
		if Normalize(text[m.Start:m.End]) != Normalize(m.Word) {
			t.Fatalf("match %+v covers %q, which does not normalize to the word", m, text[m.Start:m.End])
		}
		if utf8.ValidString(text) && !utf8.ValidString(text[m.Start:m.End]) {
			t.Fatalf("match %+v cuts a character in %q", m, text)
		}
		if i > 0 && compareMatches(ms[i-1], m) >= 0 {
			t.Fatalf("matches out of order: %+v before %+v", ms[i-1], m)
		}
	}
	first, ok := l.First(text)
	if ok != (len(ms) > 0) || ok && first != ms[0] {
		t.Fatalf("First(%q) = %+v, %v; Find's first is %+v", text, first, ok, ms)
	}
}

// Random lists and texts over a tiny alphabet produce many overlapping and
// nested words, which is where an automaton goes wrong.
func TestFindAgreesWithNaiveSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("ab傻逼 .Ａ\u200b")
	randomString := func(maxRunes int) string {
		rs := make([]rune, rng.IntN(maxRunes+1))
		for i := range rs {
			rs[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(rs)
	}
	for range 2000 {
		words := make([]string, 1+rng.IntN(6))
		for i := range words {
			words[i] = randomString(4)
		}
		checkFind(t, words, randomString(30))
	}
}

func FuzzFind(f *testing.F) {
	f.Add("傻逼", "你这个傻 逼")
	f.Add("ＦＵＣＫ", "f.u.c.k\u200b")
	f.Add("aa", "aaaa")
	f.Add("逼", "傻\xff逼\xe4\xb8")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, word, text string) {
		checkFind(t, []string{word, "傻逼", "逼", "fuck", "uc", "aa"}, text)
	})
}

// One List serves every request; run with -race to see it needs no locking.
func TestConcurrentFind(t *testing.T) {
	l := NewList([]string{"傻逼", "逼", "fuck"})
	text := "傻 逼 and f.u.c.k"
	want := matched(text, l.Find(text))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				if got := matched(text, l.Find(text)); !slices.Equal(got, want) {
					t.Errorf("concurrent Find = %q, want %q", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}
