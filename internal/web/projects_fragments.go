package web

import (
	"html/template"

	"github.com/linli-dev/linli/internal/projects"
	"github.com/linli-dev/linli/internal/service"
)

// timelineList renders a page of a project's timeline (the <li> items) in
// Go, like the board's repeated blocks (see fragments.go): a project with
// hundreds of updates shows fifty at a time, and through html/template those
// fifty were two thirds of the page's cost. Fixed strings are translated once
// per page; everything people typed is escaped.
func timelineList(p *Page, v *service.ProjectView) template.HTML {
	var f frag
	states := map[projects.State]string{}
	state := func(s projects.State) string {
		name, ok := states[s]
		if !ok {
			name = p.T("projects.state." + string(s))
			states[s] = name
		}
		return name
	}
	photoAlt := p.T("projects.update_photo_alt")
	for _, e := range v.Timeline {
		f.raw(`<li id="e`)
		f.id(e.ID)
		f.raw(`"><p class="muted">`)
		f.text(formatDate(e.CreatedAt))
		if e.ActorNickname != "" {
			f.raw(" · ")
			f.text(e.ActorNickname)
		}
		f.raw("</p>\n")
		switch e.Kind {
		case projects.KindMoved:
			f.raw(`<p><strong>`)
			f.text(state(e.ToState))
			f.raw(`</strong>`)
			if e.PollID != 0 {
				f.raw(" · ")
				f.text(p.T("projects.by_poll", e.PollID))
			}
			f.raw(`</p>`)
			if e.Note != "" {
				f.raw(`<p>`)
				f.text(e.Note)
				f.raw(`</p>`)
			}
		case projects.KindUpdate:
			f.raw(`<div class="body">`)
			for _, l := range lines(e.Body) {
				f.raw(`<p>`)
				f.raw(string(linkify(l)))
				f.raw(`</p>`)
			}
			f.raw(`</div>`)
			if len(e.Photos) > 0 {
				f.raw(`<div class="photos">`)
				for _, ph := range e.Photos {
					f.raw(`<a href="/photos/`)
					f.text(ph.Key)
					f.raw(`"><img src="/photos/`)
					f.text(ph.ThumbKey)
					f.raw(`" alt="`)
					f.text(photoAlt)
					f.raw(`" width="96" height="96" loading="lazy"></a>`)
				}
				f.raw(`</div>`)
			}
		case projects.KindMilestone, projects.KindMilestoneDone:
			f.raw(`<p>`)
			f.text(p.T("projects.event."+e.Kind, e.MilestoneTitle))
			f.raw(`</p>`)
		case projects.KindApproved:
			f.raw(`<p>`)
			f.text(p.T("projects.event.approved", e.PollID))
			f.raw(`</p>`)
		default:
			f.raw(`<p>`)
			f.text(p.T("projects.event." + e.Kind))
			f.raw(`</p>`)
		}
		f.raw("\n</li>\n")
	}
	return f.html()
}
