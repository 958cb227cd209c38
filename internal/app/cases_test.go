package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/testenv"
)

// Extra people for the cases tests: a property company and an owners'
// committee serving A with one staff account each, a neighbor of A, a
// building leader of A's building 1.
const (
	propertyA     = "13700000101"
	ownersA       = "13700000102"
	neighborA     = "13700000103"
	leaderA       = "13700000104"
	propertyB     = "13700000105"
	neighborAName = "钱多多"
)

type caseWorld struct {
	e                    *testenv.Env
	property, owners, pb *org.Unit
}

func newCaseWorld(t *testing.T, e *testenv.Env) *caseWorld {
	t.Helper()
	w := &caseWorld{e: e}
	w.property = e.AddUnit(t, e.A, org.Property, "甲物业", propertyA, "甲物业值班")
	w.owners = e.AddUnit(t, e.A, org.OwnersCommittee, "甲业委会", ownersA, "甲业委会")
	w.pb = e.AddUnit(t, e.B, org.Property, "乙物业", propertyB, "乙物业值班")
	e.AddResident(t, neighborA, "甲邻居", neighborAName, "110101198501010018", e.HouseholdA)
	e.AddStaff(t, leaderA, "甲楼组长", access.BuildingLeader, e.BuildingA, 0)
	return w
}

// as logs a fresh client in as phone.
func as(t *testing.T, e *testenv.Env, phone string) *testenv.Client {
	t.Helper()
	c := e.Client(t)
	c.Login(phone)
	return c
}

func must(t *testing.T, c *testenv.Client, method, path string, body any, want int) map[string]any {
	t.Helper()
	st, out := c.Do(method, path, body)
	if st != want {
		t.Fatalf("%s %s: %d %v, want %d", method, path, st, out["_raw"], want)
	}
	return out
}

func num(v any) int64 { f, _ := v.(float64); return int64(f) }

func (w *caseWorld) report(t *testing.T, c *testenv.Client) int64 {
	t.Helper()
	out := must(t, c, "POST", "/api/v1/cases", map[string]any{"place_id": w.e.BuildingA.ID, "category": "facilities",
		"title": "楼道灯坏了", "description": "1号楼三楼楼道灯坏了一个星期"}, 201)
	return num(out["id"])
}

func (w *caseWorld) move(t *testing.T, c *testenv.Client, id int64, body map[string]any, want int) map[string]any {
	t.Helper()
	return must(t, c, "POST", fmt.Sprintf("/api/v1/cases/%d/moves", id), body, want)
}

