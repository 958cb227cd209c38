package proposals_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/proposals"
)

// benchLists makes lists of n encouraged categories and n negative items of
// two words each, from common Han characters.
func benchLists(rng *rand.Rand, n int) *proposals.Lists {
	word := func(k int) string {
		var b strings.Builder
		for range k {
			b.WriteRune(rune(0x4e00 + rng.IntN(3000)))
		}
		return b.String()
	}
	l := &proposals.Lists{Version: 1, MinCosigners: 3}
	for i := range n {
		l.Encouraged = append(l.Encouraged, proposals.Category{ID: int64(i + 1), Name: fmt.Sprintf("类别%d", i)})
		l.Negative = append(l.Negative, proposals.Item{ID: int64(i + 1), Name: fmt.Sprintf("负面%d", i), Words: []string{word(3), word(4)},
			Explanation: "说明"})
	}
	return l
}

// benchBody is a clean proposal body of n runes from characters no listed
// word uses, so the scan runs to the end (the worst case).
func benchBody(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteRune(rune(0x4e00 + 3000 + rng.IntN(3000)))
	}
	return b.String()
}

// BenchmarkScreen1000Entries screens a 2,000-rune proposal against a
// 1,000-entry encouraged list and a 1,000-entry negative list (2,000 words),
// compiled once: the target is < 1 ms.
func BenchmarkScreen1000Entries(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	sc := proposals.NewScreener(benchLists(rng, 1000))
	body := benchBody(rng, 2000)
	b.ResetTimer()
	for b.Loop() {
		if v := sc.Screen("楼道加装感应灯", body, "类别999"); v.Item != nil || !v.Encouraged {
			b.Fatal("unexpected verdict")
		}
	}
}

// BenchmarkCompile1000Entries is the once-per-version cost of compiling lists.
func BenchmarkCompile1000Entries(b *testing.B) {
	l := benchLists(rand.New(rand.NewPCG(1, 2)), 1000)
	for b.Loop() {
		proposals.NewScreener(l)
	}
}

// BenchmarkScreenerFromDatabase is screening as Submit does it: read the
// list version (one indexed row), take the compiled lists from the cache,
// screen. SQLite.
func BenchmarkScreenerFromDatabase(b *testing.B) {
	d := dbtest.SQLite(b)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	l := benchLists(rng, 1000)
	o := org.NewStore(d)
	dist, err := o.CreatePlace(ctx, d, 0, org.District, "区")
	if err != nil {
		b.Fatal(err)
	}
	at := proposals.Place{DistrictID: dist.ID, StreetID: dist.ID, NeighborhoodID: dist.ID}
	s := proposals.NewStore(d)
	e := proposals.ListEdit{MinCosigners: 3}
	for _, c := range l.Encouraged {
		e.Encouraged = append(e.Encouraged, c.Name)
	}
	e.Negative = l.Negative
	if err := d.Tx(ctx, func(tx *db.Tx) error { _, err := s.SetLists(ctx, tx, dist.ID, dist.ID, e); return err }); err != nil {
		b.Fatal(err)
	}
	body := benchBody(rng, 2000)
	b.ResetTimer()
	for b.Loop() {
		sc, err := s.Screener(ctx, at)
		if err != nil {
			b.Fatal(err)
		}
		if v := sc.Screen("楼道加装感应灯", body, "类别1"); v.Item != nil {
			b.Fatal("unexpected match")
		}
	}
}
