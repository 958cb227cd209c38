package app_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/testenv"
)

// navLink returns the HTML inside the navigation's link to href on a page
// the client fetches.
func navLink(t *testing.T, c *testenv.Client, page, href string) string {
	t.Helper()
	st, body := c.Do("GET", page, nil)
	if st != 200 {
		t.Fatalf("%s: %d", page, st)
	}
	raw := body["_raw"].(string)
	nav := raw[strings.Index(raw, `<nav class="main"`):]
	nav = nav[:strings.Index(nav, "</nav>")]
	m := regexp.MustCompile(`<a href="` + regexp.QuoteMeta(href) + `"[^>]*>(.*?)</a>`).FindStringSubmatch(nav)
	if m == nil {
		t.Fatalf("%s: no link to %s in the navigation:\n%s", page, href, nav)
	}
	return m[1]
}

// unreadIn reads the count beside a navigation link, 0 when none shows.
func unreadIn(t *testing.T, link string) int {
	t.Helper()
	m := regexp.MustCompile(`<span class="unread" aria-hidden="true">(\d+)</span><span class="visually-hidden">([^<]*)</span>`).FindStringSubmatch(link)
	if m == nil {
		if strings.Contains(link, "unread") {
			t.Fatalf("a count without its spoken label: %s", link)
		}
		return 0
	}
	var n int
	fmt.Sscan(m[1], &n)
	if !strings.Contains(m[2], m[1]) {
		t.Fatalf("the spoken label %q does not say %s", m[2], m[1])
	}
	return n
}

func TestTheNavigationCountsWhatIsUnread(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		board := fmt.Sprintf("/neighborhoods/%d/board", e.A.ID)
		secretary := e.Client(t)
		secretary.Login(testenv.SecretaryA)
		if n := unreadIn(t, navLink(t, secretary, board, "/messages")); n != 0 {
			t.Fatalf("before anyone wrote, the secretary's nav shows %d", n)
		}

		resident := e.Client(t)
		resident.Login(testenv.ResidentA)
		st, body := resident.Do("POST", "/api/v1/messages", map[string]any{"body": "我家楼上漏水，能不能帮忙协调？"})
		if st != 201 {
			t.Fatalf("to the committee: %d %v", st, body)
		}
		thread := int64(body["id"].(float64))
		link := navLink(t, secretary, board, "/messages")
		if n := unreadIn(t, link); n != 1 || !strings.Contains(link, "（1 条未读）") {
			t.Fatalf("after a resident wrote, the secretary's messages link: %s", link)
		}
		// Everyone who answers the committee sees it; no one else does.
		for who, want := range map[string]int{testenv.CadreA: 1, testenv.StreetAdmin: 1, testenv.DistrictAdmin: 1, testenv.CadreB: 0, testenv.ResidentB: 0} {
			c := e.Client(t)
			c.Login(who)
			if n := unreadIn(t, navLink(t, c, "/", "/messages")); n != want {
				t.Errorf("%s's nav shows %d unread messages, want %d", who, n, want)
			}
		}
		if n := unreadIn(t, navLink(t, resident, "/", "/messages")); n != 0 {
			t.Fatalf("the writer's own message counts as unread for them: %d", n)
		}
		if _, me := secretary.Do("GET", "/api/v1/me", nil); fmt.Sprint(me["unread"]) != "map[inbox:0 messages:1]" {
			t.Fatalf("the secretary's /me: %v", me["unread"])
		}

		// Reading the thread clears it, on that very page.
		if n := unreadIn(t, navLink(t, secretary, fmt.Sprintf("/messages/%d", thread), "/messages")); n != 0 {
			t.Fatalf("on the thread's page the secretary's nav still shows %d", n)
		}
		if n := unreadIn(t, navLink(t, secretary, board, "/messages")); n != 0 {
			t.Fatalf("after reading, the secretary's nav shows %d", n)
		}

		// The reply waits for the resident; a comment on their topic waits in their inbox.
		if st, _ := secretary.Do("POST", fmt.Sprintf("/api/v1/messages/%d/replies", thread), map[string]any{"body": "明天上午去看"}); st != 204 {
			t.Fatalf("reply: %d", st)
		}
		secs := boardSections(t, resident, e.A.ID)
		_, topic := resident.Do("POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["hall"]), map[string]any{"title": "漏水", "body": "楼上漏水", "category": "property"})
		secretary.Do("POST", fmt.Sprintf("/api/v1/topics/%d/comments", int64(topic["id"].(float64))), map[string]any{"body": "已联系物业"})
		secretary.Do("POST", fmt.Sprintf("/api/v1/topics/%d/comments", int64(topic["id"].(float64))), map[string]any{"body": "明天上午维修"})
		if n := unreadIn(t, navLink(t, resident, board, "/messages")); n != 1 {
			t.Fatalf("the resident's nav after the reply: %d", n)
		}
		resident.Do("GET", "/lang/en?next=/", nil)
		link = navLink(t, resident, board, "/inbox")
		if n := unreadIn(t, link); n != 2 || !strings.Contains(link, " (2 unread)") {
			t.Fatalf("the resident's inbox link after two comments: %s", link)
		}
		if n := unreadIn(t, navLink(t, resident, "/inbox", "/inbox")); n != 0 {
			t.Fatalf("on the inbox page itself: %d", n)
		}
	})
}
