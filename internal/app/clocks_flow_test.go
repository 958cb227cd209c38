package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/testenv"
	"github.com/linli-dev/linli/internal/workclock"
)

func china(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, workclock.Shanghai())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A Friday-evening report shows up overdue on A's cadre's Monday patrol list,
// not on B's; the committee gets a reminder; the cadre asks for more time
// after acknowledging, the street approves, and the deadline moves.
func TestPatrolRemindersAndExtensionsOverHTTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		clock := testenv.NewClock(china(t, "2025-09-12 17:00"))
		e.UseCaseClock(clock)
		admin := as(t, e, testenv.DistrictAdmin)
		must(t, admin, "PUT", fmt.Sprintf("/api/v1/districts/%d/clocks", e.District.ID), map[string]any{"hours": []string{"08:00-12:00", "13:00-17:30"}}, 200)
		res := as(t, e, testenv.ResidentA)
		c := must(t, res, "POST", "/api/v1/cases", map[string]any{"category": "parking", "description": "消防通道被占，车开不进来"}, 201)
		id := num(c["id"])
		if c["respond_by"] != "2025-09-15T03:30:00Z" {
			t.Fatalf("respond by %v, want Monday 11:30 in Shanghai", c["respond_by"])
		}

		clock.Set(china(t, "2025-09-15 13:35"))
		if _, err := e.Svc.RunClocks(ctx); err != nil {
			t.Fatal(err)
		}
		cadreA := as(t, e, testenv.CadreA)
		p := must(t, cadreA, "GET", "/api/v1/patrol", nil, 200)
		over := p["overdue"].([]any)
		if len(over) != 1 || num(over[0].(map[string]any)["id"]) != id || p["run"].(map[string]any)["at"] != "2025-09-15T05:30:00Z" {
			t.Fatalf("A's patrol: %v", p["_raw"])
		}
		pB := must(t, as(t, e, testenv.CadreB), "GET", "/api/v1/patrol", nil, 200)
		if len(pB["overdue"].([]any)) != 0 || len(pB["new"].([]any)) != 0 {
			t.Fatalf("B's patrol lists A's case: %v", pB["_raw"])
		}
		inbox := must(t, cadreA, "GET", "/api/v1/inbox", nil, 200)
		if fmtAny(inbox["_raw"]) == "" || !containsKind(inbox, "case_overdue") {
			t.Fatalf("no reminder in A's cadre's inbox: %v", inbox["_raw"])
		}
		run := num(p["run"].(map[string]any)["id"])
		must(t, cadreA, "POST", fmt.Sprintf("/api/v1/patrol/%d/done", run), nil, 204)
		must(t, as(t, e, testenv.CadreB), "POST", fmt.Sprintf("/api/v1/patrol/%d/done", run), nil, 404)

		must(t, cadreA, "POST", fmt.Sprintf("/api/v1/cases/%d/extensions", id), map[string]any{"hours": 8, "reason": "还没受理"}, 409)
		must(t, cadreA, "POST", fmt.Sprintf("/api/v1/cases/%d/moves", id), map[string]any{"action": "acknowledge"}, 200)
		must(t, cadreA, "POST", fmt.Sprintf("/api/v1/cases/%d/extensions", id), map[string]any{"hours": 8, "reason": "车主联系不上，需要交警协助"}, 201)
		must(t, res, "POST", fmt.Sprintf("/api/v1/cases/%d/extensions", id), map[string]any{"hours": 8, "reason": "我也想延期"}, 403)
		must(t, as(t, e, testenv.CadreB), "GET", fmt.Sprintf("/api/v1/cases/%d/extensions", id), nil, 404)

		street := as(t, e, testenv.StreetAdmin)
		q := must(t, street, "GET", "/api/v1/extensions", nil, 200)
		items := q["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("the street's queue: %v", q["_raw"])
		}
		xid := num(items[0].(map[string]any)["id"])
		must(t, cadreA, "POST", fmt.Sprintf("/api/v1/extensions/%d/decision", xid), map[string]any{"approve": true}, 403)
		must(t, street, "POST", fmt.Sprintf("/api/v1/extensions/%d/decision", xid), map[string]any{"approve": false}, 422)
		before := must(t, cadreA, "GET", fmt.Sprintf("/api/v1/cases/%d", id), nil, 200)["case"].(map[string]any)["resolve_by"]
		x := must(t, street, "POST", fmt.Sprintf("/api/v1/extensions/%d/decision", xid), map[string]any{"approve": true, "note": "同意"}, 200)
		after := must(t, cadreA, "GET", fmt.Sprintf("/api/v1/cases/%d", id), nil, 200)["case"].(map[string]any)["resolve_by"]
		if x["state"] != "approved" || x["old_resolve_by"] != before || x["new_resolve_by"] != after || before == after {
			t.Fatalf("decision %v; resolve by %v then %v", x["_raw"], before, after)
		}
		if !containsKind(must(t, cadreA, "GET", "/api/v1/inbox", nil, 200), "case_extension_approved") {
			t.Fatal("the requester was not told")
		}
	})
}

func containsKind(inbox map[string]any, kind string) bool {
	items, _ := inbox["items"].([]any)
	for _, it := range items {
		if m, _ := it.(map[string]any); m["kind"] == kind {
			return true
		}
	}
	return false
}
