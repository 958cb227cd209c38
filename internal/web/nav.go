package web

import (
	"html/template"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/account"
)

// The navigation is on every page and the board's section chips on its
// busiest one; as templates they cost more than the rest of the page (see
// fragments.go), so they are written here.

// navItem is one link of the main navigation.
type navItem struct {
	href, key string
	badge     int  // unread items shown beside the link
	current   bool // may be marked as the page the reader is on
}

// navItems lists the links a person sees, in order.
func navItems(p *Page) []navItem {
	items := []navItem{{href: "/", key: "nav.home", current: true}}
	if !p.P.LoggedIn() {
		return append(items, navItem{href: "/login", key: "nav.login", current: true},
			navItem{href: "/register", key: "nav.register", current: true})
	}
	u, a := p.P.User, p.P.Actor
	staff := a.IsStaff()
	if u.NeighborhoodID != 0 || staff {
		items = append(items, navItem{href: "/board", key: "nav.board", current: true})
	}
	if u.NeighborhoodID != 0 {
		items = append(items, navItem{href: "/cases", key: "nav.my_cases", current: true})
	}
	if staff {
		items = append(items, navItem{href: "/workbench", key: "nav.workbench", current: true})
	}
	items = append(items, navItem{href: "/inbox", key: "nav.inbox", badge: p.Unread.Inbox, current: true},
		navItem{href: "/messages", key: "nav.messages", badge: p.Unread.Messages, current: true})
	if u.Status != account.Verified {
		items = append(items, navItem{href: "/verify", key: "nav.verify", current: true})
	}
	if staff {
		items = append(items, navItem{href: "/review", key: "nav.review", current: true})
		if len(a.Scopes(access.Patrol)) > 0 {
			items = append(items, navItem{href: "/patrol", key: "nav.patrol", current: true})
		}
		if len(a.Scopes(access.ApproveExtension)) > 0 {
			items = append(items, navItem{href: "/extensions", key: "nav.extensions", current: true})
		}
		items = append(items, navItem{href: "/admin/places", key: "nav.admin"},
			navItem{href: "/admin/audit", key: "nav.audit", current: true})
	}
	return items
}

// navLinks renders the main navigation's <li> items.
func navLinks(p *Page) template.HTML {
	var f frag
	for _, it := range navItems(p) {
		f.raw(`<li><a href="`)
		f.text(it.href)
		f.raw(`"`)
		if it.current && p.Path == it.href {
			f.raw(` aria-current="page"`)
		}
		f.raw(`>`)
		f.text(p.T(it.key))
		if b := p.UnreadBadge(it.badge); b != nil {
			f.raw(` <span class="unread" aria-hidden="true">`)
			f.num(b.Count)
			f.raw(`</span><span class="visually-hidden">`)
			f.text(b.Label)
			f.raw(`</span>`)
		}
		f.raw("</a></li>\n")
	}
	return f.html()
}

// boardChips renders a board's section chips and sort buttons.
func boardChips(p *Page, d *boardPageData) template.HTML {
	v := d.BoardView
	var f frag
	hood := v.Neighborhood.ID
	base := func() {
		f.raw(`/neighborhoods/`)
		f.id(hood)
		f.raw(`/board?`)
	}
	f.raw(`<nav aria-label="`)
	f.text(p.T("board.sections"))
	f.raw(`"><ul class="row plain chips">` + "\n" + `<li><a href="`)
	base()
	f.raw(`sort=`)
	f.text(string(v.Sort))
	f.raw(`"`)
	if v.Section == nil {
		f.raw(` aria-current="page"`)
	}
	f.raw(`>`)
	f.text(p.T("board.all"))
	f.raw("</a></li>\n")
	for _, sec := range v.Sections {
		f.raw(`<li><a href="`)
		base()
		f.raw(`section=`)
		f.id(sec.ID)
		f.raw(`&amp;sort=`)
		f.text(string(v.Sort))
		f.raw(`"`)
		if v.Section != nil && v.Section.ID == sec.ID {
			f.raw(` aria-current="page"`)
		}
		f.raw(`>`)
		f.text(p.SectionName(sec))
		f.raw("</a></li>\n")
	}
	f.raw("</ul></nav>\n<div class=\"row\">\n")
	for _, s := range d.Sorts {
		f.raw(`<a class="button secondary small" href="`)
		base()
		f.raw(`sort=`)
		f.text(string(s))
		if v.Section != nil {
			f.raw(`&amp;section=`)
			f.id(v.Section.ID)
		}
		f.raw(`"`)
		if s == v.Sort {
			f.raw(` aria-current="true"`)
		}
		f.raw(`>`)
		f.text(p.T("board.sort." + string(s)))
		f.raw("</a>")
	}
	f.raw("\n</div>\n")
	return f.html()
}
