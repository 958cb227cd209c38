package web

import (
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/i18n"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/service"
)

func TestNavigationFitsWhoIsReading(t *testing.T) {
	anon := string(navLinks(&Page{Lang: i18n.ZH, Path: "/login"}))
	if !strings.Contains(anon, `<a href="/login" aria-current="page">登录`) || strings.Contains(anon, "/inbox") {
		t.Fatalf("anonymous navigation:\n%s", anon)
	}
	resident := &service.Principal{User: &account.User{ID: 1, NeighborhoodID: 3, Status: account.Verified},
		Actor: &access.Actor{UserID: 1, Grants: []access.Grant{{Role: access.Resident, PlaceID: 3, PlacePath: "/1/2/3/"}}}}
	html := string(navLinks(&Page{Lang: i18n.ZH, Path: "/inbox", P: resident, Unread: service.Unread{Inbox: 2}}))
	for _, want := range []string{`href="/board"`, `href="/cases"`, `<a href="/inbox" aria-current="page">`,
		`<span class="unread" aria-hidden="true">2</span>`} {
		if !strings.Contains(html, want) {
			t.Errorf("resident navigation lacks %q:\n%s", want, html)
		}
	}
	for _, never := range []string{"/workbench", "/verify", "/admin/audit", "/messages\" aria-current"} {
		if strings.Contains(html, never) {
			t.Errorf("resident navigation shows %q:\n%s", never, html)
		}
	}
	cadre := &service.Principal{User: &account.User{ID: 2, Status: account.Verified},
		Actor: &access.Actor{UserID: 2, Grants: []access.Grant{{Role: access.Cadre, PlaceID: 3, PlacePath: "/1/2/3/"}}}}
	if html := string(navLinks(&Page{Lang: i18n.EN, Path: "/", P: cadre})); !strings.Contains(html, `href="/workbench"`) ||
		!strings.Contains(html, `href="/admin/audit"`) || strings.Contains(html, `href="/cases"`) {
		t.Errorf("cadre navigation:\n%s", html)
	}
}

func TestBoardChipsMarkTheSectionAndSortShown(t *testing.T) {
	hall := &board.Section{ID: 5, Kind: board.Hall, Name: hostile}
	v := &service.BoardView{Neighborhood: &org.Place{ID: 3}, Sections: []*board.Section{hall, {ID: 6, Kind: "custom", Name: hostile}},
		Section: hall, Sort: board.Hot}
	html := string(boardChips(&Page{Lang: i18n.ZH}, &boardPageData{BoardView: v, Sorts: []board.Sort{board.Latest, board.Hot}}))
	for _, want := range []string{`href="/neighborhoods/3/board?section=5&amp;sort=hot" aria-current="page">议事厅`,
		`href="/neighborhoods/3/board?sort=hot&amp;section=5" aria-current="true">`, `href="/neighborhoods/3/board?sort=latest&amp;section=5">`} {
		if !strings.Contains(html, want) {
			t.Errorf("chips lack %q:\n%s", want, html)
		}
	}
	if strings.Contains(html, "<script>") {
		t.Errorf("a section name is not escaped:\n%s", html)
	}
}
