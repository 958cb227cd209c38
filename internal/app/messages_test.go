package app_test

import (
	"fmt"
	"testing"

	"github.com/linli-dev/linli/internal/testenv"
)

func TestResidentWritesToTheCommitteeAndTheUnit(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		sec := e.Client(t)
		sec.Login(testenv.SecretaryA)
		_, unit := sec.Do("POST", fmt.Sprintf("/api/v1/places/%d/units", e.A.ID), map[string]any{"kind": "property", "name": "甲物业"})
		unitID := int64(unit["id"].(float64))
		if st, body := sec.Do("POST", fmt.Sprintf("/api/v1/places/%d/roles", e.A.ID), map[string]any{"phone": testenv.Newcomer, "role": "unit_staff", "unit_id": unitID}); st != 204 {
			t.Fatalf("unit staff: %d %v", st, body)
		}

		res := e.Client(t)
		res.Login(testenv.ResidentA)
		st, body := res.Do("POST", "/api/v1/messages", map[string]any{"body": "我家楼上漏水，能不能帮忙协调？"})
		if st != 201 {
			t.Fatalf("to the committee: %d %v", st, body)
		}
		committee := int64(body["id"].(float64))
		_, body = res.Do("POST", "/api/v1/messages", map[string]any{"unit_id": unitID, "subject": "电梯", "body": "电梯异响"})
		toUnit := int64(body["id"].(float64))

		cadre := e.Client(t)
		cadre.Login(testenv.CadreA)
		_, box := cadre.Do("GET", "/api/v1/messages", nil)
		items := box["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["unread"].(float64) != 1 {
			t.Fatalf("the cadre's mailbox should hold the committee thread only, unread: %v", box)
		}
		if st, _ := cadre.Do("POST", fmt.Sprintf("/api/v1/messages/%d/replies", committee), map[string]any{"body": "明天上午去看"}); st != 204 {
			t.Fatalf("cadre reply: %d", st)
		}
		_, box = res.Do("GET", "/api/v1/messages", nil)
		for _, it := range box["items"].([]any) {
			th := it.(map[string]any)
			if int64(th["id"].(float64)) == committee && th["unread"].(float64) != 1 {
				t.Fatalf("the resident does not see the reply as unread: %v", th)
			}
		}
		_, thread := res.Do("GET", fmt.Sprintf("/api/v1/messages/%d", committee), nil)
		if msgs := thread["messages"].([]any); len(msgs) != 2 || msgs[1].(map[string]any)["from_staff"] != true {
			t.Fatalf("thread: %v", thread)
		}

		staff := e.Client(t)
		staff.Login(testenv.Newcomer)
		if st, _ := staff.Do("GET", fmt.Sprintf("/api/v1/messages/%d", toUnit), nil); st != 200 {
			t.Fatalf("unit staff reading their thread: %d", st)
		}
		if st, _ := staff.Do("GET", fmt.Sprintf("/api/v1/messages/%d", committee), nil); st != 404 {
			t.Fatalf("unit staff reading the committee's thread: %d", st)
		}
		for _, who := range []string{testenv.CadreB, testenv.ResidentB} {
			c := e.Client(t)
			c.Login(who)
			if st, _ := c.Do("GET", fmt.Sprintf("/api/v1/messages/%d", committee), nil); st != 404 {
				t.Fatalf("%s read neighborhood A's private message: %d", who, st)
			}
		}
		other := e.Client(t)
		other.Login(testenv.ResidentB)
		if st, _ := other.Do("POST", "/api/v1/messages", map[string]any{"unit_id": unitID, "body": "你好"}); st != 422 {
			t.Fatalf("writing to a unit that does not serve B: %d", st)
		}
	})
}
