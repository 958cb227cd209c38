package web

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/linli-dev/linli/internal/service"
)

// The board's topic list and a topic's comments are the two places where one
// page repeats a block up to a hundred times. html/template evaluates every
// action of every repetition through reflection, which made these pages cost
// four times their JSON twins. So the repeated blocks are written here, in Go,
// with each fixed string translated once per page; everything a person typed
// goes through template.HTMLEscapeString (or linkify, which escapes too).
// fragments_test.go checks the escaping.

// frag builds an HTML fragment.
type frag struct{ strings.Builder }

func (f *frag) raw(s string)  { f.WriteString(s) }
func (f *frag) text(s string) { f.WriteString(template.HTMLEscapeString(s)) }
func (f *frag) id(n int64)    { f.WriteString(strconv.FormatInt(n, 10)) }
func (f *frag) num(n int)     { f.WriteString(strconv.Itoa(n)) }
func (f *frag) html() template.HTML {
	return template.HTML(f.String())
}

// topicList renders a board page's topics (the <li> items).
func topicList(p *Page, v *service.BoardView) template.HTML {
	var f frag
	if len(v.Page.Topics) == 0 {
		f.raw(`<li class="muted">`)
		f.text(p.T("board.empty"))
		f.raw(`</li>`)
		return f.html()
	}
	pinned, badge, hot := p.T("board.pinned"), p.T("user.party_badge"), p.T("board.hot")
	categories := map[string]string{}
	for _, t := range v.Page.Topics {
		f.raw("<li class=\"card\">\n  <h2 class=\"topic-title\"><a href=\"/topics/")
		f.id(t.ID)
		f.raw(`">`)
		if t.Pinned {
			f.raw(`<span class="badge">`)
			f.text(pinned)
			f.raw(`</span> `)
		}
		f.text(t.Title)
		f.raw("</a></h2>\n  <p class=\"muted\">")
		f.text(t.AuthorNickname)
		if t.AuthorBadge {
			f.raw(` <span class="badge">`)
			f.text(badge)
			f.raw(`</span>`)
		}
		cat, ok := categories[t.Category]
		if !ok {
			cat = p.T("category." + t.Category)
			categories[t.Category] = cat
		}
		f.raw(" · ")
		f.text(cat)
		f.raw(" · ")
		f.text(formatDate(t.CreatedAt))
		f.raw("</p>\n  <p class=\"muted\">")
		f.text(p.T("board.counts", t.CommentCount, t.LikeCount, t.ReadCount))
		if t.IsHot(v.Neighborhood.ResidentCount) {
			f.raw(` · <strong>`)
			f.text(hot)
			f.raw(`</strong>`)
		}
		f.raw("</p>\n</li>\n")
	}
	return f.html()
}

// commentList renders a topic's comments (the <li> items) with the actions
// the viewer may take on each.
func commentList(p *Page, v *service.TopicView) template.HTML {
	var f frag
	if len(v.Comments) == 0 {
		f.raw(`<li class="muted">`)
		f.text(p.T("board.no_comments"))
		f.raw(`</li>`)
		return f.html()
	}
	badge, like, unlike, del := p.T("user.party_badge"), p.T("board.like"), p.T("board.unlike"), p.T("board.delete")
	reason, hide := p.T("moderation.reason"), p.T("moderation.hide")
	topic := strconv.FormatInt(v.Topic.ID, 10)
	for _, c := range v.Comments {
		id := strconv.FormatInt(c.ID, 10)
		f.raw(`<li id="c` + id + `" class="card`)
		if c.ParentID != 0 {
			f.raw(` reply`)
		}
		f.raw("\">\n  <p class=\"muted\">")
		f.text(c.AuthorNickname)
		if c.AuthorBadge {
			f.raw(` <span class="badge">`)
			f.text(badge)
			f.raw(`</span>`)
		}
		f.raw(" · ")
		f.text(formatDate(c.CreatedAt))
		f.raw("</p>\n  ")
		for _, l := range lines(c.Body) {
			f.raw(`<p>`)
			f.raw(string(linkify(l)))
			f.raw(`</p>`)
		}
		if v.CanComment {
			liked := v.LikedComments[c.ID]
			on, pressed, label := "1", "false", like
			if liked {
				on, pressed, label = "0", "true", unlike
			}
			f.raw("\n  <form method=\"post\" action=\"/comments/" + id + `/like"><input type="hidden" name="next" value="/topics/` + topic + `#c` + id +
				`"><input type="hidden" name="on" value="` + on + "\">\n  <button type=\"submit\" class=\"link-dark\" aria-pressed=\"" + pressed + `">`)
			f.text(label)
			f.raw(` (`)
			f.num(c.LikeCount)
			f.raw(`)</button></form>`)
		}
		if c.AuthorID == v.Viewer {
			f.raw("\n  <form method=\"post\" action=\"/comments/" + id + `/delete"><input type="hidden" name="next" value="/topics/` + topic +
				`"><button type="submit" class="link-dark">`)
			f.text(del)
			f.raw(`</button></form>`)
		}
		if v.CanModerate {
			f.raw("\n  <form class=\"row\" method=\"post\" action=\"/comments/" + id + `/moderation"><input type="hidden" name="next" value="/topics/` + topic +
				"\">\n    <label for=\"hide-" + id + `" class="visually-hidden">`)
			f.text(reason)
			f.raw(`</label><input id="hide-` + id + `" name="reason" type="search" placeholder="`)
			f.text(reason)
			f.raw("\">\n    <button type=\"submit\" class=\"secondary\" name=\"action\" value=\"hide\">")
			f.text(hide)
			f.raw(`</button></form>`)
		}
		f.raw("\n</li>\n")
	}
	return f.html()
}
