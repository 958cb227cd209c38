package web

import (
	"html/template"
	"regexp"
	"strings"

	"github.com/linli-dev/linli/internal/textsearch"
)

// lines splits plain text into its lines; each becomes a paragraph. Residents
// write plain text: nothing they type is ever taken as HTML.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

var urlPattern = regexp.MustCompile(`https?://[^\s<>"'，。；！？、）】]+`)

// linkify escapes a line and turns web addresses into links that carry no
// referrer and no ranking credit.
func linkify(s string) template.HTML {
	if !strings.Contains(s, "http") {
		return template.HTML(template.HTMLEscapeString(s))
	}
	var b strings.Builder
	last := 0
	for _, m := range urlPattern.FindAllStringIndex(s, -1) {
		b.WriteString(template.HTMLEscapeString(s[last:m[0]]))
		u := template.HTMLEscapeString(s[m[0]:m[1]])
		b.WriteString(`<a href="` + u + `" rel="nofollow ugc noopener noreferrer">` + u + `</a>`)
		last = m[1]
	}
	b.WriteString(template.HTMLEscapeString(s[last:]))
	return template.HTML(b.String())
}

// highlight shows up to max runes of text around the query's first match,
// with every match marked.
func highlight(text, q string, max int) template.HTML {
	var b strings.Builder
	for _, seg := range textsearch.Snippet(text, q, max) {
		if seg.Match {
			b.WriteString("<mark>" + template.HTMLEscapeString(seg.Text) + "</mark>")
		} else {
			b.WriteString(template.HTMLEscapeString(seg.Text))
		}
	}
	return template.HTML(b.String())
}
