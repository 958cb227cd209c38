package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/testenv"
)

const otherStreetAdmin = "13700000201"

// TestCaseMetricsAcrossPlaces: A's cadre sees A's figures (with the response
// time in working hours), never B's or the street's; the street admin sees
// the street split by neighborhood; another street's admin sees neither;
// the district admin sees the district split by street; a resident sees none.
func TestCaseMetricsAcrossPlaces(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		clock := testenv.NewClock(china(t, "2025-09-17 09:00")) // a Wednesday
		e.UseCaseClock(clock)
		street2, err := e.Svc.Org.CreatePlace(ctx, e.DB, e.District.ID, org.Street, "第二街道")
		if err != nil {
			t.Fatal(err)
		}
		e.AddStaff(t, otherStreetAdmin, "二街道管理员", access.StreetAdmin, street2, 0)

		resA, resB, cadreA := as(t, e, testenv.ResidentA), as(t, e, testenv.ResidentB), as(t, e, testenv.CadreA)
		report := func(c *testenv.Client) int64 {
			return num(must(t, c, "POST", "/api/v1/cases", map[string]any{"category": "noise", "description": "楼上每天半夜敲打"}, 201)["id"])
		}
		first := report(resA)
		report(resA)
		report(resB)
		// Lunch (12:00-13:30) is not working time: answered at 14:00, five
		// hours later by the wall clock, three and a half working hours.
		clock.Set(china(t, "2025-09-17 14:00"))
		must(t, cadreA, "POST", fmt.Sprintf("/api/v1/cases/%d/moves", first), map[string]any{"action": "acknowledge"}, 200)

		period := "?from=2025-09-15&to=2025-09-21"
		metrics := func(c *testenv.Client, place *org.Place, want int) map[string]any {
			t.Helper()
			return must(t, c, "GET", fmt.Sprintf("/api/v1/places/%d/case-metrics%s", place.ID, period), nil, want)
		}
		a := metrics(cadreA, e.A, 200)
		f := a["figures"].(map[string]any)
		if num(f["cases"]) != 2 || num(f["respond_count"]) != 1 || f["respond_median_hours"] != 3.5 || a["from"] != "2025-09-15" || a["to"] != "2025-09-21" {
			t.Fatalf("A's metrics: %v", a["_raw"])
		}
		if byState := f["by_state"].(map[string]any); num(byState["submitted"]) != 1 || num(byState["acknowledged"]) != 1 {
			t.Fatalf("A by state: %v", byState)
		}
		metrics(as(t, e, testenv.CadreB), e.A, 404)
		metrics(cadreA, e.B, 404)
		metrics(cadreA, e.Street, 403)
		metrics(resA, e.A, 403)

		street := as(t, e, testenv.StreetAdmin)
		s := metrics(street, e.Street, 200)
		places := s["places"].([]any)
		if num(s["figures"].(map[string]any)["cases"]) != 3 || len(places) != 2 {
			t.Fatalf("street metrics: %v", s["_raw"])
		}
		for _, p := range places {
			p := p.(map[string]any)
			want := map[string]int64{"甲小区": 2, "乙小区": 1}[p["name"].(string)]
			if num(p["cases"]) != want || num(p["rank"]) != 0 { // too few cases to rank
				t.Fatalf("street's neighborhood %v", p)
			}
		}
		metrics(street, e.B, 200)
		metrics(street, e.District, 403)

		other := as(t, e, otherStreetAdmin)
		metrics(other, e.Street, 404)
		metrics(other, e.A, 404)
		if n := num(metrics(other, street2, 200)["figures"].(map[string]any)["cases"]); n != 0 {
			t.Fatalf("the empty street counts %d cases", n)
		}

		d := metrics(as(t, e, testenv.DistrictAdmin), e.District, 200)
		if ps := d["places"].([]any); len(ps) != 1 || ps[0].(map[string]any)["name"] != "测试街道" || num(ps[0].(map[string]any)["cases"]) != 3 {
			t.Fatalf("district's streets: %v", d["_raw"])
		}

		period = "?from=2025-09-21&to=2025-09-15"
		if out := metrics(cadreA, e.A, 422); testenv.ErrorCode(out) != "invalid" {
			t.Fatalf("a backwards period: %v", out["_raw"])
		}
	})
}

// TestCaseMetricsPage: the page draws its charts as inline SVG with a title,
// puts the same figures in tables, and speaks English when asked.
func TestCaseMetricsPage(t *testing.T) {
	e := testenv.SQLite(t)
	clock := testenv.NewClock(china(t, "2025-09-17 09:00"))
	e.UseCaseClock(clock)
	must(t, as(t, e, testenv.ResidentA), "POST", "/api/v1/cases", map[string]any{"category": "parking", "description": "消防通道被占"}, 201)
	street := as(t, e, testenv.StreetAdmin)
	path := fmt.Sprintf("/places/%d/case-metrics?from=2025-09-15&to=2025-09-21", e.Street.ID)
	st, html := fetchPage(t, e, street, "GET", path, nil)
	for _, want := range []string{`<svg class="chart" id="chart-states" role="img"`, `<title id="chart-states-t">各状态案件数柱状图</title>`,
		`id="chart-weeks"`, "下辖居委排名", "甲小区", `<th scope="row">待受理</th><td>1</td>`, "按时办结率"} {
		if st != 200 || !strings.Contains(html, want) {
			t.Fatalf("street metrics page lacks %q: %d\n%s", want, st, html)
		}
	}
	req, _ := http.NewRequest("GET", e.URL+path, nil)
	req.AddCookie(&http.Cookie{Name: "linli_lang", Value: "en"})
	resp, err := street.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if en := string(b); !strings.Contains(en, "Bar chart of cases by state") || !strings.Contains(en, "Neighborhoods ranked") || strings.Contains(en, "%!") {
		t.Fatalf("English page:\n%s", en)
	}
	if st, _ := fetchPage(t, e, as(t, e, testenv.CadreB), "GET", fmt.Sprintf("/places/%d/case-metrics", e.A.ID), nil); st != 404 {
		t.Fatalf("B's cadre on A's metrics: %d", st)
	}
	resp, err = as(t, e, testenv.CadreA).HTTP.Get(e.URL + "/case-metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != fmt.Sprintf("/places/%d/case-metrics", e.A.ID) {
		t.Fatalf("/case-metrics led A's cadre to %d %s", resp.StatusCode, loc)
	}
}
