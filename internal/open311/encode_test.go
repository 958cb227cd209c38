package open311

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
)

var awkward = []string{"", "plain", "中文 描述\n第二行", `quote " backslash \ slash /`, "<script>&amp;</script>", "tab\tcr\rnul\x00bell\x07",
	"line\u2028para\u2029", "emoji 🚲", "bad \xff utf-8 \xc3", "\ufffd genuine", "del\x7f", "\ufffe\uffff"}

// FuzzJSONString checks the hand-written quoting against encoding/json: the
// same string must come back, and the document must be valid JSON.
func FuzzJSONString(f *testing.F) {
	for _, s := range awkward {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := appendJSONString(nil, s)
		if !json.Valid(got) {
			t.Fatalf("%q: invalid JSON %s", s, got)
		}
		var a, b string
		want, _ := json.Marshal(s)
		_ = json.Unmarshal(want, &a)
		if err := json.Unmarshal(got, &b); err != nil || a != b {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
		if strings.ContainsAny(string(got), "<>&\u2028\u2029") {
			t.Fatalf("%q: not HTML-safe: %s", s, got)
		}
	})
}

// FuzzXMLText checks that any text makes a well-formed element that reads
// back as the text, less what XML cannot carry.
func FuzzXMLText(f *testing.F) {
	for _, s := range awkward {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := "<x>" + string(appendXMLText(nil, s)) + "</x>"
		var v struct {
			Text string `xml:",chardata"`
		}
		if err := xml.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatalf("%q: %v: %s", s, err, doc)
		}
		keep := strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r != 0xFFFE && r != 0xFFFF) {
				return r
			}
			return -1
		}, strings.ToValidUTF8(s, "\x00"))
		if v.Text != keep {
			t.Fatalf("%q: read back %q, want %q", s, v.Text, keep)
		}
	})
}
