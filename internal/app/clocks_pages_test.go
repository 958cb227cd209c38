package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/testenv"
)

// fetchPage fetches a page and returns its status and HTML.
func fetchPage(t *testing.T, e *testenv.Env, c *testenv.Client, method, path string, form url.Values) (int, string) {
	t.Helper()
	var resp *http.Response
	var err error
	if method == "POST" {
		resp, err = c.HTTP.PostForm(e.URL+path, form)
	} else {
		resp, err = c.HTTP.Get(e.URL + path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The patrol page lists the cadre's overdue case and records the patrol;
// the extension pages take a request from the cadre and a refusal, then an
// approval, from the street.
func TestPatrolAndExtensionPages(t *testing.T) {
	e := testenv.SQLite(t)
	clock := testenv.NewClock(china(t, "2025-09-12 17:00"))
	e.UseCaseClock(clock)
	res := as(t, e, testenv.ResidentA)
	id := num(must(t, res, "POST", "/api/v1/cases", map[string]any{"category": "noise", "title": "深夜装修", "description": "楼上每天夜里十点后还在装修"}, 201)["id"])
	clock.Set(china(t, "2025-09-15 13:40"))
	if _, err := e.Svc.RunClocks(context.Background()); err != nil {
		t.Fatal(err)
	}
	cadre := as(t, e, testenv.CadreA)
	st, html := fetchPage(t, e, cadre, "GET", "/patrol", nil)
	if st != 200 || !strings.Contains(html, "深夜装修") || !strings.Contains(html, `href="/patrol"`) {
		t.Fatalf("patrol page: %d\n%s", st, html)
	}
	run := between(html, `action="/patrol/`, `/done"`)
	if st, _ := fetchPage(t, e, cadre, "POST", "/patrol/"+run+"/done", url.Values{}); st != 303 {
		t.Fatalf("mark patrolled: %d", st)
	}
	if _, html = fetchPage(t, e, cadre, "GET", "/patrol/"+run, nil); strings.Contains(html, `/done"`) {
		t.Fatal("the patrol still offers to be marked done")
	}
	if st, _ := fetchPage(t, e, as(t, e, testenv.ResidentA), "GET", "/patrol", nil); st != 403 {
		t.Fatalf("a resident's patrol page: %d", st)
	}

	must(t, cadre, "POST", fmt.Sprintf("/api/v1/cases/%d/moves", id), map[string]any{"action": "acknowledge"}, 200)
	ext := fmt.Sprintf("/cases/%d/extensions", id)
	if st, html := fetchPage(t, e, cadre, "POST", ext, url.Values{"hours": {"abc"}, "reason": {"等业主回来"}}); st != 422 || !strings.Contains(html, `id="hours-err"`) {
		t.Fatalf("hours mistyped: %d\n%s", st, html)
	}
	if st, _ := fetchPage(t, e, cadre, "POST", ext, url.Values{"hours": {"6"}, "reason": {"等业主出差回来"}}); st != 303 {
		t.Fatalf("request: %d", st)
	}
	street := as(t, e, testenv.StreetAdmin)
	st, html = fetchPage(t, e, street, "GET", "/extensions", nil)
	if st != 200 || !strings.Contains(html, "等业主出差回来") {
		t.Fatalf("the street's queue: %d\n%s", st, html)
	}
	x := between(html, `action="/extensions/`, `/decision"`)
	if st, html := fetchPage(t, e, street, "POST", "/extensions/"+x+"/decision", url.Values{"approve": {"0"}, "from": {"queue"}}); st != 422 {
		t.Fatalf("a refusal without a reason: %d\n%s", st, html)
	}
	if st, _ := fetchPage(t, e, street, "POST", "/extensions/"+x+"/decision", url.Values{"approve": {"1"}, "from": {"case"}}); st != 303 {
		t.Fatalf("approve: %d", st)
	}
	if _, html = fetchPage(t, e, cadre, "GET", ext, nil); !strings.Contains(html, "已批准") {
		t.Fatalf("the case's extensions after approval:\n%s", html)
	}
}

// between returns the text of s between the first from and the next to.
func between(s, from, to string) string {
	_, after, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, to)
	return v
}
