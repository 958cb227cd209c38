package app_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/linli-dev/linli/internal/testenv"
)

func TestSecretaryGrantsAndRevokesACadre(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		sec := e.Client(t)
		sec.Login(testenv.SecretaryA)
		if st, body := sec.Do("POST", fmt.Sprintf("/api/v1/places/%d/roles", e.A.ID), map[string]string{"phone": testenv.ResidentA, "role": "cadre"}); st != 204 {
			t.Fatalf("grant: %d %v", st, body)
		}
		if st, _ := sec.Do("POST", fmt.Sprintf("/api/v1/places/%d/roles", e.A.ID), map[string]string{"phone": testenv.ResidentA, "role": "cadre"}); st != 409 {
			t.Fatalf("granting twice: %d, want 409", st)
		}
		newCadre := e.Client(t)
		newCadre.Login(testenv.ResidentA)
		queue := fmt.Sprintf("/api/v1/neighborhoods/%d/verifications", e.A.ID)
		if st, _ := newCadre.Do("GET", queue, nil); st != 200 {
			t.Fatalf("new cadre reads the queue: %d", st)
		}
		_, me := newCadre.Do("GET", "/api/v1/me", nil)
		uid := int64(me["user"].(map[string]any)["id"].(float64))

		cadreB := e.Client(t)
		cadreB.Login(testenv.CadreB)
		if st, _ := cadreB.Do("DELETE", fmt.Sprintf("/api/v1/places/%d/roles/%d/cadre", e.A.ID, uid), nil); st != 404 {
			t.Fatalf("cadre of B revoked in A: %d", st)
		}
		if st, body := sec.Do("DELETE", fmt.Sprintf("/api/v1/places/%d/roles/%d/cadre", e.A.ID, uid), nil); st != 204 {
			t.Fatalf("revoke: %d %v", st, body)
		}
		if st, _ := newCadre.Do("GET", queue, nil); st != 403 {
			t.Fatalf("revoked cadre still reads the queue: %d", st)
		}
		var granted, revoked int
		ctx := context.Background()
		_ = e.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'role.granted' AND object_id = ?`, uid).Scan(&granted)
		_ = e.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'role.revoked' AND object_id = ?`, uid).Scan(&revoked)
		if granted != 1 || revoked != 1 {
			t.Fatalf("audit: %d grants, %d revocations", granted, revoked)
		}
	})
}

func TestPartyBadgeIsTheMembersChoice(t *testing.T) {
	e := testenv.SQLite(t)
	c := e.Client(t)
	c.Login(testenv.ResidentA)
	cases := []struct {
		party, show, badge bool
	}{{true, false, false}, {true, true, true}, {false, true, false}}
	for _, tc := range cases {
		st, body := c.Do("PATCH", "/api/v1/me", map[string]any{"nickname": "亮身份的老党员", "party_member": tc.party, "show_badge": tc.show})
		if st != 200 || body["party_badge"] != tc.badge {
			t.Errorf("party %v show %v: %d %v", tc.party, tc.show, st, body)
		}
	}
	if st, _ := c.Do("PATCH", "/api/v1/me", map[string]any{"nickname": "  "}); st != 422 {
		t.Fatalf("an empty nickname: %d", st)
	}
}

func TestStreetAdminReadsOnlyTheStreetsAuditLog(t *testing.T) {
	e := testenv.SQLite(t)
	for _, who := range []string{testenv.ResidentA, testenv.ResidentB, testenv.ResidentA} {
		c := e.Client(t)
		c.Login(who)
	}
	admin := e.Client(t)
	admin.Login(testenv.StreetAdmin)
	st, body := admin.Do("GET", fmt.Sprintf("/api/v1/audit?place=%d&action=login&limit=2", e.Street.ID), nil)
	if st != 200 {
		t.Fatalf("%d %v", st, body)
	}
	items := body["items"].([]any)
	if len(items) != 2 || body["next_before"] == nil {
		t.Fatalf("first page: %v", body)
	}
	st, body = admin.Do("GET", fmt.Sprintf("/api/v1/audit?place=%d&action=login&limit=2&before=%v", e.Street.ID, body["next_before"]), nil)
	if st != 200 || len(body["items"].([]any)) != 1 {
		t.Fatalf("second page should hold the third neighborhood login: %v", body)
	}
}

func TestStaffLoginsShowInTheirDistrictsLog(t *testing.T) {
	e := testenv.SQLite(t)
	c := e.Client(t)
	c.Login(testenv.CadreB)
	admin := e.Client(t)
	admin.Login(testenv.DistrictAdmin)
	_, body := admin.Do("GET", "/api/v1/audit?action=login", nil)
	found := false
	for _, it := range body["items"].([]any) {
		row := it.(map[string]any)
		if row["actor"] == "乙社工" && int64(row["neighborhood_id"].(float64)) == e.B.ID {
			found = true
		}
	}
	if !found {
		t.Fatalf("the district admin does not see cadre B's login: %v", body["items"])
	}
}
