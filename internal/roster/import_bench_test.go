package roster_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"

	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/roster"
)

// BenchmarkImport100k imports a 100,000-household roster into a fresh SQLite
// database per iteration and reports rows per second.
//
//	go test -run xxx -bench Import100k -benchtime 1x ./internal/roster
func BenchmarkImport100k(b *testing.B) {
	var buf bytes.Buffer
	if err := roster.WriteSample(&buf, rand.New(rand.NewPCG(1, 1)), 100_000); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		d := dbtest.SQLite(b)
		tr := newTree(b, d)
		b.StartTimer()
		rep, err := tr.store.Import(context.Background(), tr.hood, bytes.NewReader(buf.Bytes()), nil)
		if err != nil || rep.Good != 100_000 || rep.NewPeople != 100_000 {
			b.Fatalf("%v %+v", err, rep)
		}
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}
