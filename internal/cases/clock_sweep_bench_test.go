package cases_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/clocks"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/pii"
	"github.com/linli-dev/linli/internal/workclock"
)

// BenchmarkSweep times the deadline sweep over a district with a million
// open cases (LINLI_SWEEP_CASES to change it) in 500 neighborhoods, each
// with a cadre and a secretary, deadlines spread from two days ago to twenty
// days ahead, so about a tenth are overdue. The first sweep catches up on all
// of them (logged); each timed sweep then runs ten minutes after the one
// before, as the server's ticker does. Run with
//
//	LINLI_TEST_POSTGRES=... go test -run '^$' -bench Sweep -benchtime 5x ./internal/cases
func BenchmarkSweep(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("LINLI_SWEEP_CASES")); err == nil && v > 0 {
		n = v
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		// The framework calls a sub-benchmark more than once; the district
		// is built once, on the parent, and each call sweeps on from where
		// the last one stopped.
		var store *cases.Store
		var st *clocks.Settings
		var now time.Time
		b.Run(dialect, func(sub *testing.B) {
			if store == nil {
				var d *db.DB
				if dialect == "sqlite" {
					d = dbtest.SQLite(b)
				} else {
					if dbtest.PostgresURL(b) == "" {
						sub.Skip("set LINLI_TEST_POSTGRES")
					}
					d = dbtest.Postgres(b)
				}
				st, now = sweepDistrict(sub, d, n)
				store = cases.NewStore(d)
				start := time.Now()
				r, err := store.Sweep(context.Background(), st.Plan(now, time.Time{}))
				if err != nil {
					sub.Fatal(err)
				}
				sub.Logf("%s: catch-up sweep over %d open cases: %s (%+v)", dialect, n, time.Since(start).Round(time.Millisecond), r)
				sub.ResetTimer()
			}
			var r cases.SweepResult
			var err error
			for i := 0; i < sub.N; i++ {
				last := now
				now = now.Add(10 * time.Minute)
				if r, err = store.Sweep(context.Background(), st.Plan(now, last)); err != nil {
					sub.Fatal(err)
				}
			}
			sub.StopTimer()
			sub.Logf("%s: last timed sweep: %+v", dialect, r)
		})
	}
}

// sweepDistrict builds the district and bulk-inserts its cases with one
// INSERT ... SELECT per 100,000, and returns its settings and a Wednesday
// 10:00 to sweep at.
func sweepDistrict(b *testing.B, d *db.DB, n int) (*clocks.Settings, time.Time) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	o := org.NewStore(d)
	keys, _ := pii.NewKeys(make([]byte, 32))
	accts, grants := account.NewStore(d, keys), access.NewStore(d)
	const streets, perStreet = 10, 50
	var hoodFirst, streetFirst int64
	var districtID int64
	err := d.Tx(ctx, func(tx *db.Tx) error {
		dist, err := o.CreatePlace(ctx, tx, 0, org.District, "基准区")
		if err != nil {
			return err
		}
		districtID = dist.ID
		var sts []*org.Place
		for i := range streets {
			s, err := o.CreatePlace(ctx, tx, dist.ID, org.Street, fmt.Sprintf("街道%d", i))
			if err != nil {
				return err
			}
			sts = append(sts, s)
		}
		streetFirst = sts[0].ID
		for i := range streets * perStreet {
			h, err := o.CreatePlace(ctx, tx, sts[i/perStreet].ID, org.Neighborhood, fmt.Sprintf("居委%d", i))
			if err != nil {
				return err
			}
			if i == 0 {
				hoodFirst = h.ID
			}
			for j, role := range []access.Role{access.Cadre, access.Secretary} {
				u, err := accts.Insert(ctx, tx, fmt.Sprintf("137%04d%04d", i, j), "x", fmt.Sprintf("干部%d-%d", i, j))
				if err != nil {
					return err
				}
				if err := grants.GrantRole(ctx, tx, u.ID, role, h.ID, dist.ID, 0, 0); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2025, time.September, 17, 10, 0, 0, 0, workclock.Shanghai())
	base := now.Add(-48 * time.Hour).UnixMilli()
	hoods := int64(streets * perStreet)
	const chunk = 100_000
	for lo := 1; lo <= n; lo += chunk {
		hi := min(lo+chunk-1, n)
		// Case i: neighborhood i mod 500; due in [now-2d, now+20d); 40%
		// waiting for a first response, the rest being resolved; opened and
		// last changed in the 22 days before now-2d (never in the future, or
		// every sweep's "changed since" claims would find most of them).
		_, err := d.ExecContext(ctx, `WITH RECURSIVE seq(i) AS (SELECT CAST(? AS BIGINT) UNION ALL SELECT i + 1 FROM seq WHERE i < ?)
			INSERT INTO cases (district_id, street_id, neighborhood_id, place_id, category, title, description, channel, state, level,
				respond_by, resolve_by, due_at, token, created_at, updated_at, version)
			SELECT ?, ? + (i % ?) / ?, ? + i % ?, ? + i % ?, 'parking', '占道停车', '楼下消防通道被占', 'app',
				CASE WHEN i % 10 < 4 THEN 'submitted' ELSE 'in_progress' END, 'neighborhood',
				? + (i * 7919) % 1900800 * 1000, ? + (i * 7919) % 1900800 * 1000, ? + (i * 7919) % 1900800 * 1000,
				'bench' || i, ? - (i * 7919) % 1900800 * 1000, ? - (i * 7919) % 1900800 * 1000, 1
			FROM seq`,
			lo, hi, districtID, streetFirst, hoods, perStreet, hoodFirst, hoods, hoodFirst, hoods, base, base, base, base, base)
		if err != nil {
			b.Fatal(err)
		}
	}
	if d.Dialect() == db.Postgres {
		if _, err := d.ExecContext(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	st := clocks.Defaults(districtID)
	b.Logf("%s: %d cases in %d neighborhoods generated in %s", d.Dialect(), n, hoods, time.Since(start).Round(time.Second))
	return st, now
}
