package app_test

import (
	"fmt"
	"testing"

	"github.com/linli-dev/linli/internal/testenv"
)

// TestProjectThroughTheAPI makes a project from a resident's topic with the
// 90/10 split, runs it to the residents' rating through the JSON API as the
// fixture's cadre and residents, and checks what each may see and do.
func TestProjectThroughTheAPI(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		topic := residentTopic(t, e, "小花园路灯不亮")
		cadre, res, resB, cadreB := e.Client(t), e.Client(t), e.Client(t), e.Client(t)
		cadre.Login(testenv.CadreA)
		res.Login(testenv.ResidentA)
		resB.Login(testenv.ResidentB)
		cadreB.Login(testenv.CadreB)
		hood := fmt.Sprintf("/api/v1/neighborhoods/%d/projects", e.A.ID)

		newProject := map[string]any{"title": "小花园路灯更换", "description": "更换六盏路灯。", "budget_fen": 3_000_000,
			"origin": "topic", "topic_id": topic.ID, "funding": []map[string]any{
				{"source": "government", "share_bp": 9000}, {"source": "maintenance_fund", "share_bp": 900}}}
		if st, body := cadre.Do("POST", hood, newProject); st != 422 || testenv.ErrorCode(body) != "invalid" {
			t.Fatalf("shares adding up to 99%%: %d %v", st, body["_raw"])
		}
		newProject["funding"] = []map[string]any{{"source": "government", "share_bp": 9000}, {"source": "maintenance_fund", "share_bp": 1000}}
		if st, _ := res.Do("POST", hood, newProject); st != 403 {
			t.Fatalf("a resident making a project: %d", st)
		}
		st, created := cadre.Do("POST", hood, newProject)
		if st != 201 || created["state"] != "proposed" || created["proposer"] != "甲居民" {
			t.Fatalf("create: %d %v", st, created["_raw"])
		}
		if st, body := cadre.Do("POST", hood, newProject); st != 409 || testenv.ErrorCode(body) != "conflict" {
			t.Fatalf("a second project from the topic: %d %v", st, body["_raw"])
		}
		path := fmt.Sprintf("/api/v1/projects/%v", created["id"])

		for _, c := range []struct {
			name   string
			cl     *testenv.Client
			method string
			path   string
			body   any
			status int
		}{
			{"resident of B cannot open it", resB, "GET", path, nil, 404},
			{"resident of B cannot list A's projects", resB, "GET", hood, nil, 404},
			{"cadre of B cannot move it", cadreB, "POST", path + "/moves", map[string]any{"action": "list"}, 404},
			{"cadre of B cannot add a milestone", cadreB, "POST", path + "/milestones", map[string]any{"title": "x", "due": "2026-05-01"}, 404},
			{"resident of A cannot move it", res, "POST", path + "/moves", map[string]any{"action": "list"}, 403},
			{"resident of A cannot post an update", res, "POST", path + "/updates", map[string]any{"body": "我来更新"}, 403},
			{"resident of A follows it (already, as proposer)", res, "PUT", path + "/follow", nil, 204},
			{"resident of A cannot rate a proposal", res, "POST", path + "/rating", map[string]any{"stars": 5}, 409},
			{"a made-up move", cadre, "POST", path + "/moves", map[string]any{"action": "teleport"}, 422},
			{"starting a proposal", cadre, "POST", path + "/moves", map[string]any{"action": "start"}, 409},
			{"a bad due date", cadre, "POST", path + "/milestones", map[string]any{"title": "开工", "due": "五月一日"}, 422},
		} {
			t.Run(c.name, func(t *testing.T) {
				if st, body := c.cl.Do(c.method, c.path, c.body); st != c.status {
					t.Fatalf("%s %s: %d %v, want %d", c.method, c.path, st, body["_raw"], c.status)
				}
			})
		}

		step := func(cl *testenv.Client, method, p string, body any, want int) map[string]any {
			t.Helper()
			st, out := cl.Do(method, p, body)
			if st != want {
				t.Fatalf("%s %s: %d %v, want %d", method, p, st, out["_raw"], want)
			}
			return out
		}
		step(cadre, "POST", path+"/moves", map[string]any{"action": "list"}, 200)
		step(cadre, "POST", path+"/moves", map[string]any{"action": "select"}, 200)
		if _, body := cadre.Do("POST", path+"/moves", map[string]any{"action": "start"}); testenv.ErrorCode(body) != "conflict" {
			t.Fatalf("start before the owners' vote: %v", body["_raw"])
		}
		step(cadre, "POST", path+"/funding/1/approval", map[string]any{"poll_id": 12}, 422)
		var poll int64
		poll = passedOwnersVote(t, e, projectIDFrom(t, path))
		step(cadre, "POST", path+"/funding/1/approval", map[string]any{"poll_id": poll}, 409)
		step(cadre, "POST", path+"/moves", map[string]any{"action": "start"}, 200)
		m := step(cadre, "POST", path+"/milestones", map[string]any{"title": "灯具到货", "due": "2026-04-01"}, 201)
		step(cadre, "POST", fmt.Sprintf("%s/milestones/%v/done", path, m["id"]), nil, 204)
		step(cadre, "POST", path+"/updates", map[string]any{"body": "六盏灯已换好四盏。"}, 201)
		step(cadre, "POST", path+"/moves", map[string]any{"action": "finish"}, 200)
		step(res, "POST", path+"/rating", map[string]any{"stars": 4, "comment": "晚上亮堂多了"}, 204)
		if _, body := res.Do("POST", path+"/rating", map[string]any{"stars": 5}); testenv.ErrorCode(body) != "conflict" {
			t.Fatalf("a second rating: %v", body["_raw"])
		}
		step(cadre, "POST", path+"/rating", map[string]any{"stars": 5}, 403)

		detail := step(res, "GET", path, nil, 200)
		p := detail["project"].(map[string]any)
		if p["state"] != "done" || p["ratings"] != 1.0 || p["rating_tenths"] != 40.0 || p["updates"] != 1.0 || p["milestones_done"] != 1.0 {
			t.Fatalf("project: %v", p)
		}
		funding := detail["funding"].([]any)
		if f := funding[1].(map[string]any); f["amount_fen"] != 300_000.0 || f["approval_poll_id"] != float64(poll) {
			t.Fatalf("funding: %v", funding)
		}
		if tl := detail["timeline"].([]any); len(tl) != 9 || tl[0].(map[string]any)["to_state"] != "done" {
			t.Fatalf("timeline: %v", tl)
		}
		if v := detail["viewer"].(map[string]any); v["stars"] != 4.0 || v["following"] != true || detail["can_manage"] != false {
			t.Fatalf("viewer: %v", detail["viewer"])
		}
		list := step(res, "GET", hood+"?state=done", nil, 200)
		if items := list["items"].([]any); len(items) != 1 || list["total"] != 1.0 {
			t.Fatalf("done projects: %v", list["_raw"])
		}
		inbox := step(res, "GET", "/api/v1/inbox", nil, 200)
		if items := inbox["items"].([]any); len(items) != 4 || items[0].(map[string]any)["project_id"] != created["id"] {
			t.Fatalf("resident's inbox: %v", inbox["_raw"])
		}
		step(res, "DELETE", path+"/follow", nil, 204)
		step(cadre, "POST", path+"/moves", map[string]any{"action": "evaluate"}, 200)
		if inbox := step(res, "GET", "/api/v1/inbox", nil, 200); len(inbox["items"].([]any)) != 4 {
			t.Fatalf("an unfollower was told: %v", inbox["_raw"])
		}
	})
}
