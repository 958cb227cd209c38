package app_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/testenv"
)

// page fetches a page as c and returns its status and text.
func page(t *testing.T, e *testenv.Env, c *testenv.Client, path string) (int, string) {
	t.Helper()
	resp, err := c.HTTP.Get(e.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// post submits a form as c and returns the status and redirect target.
func post(t *testing.T, e *testenv.Env, c *testenv.Client, path string, form url.Values) (int, string) {
	t.Helper()
	resp, err := c.HTTP.PostForm(e.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusSeeOther {
		return resp.StatusCode, resp.Header.Get("Location")
	}
	return resp.StatusCode, string(b)
}

// TestCasePagesWithoutJavaScript walks the loop through the forms: report,
// acknowledge, assign, resolve, confirm; every page renders for whoever may
// see it and a bad form comes back with its message.
func TestCasePagesWithoutJavaScript(t *testing.T) {
	e := testenv.SQLite(t)
	w := newCaseWorld(t, e)
	resident, cadre, property, street := as(t, e, testenv.ResidentA), as(t, e, testenv.CadreA), as(t, e, propertyA), as(t, e, testenv.StreetAdmin)
	if st, body := page(t, e, resident, "/cases/new"); st != 200 || !strings.Contains(body, "1号楼") {
		t.Fatalf("report form: %d", st)
	}
	st, body := post(t, e, resident, "/cases", url.Values{"category": {"facilities"}, "place": {fmt.Sprint(e.BuildingA.ID)}, "description": {""}})
	if st != 422 || !strings.Contains(body, "请填写这一项") {
		t.Fatalf("empty report: %d", st)
	}
	st, loc := post(t, e, resident, "/cases", url.Values{"category": {"facilities"}, "place": {fmt.Sprint(e.BuildingA.ID)},
		"description": {"电梯按钮失灵\n三楼按了不亮"}})
	if st != 303 || !strings.HasPrefix(loc, "/cases/") {
		t.Fatalf("report: %d %s", st, loc)
	}
	path := strings.Split(loc, "?")[0]
	var id int64
	fmt.Sscanf(path, "/cases/%d", &id)
	if st, body := page(t, e, resident, loc); st != 200 || !strings.Contains(body, "电梯按钮失灵") || !strings.Contains(body, "已提交") {
		t.Fatalf("case page: %d", st)
	}
	for _, p := range []string{"/cases", fmt.Sprintf("/neighborhoods/%d/cases", e.A.ID)} {
		if st, body := page(t, e, resident, p); st != 200 || !strings.Contains(body, "电梯按钮失灵") {
			t.Fatalf("%s: %d", p, st)
		}
	}
	for _, q := range []string{"new", "mine", "due_soon", "overdue", "escalated", "open", "all"} {
		if st, _ := page(t, e, cadre, fmt.Sprintf("/places/%d/workbench?queue=%s", e.A.ID, q)); st != 200 {
			t.Fatalf("workbench %s: %d", q, st)
		}
	}
	if st, loc := page(t, e, cadre, "/workbench"); st != 303 && st != 200 {
		t.Fatalf("workbench home: %d %s", st, loc)
	}
	if st, body := page(t, e, cadre, path); st != 200 || !strings.Contains(body, `value="acknowledge"`) {
		t.Fatalf("cadre's case page: %d", st)
	}
	version := func() string {
		_, b := page(t, e, cadre, path)
		i := strings.Index(b, `name="version" value="`)
		return strings.SplitN(b[i+len(`name="version" value="`):], `"`, 2)[0]
	}
	move := func(c *testenv.Client, form url.Values, want int) {
		t.Helper()
		if st, out := post(t, e, c, path+"/move", form); st != want {
			t.Fatalf("move %v: %d %s", form, st, out)
		}
	}
	stale := version()
	move(cadre, url.Values{"action": {"acknowledge"}, "version": {stale}}, 303)
	move(cadre, url.Values{"action": {"assign"}, "version": {stale}, "lead_unit": {fmt.Sprint(w.property.ID)}}, 409)
	move(cadre, url.Values{"action": {"assign"}, "version": {version()}, "lead_unit": {fmt.Sprint(w.property.ID)}, "co_units": {fmt.Sprint(w.owners.ID)}}, 303)
	if st, body := page(t, e, property, fmt.Sprintf("/units/%d/cases", w.property.ID)); st != 200 || !strings.Contains(body, "电梯按钮失灵") {
		t.Fatalf("unit queue: %d", st)
	}
	move(property, url.Values{"action": {"resolve"}, "note": {"已修好"}}, 303)
	move(resident, url.Values{"action": {"confirm"}, "rating": {"0"}}, 422)
	move(resident, url.Values{"action": {"confirm"}, "rating": {"4"}, "comment": {"谢谢"}}, 303)
	if st, body := page(t, e, resident, path); st != 200 || !strings.Contains(body, "★★★★☆") || !strings.Contains(body, "居民确认解决") {
		t.Fatalf("closed case: %d", st)
	}
	if st, _ := page(t, e, street, fmt.Sprintf("/places/%d/workbench", e.Street.ID)); st != 200 {
		t.Fatalf("street oversight: %d", st)
	}
	if st, _ := page(t, e, as(t, e, testenv.CadreB), path); st != 404 {
		t.Fatalf("cadre of B sees A's case page: %d", st)
	}
	if st, _ := page(t, e, cadre, fmt.Sprintf("/neighborhoods/%d/case-routes", e.A.ID)); st != 200 {
		t.Fatalf("routes page: %d", st)
	}
	if st, loc := post(t, e, cadre, fmt.Sprintf("/neighborhoods/%d/case-routes", e.A.ID), url.Values{"category": {"parking"}, "unit": {fmt.Sprint(w.property.ID)}}); st != 303 {
		t.Fatalf("set route: %d %s", st, loc)
	}

	secs := boardSections(t, resident, e.A.ID)
	topic := must(t, resident, "POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["hall"]), map[string]any{"title": "路灯不亮",
		"body": "东门路灯坏了", "category": "facilities"}, 201)
	tpath := fmt.Sprintf("/topics/%d", num(topic["id"]))
	if _, body := page(t, e, as(t, e, neighborA), tpath); strings.Contains(body, "转为工单办理") {
		t.Fatal("a neighbor is offered to make another's topic a case")
	}
	if _, body := page(t, e, cadre, tpath); !strings.Contains(body, "转为工单办理") {
		t.Fatal("the cadre is not offered to make the topic a case")
	}
	st, loc = post(t, e, cadre, tpath+"/case", nil)
	if st != 303 || !strings.HasPrefix(loc, "/cases/") {
		t.Fatalf("make a case: %d %s", st, loc)
	}
	if _, body := page(t, e, resident, tpath); !strings.Contains(body, "查看工单办理进展") {
		t.Fatal("the topic does not link to its case")
	}
}