// TestCaseLoopThroughTheAPI: a resident reports, the committee acknowledges
// and assigns the property company with the owners' committee co-handling,
// the property company starts and resolves, the resident confirms and rates.
// Each step is on the timeline, the resident hears of each, the units of
// their assignment, and each is audited.
func TestCaseLoopThroughTheAPI(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		w := newCaseWorld(t, e)
		resident, cadre, property, owners := as(t, e, testenv.ResidentA), as(t, e, testenv.CadreA), as(t, e, propertyA), as(t, e, ownersA)
		id := w.report(t, resident)
		q := must(t, cadre, "GET", fmt.Sprintf("/api/v1/places/%d/case-queue?queue=new", e.A.ID), nil, 200)
		if items := q["items"].([]any); len(items) != 1 || num(items[0].(map[string]any)["id"]) != id {
			t.Fatalf("new queue: %v", q["items"])
		}
		w.move(t, cadre, id, map[string]any{"action": "acknowledge", "note": "收到，明天修"}, 200)
		w.move(t, cadre, id, map[string]any{"action": "assign", "lead_unit_id": w.property.ID, "co_unit_ids": []int64{w.owners.ID}}, 200)
		for c, unit := range map[*testenv.Client]int64{property: w.property.ID, owners: w.owners.ID} {
			l := must(t, c, "GET", fmt.Sprintf("/api/v1/units/%d/cases?open=true", unit), nil, 200)
			if items := l["items"].([]any); len(items) != 1 {
				t.Fatalf("unit queue: %v", l["items"])
			}
		}
		w.move(t, property, id, map[string]any{"action": "start"}, 200)
		w.move(t, property, id, map[string]any{"action": "resolve", "note": "已换灯泡"}, 200)
		w.move(t, owners, id, map[string]any{"action": "confirm", "rating": 5}, 403)
		got := w.move(t, resident, id, map[string]any{"action": "confirm", "rating": 5, "comment": "修得快"}, 200)
		if got["state"] != "closed" || num(got["rating"]) != 5 {
			t.Fatalf("confirmed: %v", got)
		}
		detail := must(t, resident, "GET", fmt.Sprintf("/api/v1/cases/%d", id), nil, 200)
		var kinds []string
		for _, ev := range detail["timeline"].([]any) {
			kinds = append(kinds, ev.(map[string]any)["kind"].(string))
		}
		if strings.Join(kinds, " ") != "submit acknowledge assign start resolve confirm" {
			t.Fatalf("timeline %v", kinds)
		}
		inbox := must(t, resident, "GET", "/api/v1/inbox", nil, 200)
		if n := len(inbox["items"].([]any)); n != 4 { // acknowledge, assign, start, resolve
			t.Fatalf("resident's inbox has %d entries, want 4: %v", n, inbox["_raw"])
		}
		for _, c := range []*testenv.Client{property, owners} {
			in := must(t, c, "GET", "/api/v1/inbox", nil, 200)
			if items := in["items"].([]any); len(items) != 1 || items[0].(map[string]any)["kind"] != "case_assigned" ||
				num(items[0].(map[string]any)["case_id"]) != id {
				t.Fatalf("unit staff inbox: %v", in["_raw"])
			}
		}
		var audited int
		_ = e.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'case.moved' AND object_id = ?`, id).Scan(&audited)
		if audited != 5 {
			t.Fatalf("%d moves audited, want 5", audited)
		}
	})
}

// TestCasesStayInTheirNeighborhood: B's cadre and residents never see or move
// A's cases; unit staff see in full only what their unit handles; the street
// sees its neighborhoods'; neighbors see the public face, never the reporter's
// real name or phone and never the handlers' notes.
func TestCasesStayInTheirNeighborhood(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		w := newCaseWorld(t, e)
		resident, cadre := as(t, e, testenv.ResidentA), as(t, e, testenv.CadreA)
		id := w.report(t, resident)
		path := fmt.Sprintf("/api/v1/cases/%d", id)
		must(t, cadre, "POST", path+"/notes", map[string]any{"note": "住户说晚上九点后在家"}, 204)
		for _, who := range []string{testenv.CadreB, testenv.ResidentB, propertyB} {
			c := as(t, e, who)
			must(t, c, "GET", path, nil, 404)
			w.move(t, c, id, map[string]any{"action": "acknowledge"}, 404)
			must(t, c, "GET", fmt.Sprintf("/api/v1/neighborhoods/%d/cases", e.A.ID), nil, 404)
		}
		must(t, as(t, e, testenv.CadreB), "GET", fmt.Sprintf("/api/v1/places/%d/case-queue?queue=new", e.A.ID), nil, 404)
		must(t, as(t, e, testenv.CadreB), "PUT", fmt.Sprintf("/api/v1/neighborhoods/%d/case-routes", e.A.ID),
			map[string]any{"category": "parking", "unit_id": w.property.ID}, 404)

		neighbor := as(t, e, neighborA)
		pub := must(t, neighbor, "GET", path, nil, 200)
		raw := pub["_raw"].(string)
		for _, secret := range []string{"李建国", testenv.ResidentA, "reporter_id", "住户说"} {
			if strings.Contains(raw, secret) {
				t.Fatalf("the public face shows %q: %s", secret, raw)
			}
		}
		if pub["full"] != false || pub["case"].(map[string]any)["reporter"] != "甲居民" {
			t.Fatalf("public face: %s", raw)
		}
		w.move(t, neighbor, id, map[string]any{"action": "acknowledge"}, 403)

		property := as(t, e, propertyA)
		if got := must(t, property, "GET", path, nil, 200); got["full"] != false {
			t.Fatal("the property company sees an unassigned case in full")
		}
		w.move(t, property, id, map[string]any{"action": "acknowledge"}, 403)
		w.move(t, cadre, id, map[string]any{"action": "acknowledge"}, 200)
		w.move(t, cadre, id, map[string]any{"action": "assign", "lead_unit_id": w.property.ID}, 200)
		if got := must(t, property, "GET", path, nil, 200); got["full"] != true {
			t.Fatal("the property company does not see its case in full")
		}
		owners := must(t, as(t, e, ownersA), "GET", fmt.Sprintf("/api/v1/units/%d/cases", w.owners.ID), nil, 200)
		must(t, as(t, e, ownersA), "GET", fmt.Sprintf("/api/v1/units/%d/cases", w.property.ID), nil, 403)
		if len(owners["items"].([]any)) != 0 {
			t.Fatal("the owners' committee lists a case it does not handle")
		}

		street := as(t, e, testenv.StreetAdmin)
		if got := must(t, street, "GET", path, nil, 200); got["full"] != true || got["can_supervise"] != true {
			t.Fatalf("street admin: %v", got["_raw"])
		}
		w.move(t, cadre, id, map[string]any{"action": "escalate", "note": "需要街道协调"}, 200)
		esc := must(t, street, "GET", fmt.Sprintf("/api/v1/places/%d/case-queue?queue=escalated", e.Street.ID), nil, 200)
		if len(esc["items"].([]any)) != 1 {
			t.Fatalf("street's escalated queue: %v", esc["_raw"])
		}
		must(t, street, "POST", path+"/notes", map[string]any{"kind": "supervise", "note": "请三天内办结"}, 204)
		must(t, cadre, "POST", path+"/notes", map[string]any{"kind": "supervise", "note": "自己督办自己"}, 403)
		in := must(t, property, "GET", "/api/v1/inbox", nil, 200)
		if !strings.Contains(in["_raw"].(string), "case_supervised") {
			t.Fatalf("the handler was not told of the supervision: %v", in["_raw"])
		}
	})
}

// TestCaseBadInputChangesNothing: every refusal is a 4xx with a code and a
// Chinese message, and no case, event or handler row appears.
func TestCaseBadInputChangesNothing(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		w := newCaseWorld(t, e)
		resident, cadre := as(t, e, testenv.ResidentA), as(t, e, testenv.CadreA)
		id := w.report(t, resident)
		count := func() string {
			var c, ev, h int
			_ = e.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases`).Scan(&c)
			_ = e.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_events`).Scan(&ev)
			_ = e.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_handlers`).Scan(&h)
			return fmt.Sprint(c, ev, h)
		}
		before := count()
		moves := fmt.Sprintf("/api/v1/cases/%d/moves", id)
		bad := []struct {
			name   string
			c      *testenv.Client
			method string
			path   string
			body   any
			status int
			code   string
		}{
			{"no description", resident, "POST", "/api/v1/cases", map[string]any{"category": "parking"}, 422, "invalid"},
			{"unknown category", resident, "POST", "/api/v1/cases", map[string]any{"category": "ufo", "description": "天上有灯"}, 422, "invalid"},
			{"a building of B", resident, "POST", "/api/v1/cases", map[string]any{"category": "parking", "description": "d", "place_id": e.BuildingB.ID}, 422, "invalid"},
			{"a resident enters for others", resident, "POST", "/api/v1/cases", map[string]any{"category": "parking", "description": "d", "channel": "visit"}, 403, "forbidden"},
			{"an unknown channel", cadre, "POST", "/api/v1/cases", map[string]any{"neighborhood_id": e.A.ID, "category": "parking", "description": "d", "channel": "pigeon"}, 422, "invalid"},
			{"an unknown resident", cadre, "POST", "/api/v1/cases", map[string]any{"neighborhood_id": e.A.ID, "category": "parking", "description": "d", "channel": "phone", "for_phone": "13911112222"}, 422, "invalid"},
			{"unknown JSON field", resident, "POST", "/api/v1/cases", `{"category":"parking","description":"d","urgent":true}`, 422, "invalid"},
			{"an unknown action", cadre, "POST", moves, map[string]any{"action": "teleport"}, 422, "invalid"},
			{"resolving a new case", cadre, "POST", moves, map[string]any{"action": "resolve"}, 409, "conflict"},
			{"a stale version", cadre, "POST", moves, map[string]any{"action": "acknowledge", "version": 7}, 409, "conflict"},
			{"the reporter acknowledges", resident, "POST", moves, map[string]any{"action": "acknowledge"}, 403, "forbidden"},
			{"returning without a reason", cadre, "POST", moves, map[string]any{"action": "return"}, 422, "invalid"},
			{"assigning B's unit", cadre, "POST", moves, map[string]any{"action": "acknowledge"}, 200, ""},
			{"assigning B's unit", cadre, "POST", moves, map[string]any{"action": "assign", "lead_unit_id": w.pb.ID}, 422, "invalid"},
			{"a co-handler twice", cadre, "POST", moves, map[string]any{"action": "assign", "lead_unit_id": w.property.ID, "co_unit_ids": []int64{w.owners.ID, w.owners.ID}}, 422, "invalid"},
			{"assigning someone who does not work there", cadre, "POST", moves, map[string]any{"action": "assign", "assignee_id": 1}, 422, "invalid"},
			{"a rating of 9", resident, "POST", fmt.Sprintf("/api/v1/cases/%d/rating", id), map[string]any{"rating": 9}, 422, "invalid"},
			{"rating an open case", resident, "POST", fmt.Sprintf("/api/v1/cases/%d/rating", id), map[string]any{"rating": 3}, 409, "conflict"},
			{"an empty note", cadre, "POST", fmt.Sprintf("/api/v1/cases/%d/notes", id), map[string]any{"note": " "}, 422, "invalid"},
			{"a bad queue", cadre, "GET", fmt.Sprintf("/api/v1/places/%d/case-queue?queue=soon", e.A.ID), nil, 422, "invalid"},
			{"a bad cursor", cadre, "GET", fmt.Sprintf("/api/v1/places/%d/case-queue?queue=all&cursor=%%21", e.A.ID), nil, 422, "invalid"},
			{"a route to B's unit", cadre, "PUT", fmt.Sprintf("/api/v1/neighborhoods/%d/case-routes", e.A.ID), map[string]any{"category": "parking", "unit_id": w.pb.ID}, 422, "invalid"},
			{"a case that is not there", cadre, "GET", "/api/v1/cases/99999", nil, 404, "not_found"},
		}
		for _, b := range bad {
			st, body := b.c.Do(b.method, b.path, b.body)
			if st != b.status || testenv.ErrorCode(body) != b.code {
				t.Errorf("%s: %d %v, want %d %s", b.name, st, body["_raw"], b.status, b.code)
				continue
			}
			if b.code == "" {
				before = count()
				continue
			}
			msg, _ := body["error"].(map[string]any)["message"].(string)
			if !hasHan(msg) {
				t.Errorf("%s: message %q is not Chinese", b.name, msg)
			}
			if after := count(); after != before {
				t.Errorf("%s changed rows: %s → %s", b.name, before, after)
			}
		}
	})
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// TestCasesFromTopicsAndOfflineInput: a topic becomes a case once, by its
// author or a cadre; a building leader enters a door-to-door report for a
// resident of their building, who is told and may confirm it; routing sends
// a category to the unit a cadre chose.
func TestCasesFromTopicsAndOfflineInput(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		w := newCaseWorld(t, e)
		resident, cadre, leader := as(t, e, testenv.ResidentA), as(t, e, testenv.CadreA), as(t, e, leaderA)
		secs := boardSections(t, resident, e.A.ID)
		topic := must(t, resident, "POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["hall"]), map[string]any{"title": "垃圾桶满了",
			"body": "东门垃圾桶两天没清", "category": "environment", "building_id": e.BuildingA.ID}, 201)
		tpath := fmt.Sprintf("/api/v1/topics/%d/case", num(topic["id"]))
		must(t, as(t, e, neighborA), "POST", tpath, nil, 403)
		must(t, as(t, e, testenv.CadreB), "POST", tpath, nil, 404)
		c := must(t, resident, "POST", tpath, nil, 201)
		if c["channel"] != "topic" || c["title"] != "垃圾桶满了" || num(c["place_id"]) != e.BuildingA.ID {
			t.Fatalf("case from topic: %v", c["_raw"])
		}
		if st, body := cadre.Do("POST", tpath, nil); st != 409 || testenv.ErrorCode(body) != "conflict" {
			t.Fatalf("a second case from one topic: %d %v", st, body["_raw"])
		}

		must(t, cadre, "PUT", fmt.Sprintf("/api/v1/neighborhoods/%d/case-routes", e.A.ID), map[string]any{"category": "parking", "unit_id": w.property.ID}, 204)
		routes := must(t, cadre, "GET", fmt.Sprintf("/api/v1/neighborhoods/%d/case-routes", e.A.ID), nil, 200)
		if len(routes["routes"].([]any)) != 1 {
			t.Fatalf("routes: %v", routes["_raw"])
		}
		visit := map[string]any{"neighborhood_id": e.A.ID, "place_id": e.BuildingA.ID, "category": "parking", "description": "楼下电动车乱停",
			"channel": "visit", "for_phone": testenv.ResidentA}
		entered := must(t, leader, "POST", "/api/v1/cases", visit, 201)
		if entered["channel"] != "visit" || num(entered["lead_unit_id"]) != w.property.ID || num(entered["reporter_id"]) == 0 {
			t.Fatalf("entered case: %v", entered["_raw"])
		}
		visit["place_id"] = 0
		must(t, leader, "POST", "/api/v1/cases", visit, 403) // the neighborhood at large is not the leader's building
		mine := must(t, resident, "GET", "/api/v1/me/cases", nil, 200)
		if len(mine["items"].([]any)) != 2 {
			t.Fatalf("my cases: %v", mine["_raw"])
		}
		in := must(t, resident, "GET", "/api/v1/inbox", nil, 200)
		if !strings.Contains(in["_raw"].(string), "case_moved.submit") {
			t.Fatalf("the resident was not told of the entered case: %v", in["_raw"])
		}
	})
}
