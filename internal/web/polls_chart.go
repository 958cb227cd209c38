package web

import (
	"html/template"

	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/polls"
)

// pollBars draws a poll's counts as a list of horizontal bars in SVG, on the
// server: each option's words, its bar (scaled to the largest count) and its
// count in words beside it, so the figures read without the picture. For an
// owners' vote the floor area follows the count. The live script updates the
// counts and bar widths it finds by data-pos.
func pollBars(p *Page, poll *polls.Poll, opts []polls.Option) template.HTML {
	top := 1
	for _, o := range opts {
		top = max(top, o.Votes)
	}
	var f frag
	f.raw(`<ul class="plain bars" data-live="`)
	f.id(poll.ID)
	f.raw(`">`)
	for i, o := range opts {
		f.raw(`<li><span class="bar-label">`)
		f.text(optionLabel(p, poll.Kind, o))
		f.raw(`</span><svg class="pollbar" viewBox="0 0 1000 28" preserveAspectRatio="none" width="100%" height="28" aria-hidden="true"><rect x="0" y="0" height="28" width="`)
		f.num(o.Votes * 1000 / top)
		f.raw(`" fill="`)
		f.raw(barColors[i%len(barColors)])
		f.raw(`" data-pos="`)
		f.num(o.Position)
		f.raw(`"/></svg><span class="bar-count">`)
		f.raw(`<strong data-pos="`)
		f.num(o.Position)
		f.raw(`">`)
		f.num(o.Votes)
		f.raw(`</strong> `)
		f.text(p.T("polls.votes_unit"))
		if poll.Weighted() {
			f.raw(` · `)
			f.text(p.T("polls.area_m2", org.FormatArea(o.Area)))
		}
		f.raw(`</span></li>`)
	}
	f.raw(`</ul>`)
	return f.html()
}
