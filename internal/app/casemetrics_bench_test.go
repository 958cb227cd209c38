package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/testenv"
	"github.com/linli-dev/linli/internal/workclock"
)

// seedCases bulk-inserts n cases into hood, opened over the year before
// now, with one INSERT ... SELECT per 50,000: a twentieth waiting for an
// answer, a twentieth in progress, a twentieth returned, a fifth resolved,
// the rest closed and rated; one in 25 escalated to the street, one in 50
// reopened once; a third each led by the committee and two units. Working
// times and deadlines vary by row, so percentiles and on-time shares are
// real sorts and real mixtures.
func seedCases(b *testing.B, e *testenv.Env, hood *org.Place, units [2]int64, n int, now time.Time) {
	b.Helper()
	const year = int64(365 * 24 * 3600 * 1000)
	base := now.UnixMilli() - year
	for lo := 1; lo <= n; lo += 50_000 {
		hi := min(lo+50_000-1, n)
		_, err := e.DB.ExecContext(context.Background(), `WITH RECURSIVE seq(i) AS (SELECT CAST(? AS BIGINT) UNION ALL SELECT i + 1 FROM seq WHERE i < ?)
			INSERT INTO cases (district_id, street_id, neighborhood_id, place_id, category, title, description, channel, state, level, lead_unit_id,
				respond_by, resolve_by, due_at, acknowledged_at, resolved_at, closed_at, rating, reopens, respond_work_ms, resolve_work_ms,
				token, created_at, updated_at, version)
			SELECT ?, ?, ?, ?, 'parking', '占道停车', '楼下消防通道被占', 'app',
				CASE WHEN s.k = 0 THEN 'submitted' WHEN s.k = 1 THEN 'in_progress' WHEN s.k = 2 THEN 'returned' WHEN s.k < 7 THEN 'resolved' ELSE 'closed' END,
				CASE WHEN s.i % 25 = 0 THEN 'street' ELSE 'neighborhood' END,
				CASE WHEN s.i % 3 = 0 THEN NULL WHEN s.i % 3 = 1 THEN CAST(? AS BIGINT) ELSE CAST(? AS BIGINT) END,
				s.t + 14400000, s.t + 144000000,
				CASE WHEN s.k < 2 THEN s.t + 144000000 ELSE NULL END,
				CASE WHEN s.k = 0 OR s.k = 2 THEN NULL ELSE s.t + s.ack END,
				CASE WHEN s.k > 2 THEN s.t + s.res END,
				CASE WHEN s.k > 6 THEN s.t + s.res + 86400000 END,
				CASE WHEN s.k > 6 THEN 1 + s.i % 5 ELSE 0 END,
				CASE WHEN s.i % 50 = 0 THEN 1 ELSE 0 END,
				CASE WHEN s.k = 0 OR s.k = 2 THEN NULL ELSE s.ack / 2 END,
				CASE WHEN s.k > 2 THEN s.res / 3 END,
				'm' || ? || '-' || s.i, s.t, s.t, 1
			FROM (SELECT i, i % 20 AS k, ? + (i * 7919000) % ? AS t, (i * 104729) % 28800000 AS ack, (i * 15485863) % 288000000 AS res FROM seq) s`,
			lo, hi, hood.DistrictID, hood.ParentID, hood.ID, hood.ID, units[0], units[1], strconv.FormatInt(hood.ID, 10), base, year)
		if err != nil {
			b.Fatal(err)
		}
	}
	if e.DB.Dialect() == db.Postgres {
		// What autovacuum would have done by now: statistics, and the
		// visibility map that lets index-only scans skip the table.
		if _, err := e.DB.ExecContext(context.Background(), `VACUUM ANALYZE cases`); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCaseMetrics measures the metrics and the cadre's workbench with
// 100,000 cases in neighborhood A (LINLI_BENCH_CASES changes it) and a
// fifth as many in B, on SQLite and, when LINLI_TEST_POSTGRES is set,
// PostgreSQL: the service's metrics for a neighborhood, the street and the
// district over four weeks and a year, the street's metrics page, and each
// workbench queue as HTML, each with its p99.
//
//	LINLI_TEST_POSTGRES=... go test -run '^$' -bench CaseMetrics -benchtime 200x ./internal/app
func BenchmarkCaseMetrics(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("LINLI_BENCH_CASES")); err == nil && v > 0 {
		n = v
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		var e *testenv.Env
		b.Run(dialect, func(b *testing.B) {
			if e == nil {
				if dialect == "sqlite" {
					e = testenv.SQLite(b)
				} else {
					if os.Getenv("LINLI_TEST_POSTGRES") == "" {
						b.Skip("set LINLI_TEST_POSTGRES")
					}
					e = testenv.Postgres(b)
				}
				now := time.Date(2025, 9, 17, 10, 0, 0, 0, workclock.Shanghai())
				e.UseCaseClock(testenv.NewClock(now))
				units := [2]int64{e.AddUnit(b, e.A, org.Property, "甲物业", "13700000301", "甲物业").ID,
					e.AddUnit(b, e.A, org.OwnersCommittee, "甲业委会", "13700000302", "甲业委会").ID}
				start := time.Now()
				seedCases(b, e, e.A, units, n, now)
				seedCases(b, e, e.B, units, n/5, now)
				b.Logf("%s: %d + %d cases seeded in %s", dialect, n, n/5, time.Since(start).Round(time.Millisecond))
			}
			benchCaseMetrics(b, e)
		})
	}
}

func benchCaseMetrics(b *testing.B, e *testenv.Env) {
	ctx := context.Background()
	street, district := principal(b, e, testenv.StreetAdmin), principal(b, e, testenv.DistrictAdmin)
	cadre := principal(b, e, testenv.CadreA)
	if v, err := e.Svc.CaseMetrics(ctx, cadre, e.A.ID, "", ""); err == nil {
		b.Logf("A's last four weeks hold %d cases", v.Result.Cases)
	}
	for _, m := range []struct {
		name     string
		place    *org.Place
		from, to string
	}{
		{"metrics/neighborhood-28d", e.A, "", ""},
		{"metrics/neighborhood-365d", e.A, "2024-09-18", "2025-09-17"},
		{"metrics/street-365d", e.Street, "2024-09-18", "2025-09-17"},
		{"metrics/district-365d", e.District, "2024-09-18", "2025-09-17"},
	} {
		b.Run(m.name, func(b *testing.B) {
			who := cadre
			switch m.place {
			case e.Street:
				who = street
			case e.District:
				who = district
			}
			timed(b, func() error {
				_, err := e.Svc.CaseMetrics(ctx, who, m.place.ID, m.from, m.to)
				return err
			})
		})
	}
	get := func(c *testenv.Client, url string) func() error {
		return func() error {
			resp, err := c.HTTP.Get(url)
			if err != nil {
				return err
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				return fmt.Errorf("%s: %d", url, resp.StatusCode)
			}
			return nil
		}
	}
	sc := e.Client(b)
	sc.Login(testenv.StreetAdmin)
	b.Run("page/street-metrics-28d", func(b *testing.B) {
		timed(b, get(sc, fmt.Sprintf("%s/places/%d/case-metrics", e.URL, e.Street.ID)))
	})
	cc := e.Client(b)
	cc.Login(testenv.CadreA)
	for _, q := range []string{"new", "due_soon", "overdue", "escalated", "open", "all"} {
		b.Run("workbench/"+q, func(b *testing.B) {
			timed(b, get(cc, fmt.Sprintf("%s/places/%d/workbench?queue=%s", e.URL, e.A.ID, q)))
		})
	}
}

// timed runs op b.N times, one after another, and reports its p50 and p99
// besides the mean, and the process's CPU time per op.
func timed(b *testing.B, op func() error) {
	b.Helper()
	var took []time.Duration
	defer reportCPU(b)()
	for b.Loop() {
		start := time.Now()
		if err := op(); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	if len(took) > 0 {
		b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(took[min(len(took)-1, len(took)*99/100)].Microseconds())/1000, "p99-ms")
	}
}
