package cases_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/pii"
)

// loop is a cycle of moves a case can repeat for ever: the reporter reopens
// what was resolved and the committee takes it up again.
// benchMovers is how many cases are moved at once (LINLI_BENCH_MOVERS changes it).
var benchMovers = 16

var loop = []cases.Action{cases.Acknowledge, cases.Assign, cases.Start, cases.Resolve, cases.Reopen}

// BenchmarkMove measures case transitions per second: concurrent movers, each
// on its own case, each move a full Move (read, check, version-checked
// update, event) in its own transaction. Reports moves/s.
//
//	go test -run '^$' -bench Move -benchtime 5s ./internal/cases/
func BenchmarkMove(b *testing.B) {
	if n, err := strconv.Atoi(os.Getenv("LINLI_BENCH_MOVERS")); err == nil && n > 0 {
		benchMovers = n
	}
	b.Run("sqlite", func(b *testing.B) { benchMove(b, dbtest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) {
		if dbtest.PostgresURL(b) == "" {
			b.Skip("set LINLI_TEST_POSTGRES")
		}
		benchMove(b, dbtest.Postgres(b))
	})
}

func benchMove(b *testing.B, d *db.DB) {
	ctx := context.Background()
	o := org.NewStore(d)
	dist, _ := o.CreatePlace(ctx, d, 0, org.District, "区")
	street, _ := o.CreatePlace(ctx, d, dist.ID, org.Street, "街道")
	hood, _ := o.CreatePlace(ctx, d, street.ID, org.Neighborhood, "小区")
	unit, err := o.CreateUnit(ctx, d, hood, org.Property, "物业", "", []*org.Place{hood})
	if err != nil {
		b.Fatal(err)
	}
	keys, _ := pii.NewKeys(make([]byte, 32))
	accts := account.NewStore(d, keys)
	u, err := accts.Insert(ctx, d, "13800000000", "x", "居民")
	if err != nil {
		b.Fatal(err)
	}
	cadre, err := accts.Insert(ctx, d, "13800000001", "x", "社工")
	if err != nil {
		b.Fatal(err)
	}
	s := cases.NewStore(d)
	s.Deadlines = func(c *cases.Case) (time.Time, time.Time) {
		return c.CreatedAt.Add(4 * time.Hour), c.CreatedAt.Add(72 * time.Hour)
	}
	movers := benchMovers
	ids := make(chan int64, movers)
	for range movers {
		c, err := s.Open(ctx, cases.NewCase{NeighborhoodID: hood.ID, Category: "parking", Description: "车位", ReporterID: u.ID})
		if err != nil {
			b.Fatal(err)
		}
		ids <- c.ID
	}
	committee := cases.Actor{UserID: cadre.ID, Roles: []cases.Role{cases.RoleCommittee}}
	reporter := cases.Actor{UserID: u.ID}
	var failed atomic.Int64
	b.SetParallelism(max(1, movers/runtime.GOMAXPROCS(0))) // 16 goroutines on 2 cores
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		id := <-ids
		step := 0
		for pb.Next() {
			a := loop[step%len(loop)]
			by := committee
			in := cases.MoveInput{Note: "进展"}
			switch a {
			case cases.Assign:
				in.LeadUnitID = unit.ID
			case cases.Reopen:
				by = reporter
			}
			if _, err := s.Move(ctx, id, by, a, in); err != nil {
				failed.Add(1)
				b.Error(fmt.Errorf("%s: %w", a, err))
				return
			}
			step++
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "moves/s")
	if failed.Load() > 0 {
		b.Fatalf("%d moves failed", failed.Load())
	}
}
