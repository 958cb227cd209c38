package app_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/testenv"
)

// TestPollThroughTheAPI: a cadre writes and opens a question, resident A
// votes once (the second ballot is a 409 with a Chinese message), the
// tally stays hidden until close, and the published list finds the receipt.
func TestPollThroughTheAPI(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		c := pollClock(e)
		cadre, res, resB := e.Client(t), e.Client(t), e.Client(t)
		cadre.Login(testenv.CadreA)
		res.Login(testenv.ResidentA)
		resB.Login(testenv.ResidentB)
		step := func(cl *testenv.Client, method, p string, body any, want int) map[string]any {
			t.Helper()
			st, out := cl.Do(method, p, body)
			if st != want {
				t.Fatalf("%s %s: %d %v, want %d", method, p, st, out["_raw"], want)
			}
			return out
		}
		created := step(cadre, "POST", fmt.Sprintf("/api/v1/neighborhoods/%d/polls", e.A.ID), map[string]any{
			"kind": "single", "title": "小区新装路灯选哪种", "electorate": "residents",
			"options":  []map[string]any{{"label": "太阳能灯"}, {"label": "市电路灯"}},
			"opens_at": c.Now().Format(time.RFC3339), "closes_at": c.Now().Add(48 * time.Hour).Format(time.RFC3339)}, 201)
		path := fmt.Sprintf("/api/v1/polls/%v", created["id"])
		step(res, "GET", path, nil, 404)
		step(res, "POST", path+"/open", nil, 403)
		step(cadre, "POST", path+"/open", nil, 200)
		step(resB, "GET", path, nil, 404)
		detail := step(res, "GET", path, nil, 200)
		if detail["can_vote"] != true {
			t.Fatalf("resident A cannot vote: %v", detail["_raw"])
		}
		rc := step(res, "POST", path+"/ballots", map[string]any{"choices": []int{1}}, 201)
		st, body := res.Do("POST", path+"/ballots", map[string]any{"choices": []int{0}})
		if st != 409 || testenv.ErrorCode(body) != "conflict" {
			t.Fatalf("second ballot: %d %v", st, body["_raw"])
		}
		step(res, "GET", path+"/result", nil, 403)
		step(cadre, "POST", path+"/close", nil, 409)
		c.Advance(49 * time.Hour)
		step(res, "POST", path+"/ballots", map[string]any{"choices": []int{0}}, 409)
		result := step(cadre, "POST", path+"/close", nil, 200)
		poll := result["poll"].(map[string]any)
		if poll["ballots"] != 1.0 || poll["result_hash"] == "" || poll["rejects"] != 1.0 {
			t.Fatalf("closed poll: %v", poll)
		}
		got := step(res, "GET", fmt.Sprintf("%s/receipts/%v", path, rc["receipt"]), nil, 200)
		if fmt.Sprint(got["choices"]) != "[1]" {
			t.Fatalf("receipt: %v", got)
		}
		list := step(res, "GET", path+"/ballots", nil, 200)
		if items := list["items"].([]any); len(items) != 1 || list["result_hash"] != poll["result_hash"] {
			t.Fatalf("published list: %v", list["_raw"])
		}
		step(res, "GET", path+"/receipts/XXXXX-XXXXX", nil, 404)
		step(res, "GET", path+"/desk", nil, 403)
	})
}
