package app_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/linli-dev/linli/internal/testenv"
)

func TestResidentVerifiesByRosterMatch(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		c := e.Client(t)
		st, body := c.Do("POST", "/api/v1/register", map[string]string{"phone": "+86 139-1234-5678", "password": "我家住在一楼101", "nickname": "新来的"})
		if st != 201 {
			t.Fatalf("register: %d %v", st, body)
		}
		if st, body = c.Do("POST", "/api/v1/session", map[string]string{"phone": "13912345678", "password": "我家住在一楼101"}); st != 200 {
			t.Fatalf("login: %d %v", st, body)
		}
		st, body = c.Do("POST", "/api/v1/verification", map[string]any{"real_name": " 张秀英 ", "id_number": "１１０１０５１９４９１２３１００２ｘ",
			"household_id": e.HouseholdA.ID})
		if st != 201 || body["status"] != "matched" {
			t.Fatalf("verification: %d %v", st, body)
		}
		if body["id_number_masked"] != "1101**********002X" {
			t.Fatalf("ID number not masked as expected: %v", body["id_number_masked"])
		}
		_, me := c.Do("GET", "/api/v1/me", nil)
		user := me["user"].(map[string]any)
		if user["verification"] != "verified" || int64(user["neighborhood_id"].(float64)) != e.A.ID {
			t.Fatalf("me after verification: %v", me)
		}
		_, home := c.Do("GET", "/api/v1/home", nil)
		hood := home["neighborhood"].(map[string]any)
		if hood["name"] != "甲小区" || hood["residents"].(float64) != 2 {
			t.Fatalf("home: %v", home)
		}
		// The same ID number cannot verify a second account.
		other := e.Client(t)
		other.Login(testenv.Newcomer)
		st, body = other.Do("POST", "/api/v1/verification", map[string]any{"real_name": "张秀英", "id_number": testenv.RosterID, "household_id": e.HouseholdA.ID})
		if st != 422 || testenv.ErrorCode(body) != "invalid" {
			t.Fatalf("second account with the same ID: %d %v", st, body)
		}
	})
}

func TestCadreReviewsWhatTheRosterCannotConfirm(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		resident := e.Client(t)
		resident.Login(testenv.Newcomer)
		st, body := resident.Do("POST", "/api/v1/verification", map[string]any{"real_name": "赵租客", "id_number": "11010519491231002X", "household_id": e.HouseholdA.ID})
		if st != 201 || body["status"] != "pending" {
			t.Fatalf("a name that does not match the roster should wait for review: %d %v", st, body)
		}
		id := int64(body["id"].(float64))
		if st, body = resident.Do("POST", "/api/v1/verification", map[string]any{"real_name": "赵租客", "id_number": "11010519491231002X", "household_id": e.HouseholdA.ID}); st != 409 {
			t.Fatalf("second pending request: %d %v", st, body)
		}

		cadreB := e.Client(t)
		cadreB.Login(testenv.CadreB)
		if st, body = cadreB.Do("POST", fmt.Sprintf("/api/v1/verifications/%d/decision", id), map[string]any{"approve": true}); st != 404 {
			t.Fatalf("cadre of B decided A's request: %d %v", st, body)
		}

		cadreA := e.Client(t)
		cadreA.Login(testenv.CadreA)
		_, queue := cadreA.Do("GET", fmt.Sprintf("/api/v1/neighborhoods/%d/verifications", e.A.ID), nil)
		if items := queue["items"].([]any); len(items) != 1 || items[0].(map[string]any)["real_name_masked"] != "赵*客" {
			t.Fatalf("queue: %v", queue)
		}
		st, body = cadreA.Do("POST", fmt.Sprintf("/api/v1/verifications/%d/decision", id), map[string]any{"approve": false})
		if st != 422 || body["error"].(map[string]any)["field"] != "reason" {
			t.Fatalf("reject without reason: %d %v", st, body)
		}
		if st, body = cadreA.Do("POST", fmt.Sprintf("/api/v1/verifications/%d/decision", id), map[string]any{"approve": false, "reason": "房号与名册不符"}); st != 200 {
			t.Fatalf("reject: %d %v", st, body)
		}
		_, mine := resident.Do("GET", "/api/v1/verification", nil)
		if mine["status"] != "rejected" || mine["reason"] != "房号与名册不符" {
			t.Fatalf("resident does not see the reason: %v", mine)
		}
		if st, _ = cadreA.Do("POST", fmt.Sprintf("/api/v1/verifications/%d/decision", id), map[string]any{"approve": true}); st != 409 {
			t.Fatalf("deciding twice: %d", st)
		}
		// Asked again, approved this time.
		_, body = resident.Do("POST", "/api/v1/verification", map[string]any{"real_name": "赵租客", "id_number": "11010519491231002X", "household_id": e.HouseholdA.ID})
		id = int64(body["id"].(float64))
		if st, body = cadreA.Do("POST", fmt.Sprintf("/api/v1/verifications/%d/decision", id), map[string]any{"approve": true}); st != 200 || body["status"] != "approved" {
			t.Fatalf("approve: %d %v", st, body)
		}
		_, me := resident.Do("GET", "/api/v1/me", nil)
		if me["user"].(map[string]any)["verification"] != "verified" {
			t.Fatalf("not verified after approval: %v", me)
		}
		var views int
		ctx := context.Background()
		if st, body = cadreA.Do("POST", fmt.Sprintf("/api/v1/verifications/%d/reveal", id), nil); st != 200 || body["id_number"] != "11010519491231002X" {
			t.Fatalf("reveal: %d %v", st, body)
		}
		if err := e.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'personal_data.viewed' AND object_id = ?`, id).Scan(&views); err != nil || views != 1 {
			t.Fatalf("unmasked view not audited: %d %v", views, err)
		}
	})
}
