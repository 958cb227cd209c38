package app_test

import (
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/testenv"
)

func TestDistrictAdminSetsTheClocks(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		path := fmt.Sprintf("/api/v1/districts/%d/clocks", e.District.ID)
		admin := e.Client(t)
		admin.Login(testenv.DistrictAdmin)
		st, body := admin.Do("GET", path, nil)
		if st != 200 || body["respond_hours"].(float64) != 4 || fmtAny(body["patrol_times"]) != "08:30 13:30 17:00" {
			t.Fatalf("defaults: %d %v", st, body)
		}
		st, body = admin.Do("PUT", path, map[string]any{"hours": []string{"08:00-12:00", "13:00-17:30"},
			"holidays": []string{"2025-10-01", "2025-10-02"}, "workdays": []string{"2025-10-11"}, "resolve_hours": map[string]int{"noise": 6}})
		if st != 200 || fmtAny(body["hours"]) != "08:00-12:00 13:00-17:30" || body["resolve_hours"].(map[string]any)["noise"].(float64) != 6 ||
			body["resolve_hours"].(map[string]any)["safety"].(float64) != 8 || body["auto_close_days"].(float64) != 7 {
			t.Fatalf("partial update: %d %v", st, body)
		}
		st, body = admin.Do("PUT", path, map[string]any{"hours": []string{"08:00-12:00", "11:00-17:30"}})
		if st != 422 || testenv.ErrorCode(body) != "invalid" || !strings.Contains(body["_raw"].(string), `"field":"hours"`) {
			t.Fatalf("overlapping hours: %d %v", st, body)
		}
		if _, body = admin.Do("GET", path, nil); fmtAny(body["hours"]) != "08:00-12:00 13:00-17:30" {
			t.Fatalf("a refused change changed something: %v", body)
		}

		for _, who := range []string{testenv.StreetAdmin, testenv.SecretaryA, testenv.ResidentA} {
			c := e.Client(t)
			c.Login(who)
			if st, _ := c.Do("PUT", path, map[string]any{"respond_hours": 1}); st != 403 && st != 404 {
				t.Errorf("%s changed the district's clocks: %d", who, st)
			}
		}
		if st, _ := admin.Do("GET", fmt.Sprintf("/api/v1/districts/%d/clocks", e.A.ID), nil); st != 404 {
			t.Errorf("a neighborhood's id as a district: %d", st)
		}
	})
}

func TestClocksPageShowsErrorsBesideTheirFields(t *testing.T) {
	e := testenv.SQLite(t)
	admin := e.Client(t)
	admin.Login(testenv.DistrictAdmin)
	resp, err := admin.HTTP.Get(e.URL + "/admin/clocks")
	if err != nil || resp.StatusCode != 303 || resp.Header.Get("Location") != fmt.Sprintf("/admin/clocks/%d", e.District.ID) {
		t.Fatalf("/admin/clocks: %v %v", resp, err)
	}
	page := fmt.Sprintf("%s/admin/clocks/%d", e.URL, e.District.ID)
	form := url.Values{"weekday": {"1", "2", "3", "4", "5", "6"}, "hours": {"08:30-12:00"}, "holidays": {""}, "workdays": {""},
		"patrol_times": {"08:30, 17:00"}, "respond_hours": {"2"}, "escalate_street_hours": {"4"}, "escalate_district_hours": {"3"},
		"due_soon_hours": {"4"}, "auto_close_days": {"7"}, "follow_up_days": {"0"}}
	for _, c := range []string{"environment", "parking", "safety", "pets", "greenery", "facilities", "noise", "property", "elderly", "other"} {
		form.Set("resolve_"+c, "16")
	}
	resp, err = admin.HTTP.PostForm(page, form)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 422 || !strings.Contains(string(b), `id="escalate_district_hours-err"`) || !strings.Contains(string(b), `value="08:30, 17:00"`) {
		t.Fatalf("district before street: %d\n%s", resp.StatusCode, b)
	}
	form.Set("escalate_district_hours", "12")
	resp, err = admin.HTTP.PostForm(page, form)
	if err != nil || resp.StatusCode != 303 {
		t.Fatalf("save: %v %v", resp, err)
	}
	resp, _ = admin.HTTP.Get(page)
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `name="weekday" value="6" checked`) || !strings.Contains(string(b), `value="08:30,17:00"`) {
		t.Fatalf("the saved form does not show Saturday or the patrols:\n%s", b)
	}
}
