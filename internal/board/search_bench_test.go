package board_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/demo"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/pii"
	"github.com/linli-dev/linli/internal/service"
)

// BenchmarkSearch searches the sample district with the 50,000 topics
// (linli gen's mix: 停车 is in one title of 12, 车位 in one body of 6 and
// more), as a resident of one neighborhood and as a street admin. Setting up
// takes about a minute on SQLite and several on PostgreSQL:
//
//	go test -run xxx -bench Search -benchtime 2s ./internal/board
func BenchmarkSearch(b *testing.B) {
	dialects := map[string]func(testing.TB) *db.DB{"sqlite": dbtest.SQLite, "postgres": dbtest.Postgres}
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			if name == "postgres" && dbtest.PostgresURL(b) == "" {
				b.Skip("set LINLI_TEST_POSTGRES to benchmark PostgreSQL")
			}
			benchmarkSearch(b, dialects[name](b))
		})
	}
}

func benchmarkSearch(b *testing.B, d *db.DB) {
	ctx := context.Background()
	keys, _ := pii.NewKeys(bytes.Repeat([]byte{1}, 32))
	svc := service.New(d, keys)
	if _, err := demo.Seed(ctx, svc); err != nil {
		b.Fatal(err)
	}
	if err := demo.Generate(ctx, svc, demo.Volume{Topics: 50_000}, nil); err != nil {
		b.Fatal(err)
	}
	if d.Dialect() == db.Postgres {
		if _, err := d.ExecContext(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	hoods, err := svc.Neighborhoods(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var street []int64
	for _, h := range hoods {
		if h.ParentID == hoods[0].ParentID && h.Kind == org.Neighborhood {
			street = append(street, h.ID)
		}
	}
	store := board.NewStore(d)
	cases := []struct {
		name  string
		hoods []int64
		text  string
	}{
		{"停车", []int64{hoods[0].ID}, "停车"},
		{"垃圾", []int64{hoods[0].ID}, "垃圾"},
		{"电梯", []int64{hoods[0].ID}, "电梯"},
		{"车位", []int64{hoods[0].ID}, "车位"},
		{"停车难", []int64{hoods[0].ID}, "停车难"},
		{"street/停车", street, "停车"},
		{"one/停", []int64{hoods[0].ID}, "停"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			cpu := cpuTime()
			for b.Loop() {
				if _, err := store.Search(ctx, board.SearchQuery{NeighborhoodIDs: c.hoods, Text: c.text}); err != nil {
					b.Fatal(err)
				}
			}
			if cpu > 0 {
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}
