package textsearch

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// render writes segments with matches in brackets: "小区[停车]难".
func render(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		if s.Match {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func TestSnippet(t *testing.T) {
	long := "各位邻居好，" + strings.Repeat("物业通知", 10) + "。最近地下车库停车难，请大家有序停放车辆。"
	cases := []struct {
		name     string
		text     string
		q        string
		maxRunes int
		want     string
	}{
		{"short text shown whole", "小区停车难", "停车", 20, "小区[停车]难"},
		{"every occurrence marked", "停车难，停车贵", "停车", 20, "[停车]难，[停车]贵"},
		{"overlapping bigrams form one match", "地库停车难", "停车难", 20, "地库[停车难]"},
		{"a lone character matches inside a run", "小区停车难", "停", 20, "小区[停]车难"},
		{"Latin ignores case and width", "ＷｉＦｉ信号差，wifi 要修", "WIFI", 20, "[ＷｉＦｉ]信号差，[wifi] 要修"},
		{"Latin matches whole words only", "wifi6 和 wifi", "wifi", 20, "wifi6 和 [wifi]"},
		{"digits next to Chinese", "3号楼停电", "3号楼", 20, "[3号楼]停电"},
		{"several query tokens", "小区停车难，垃圾没人清", "停车 垃圾", 20, "小区[停车]难，[垃圾]没人清"},
		{"no match shows the start", long, "电梯", 8, "各位邻居好，物业"},
		{"no query shows the start", long, "", 8, "各位邻居好，物业"},
		{"the window opens a little before the match", long, "停车", 11, "下车库[停车]难，请大家有"},
		{"a match near the end fills the window backwards", long, "停放车辆", 12, "难，请大家有序[停放车辆]。"},
		{"a match at the very end", "一二三四五六七八九十停车", "停车", 5, "八九十[停车]"},
		{"a match longer than the window is cut", long, "停车难请大家有序停放", 3, "[停车难]"},
		{"a window of one character", "小区停车难", "停车", 1, "[停]"},
		{"no limit shows the whole text", "一二三停车四五", "停车", 0, "一二三[停车]四五"},
		{"empty text", "", "停车", 10, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			segs := Snippet(c.text, c.q, c.maxRunes)
			if got := render(segs); got != c.want {
				t.Errorf("Snippet(%q, %q, %d) = %q, want %q", c.text, c.q, c.maxRunes, got, c.want)
			}
			var joined string
			for i, s := range segs {
				if s.Text == "" || i > 0 && s.Match == segs[i-1].Match {
					t.Errorf("segments %+v: empty, or two of a kind side by side", segs)
				}
				joined += s.Text
			}
			if !strings.Contains(c.text, joined) {
				t.Errorf("segments %+v are not a contiguous piece of the text", segs)
			}
			if n := utf8.RuneCountInString(joined); c.maxRunes > 0 && n > c.maxRunes {
				t.Errorf("snippet has %d characters, more than %d", n, c.maxRunes)
			}
		})
	}
}

func FuzzSnippet(f *testing.F) {
	f.Add("小区停车难，3号楼WiFi信号差", "停车 wifi", 5)
	f.Add("停\xff车", "停", 1)
	f.Add("", "", 0)
	f.Fuzz(func(t *testing.T, text, q string, maxRunes int) {
		segs := Snippet(text, q, maxRunes)
		var joined string
		for _, s := range segs {
			joined += s.Text
		}
		if !strings.Contains(text, joined) {
			t.Fatalf("Snippet(%q, %q, %d) = %+v: not a piece of the text", text, q, maxRunes, segs)
		}
		if n := utf8.RuneCountInString(joined); maxRunes > 0 && n > maxRunes {
			t.Fatalf("Snippet(%q, %q, %d) has %d characters", text, q, maxRunes, n)
		}
		if maxRunes > 0 && len(text) > 0 && len(joined) == 0 {
			t.Fatalf("Snippet(%q, %q, %d) is empty", text, q, maxRunes)
		}
		for _, tok := range Tokens(text) {
			if tok == "" || strings.ContainsFunc(tok, func(r rune) bool { return !isLetterOrDigit(r) }) {
				t.Fatalf("Tokens(%q) has token %q", text, tok)
			}
		}
	})
}
