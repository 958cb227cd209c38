package app_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/linli-dev/linli/internal/testenv"
)

// TestNothingCrossesNeighborhoods proves the access rules through the real
// server: a cadre of A can do nothing in B, a resident of A cannot read B's
// private data, and every refusal leaves an audit row.
func TestNothingCrossesNeighborhoods(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		cases := []struct {
			name, who, method, path string
			body                    any
			status                  int
		}{
			{"cadre of A reads A's queue", testenv.CadreA, "GET", fmt.Sprintf("/api/v1/neighborhoods/%d/verifications", e.A.ID), nil, 200},
			{"cadre of A cannot read B's queue", testenv.CadreA, "GET", fmt.Sprintf("/api/v1/neighborhoods/%d/verifications", e.B.ID), nil, 404},
			{"cadre of A cannot open B's building", testenv.CadreA, "GET", fmt.Sprintf("/api/v1/places/%d", e.BuildingB.ID), nil, 404},
			{"cadre of A cannot add a unit to B", testenv.CadreA, "POST", fmt.Sprintf("/api/v1/places/%d/units", e.B.ID), map[string]string{"kind": "property", "name": "冒名物业"}, 404},
			{"cadre of A cannot grant roles in B", testenv.CadreA, "POST", fmt.Sprintf("/api/v1/places/%d/roles", e.B.ID), map[string]string{"phone": testenv.CadreA, "role": "cadre"}, 404},
			{"cadre of A cannot import into B", testenv.CadreA, "POST", fmt.Sprintf("/api/v1/places/%d/imports", e.B.ID), "楼栋,房号,面积\n1号楼,301,80\n", 404},
			{"cadre of A cannot read B's audit log", testenv.CadreA, "GET", fmt.Sprintf("/api/v1/audit?place=%d", e.B.ID), nil, 404},
			{"secretary of A cannot import into B", testenv.SecretaryA, "POST", fmt.Sprintf("/api/v1/places/%d/imports", e.B.ID), "楼栋,房号,面积\n1号楼,301,80\n", 404},
			{"secretary of A cannot name a secretary", testenv.SecretaryA, "POST", fmt.Sprintf("/api/v1/places/%d/roles", e.A.ID), map[string]string{"phone": testenv.CadreA, "role": "secretary"}, 422},
			{"resident of A cannot read A's roster", testenv.ResidentA, "GET", fmt.Sprintf("/api/v1/places/%d", e.BuildingA.ID), nil, 403},
			{"resident of A cannot read B's roster", testenv.ResidentA, "GET", fmt.Sprintf("/api/v1/places/%d", e.BuildingB.ID), nil, 404},
			{"resident of A cannot review A", testenv.ResidentA, "GET", fmt.Sprintf("/api/v1/neighborhoods/%d/verifications", e.A.ID), nil, 403},
			{"resident of A cannot read B's queue", testenv.ResidentA, "GET", fmt.Sprintf("/api/v1/neighborhoods/%d/verifications", e.B.ID), nil, 404},
			{"resident of B cannot read the audit log", testenv.ResidentB, "GET", "/api/v1/audit", nil, 403},
			{"street admin reads B", testenv.StreetAdmin, "GET", fmt.Sprintf("/api/v1/places/%d", e.BuildingB.ID), nil, 200},
			{"nobody logged in", "", "GET", fmt.Sprintf("/api/v1/places/%d", e.A.ID), nil, 401},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				var before int
				_ = e.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied'`).Scan(&before)
				cl := e.Client(t)
				if c.who != "" {
					cl.Login(c.who)
				}
				st, body := cl.Do(c.method, c.path, c.body)
				if st != c.status {
					t.Fatalf("%s %s: got %d %v, want %d", c.method, c.path, st, body["_raw"], c.status)
				}
				if st == 403 || (st == 404 && c.who != "") {
					var after int
					_ = e.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied'`).Scan(&after)
					if after != before+1 {
						t.Fatalf("refusal left %d audit rows, want 1", after-before)
					}
				}
			})
		}
		var units int
		_ = e.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM units`).Scan(&units)
		if units != 0 {
			t.Fatalf("a refused request created %d units", units)
		}
	})
}
