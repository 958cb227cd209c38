package cases_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
)

func TestBulkReadsForPartnerFeeds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		start := f.now
		a, b, c := f.open(t), f.open(t), f.open(t)
		f.now = f.now.Add(time.Hour)
		if _, err := f.store.Move(ctx, a.ID, f.committee(), cases.Acknowledge, cases.MoveInput{Note: "马上去看"}); err != nil {
			t.Fatal(err)
		}
		f.now = f.now.Add(time.Hour)
		if _, err := f.store.Annotate(ctx, a.ID, f.committee(), cases.KindNote, "内部：先联系物业", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Move(ctx, b.ID, f.committee(), cases.Return, cases.MoveInput{Note: "不属于本居委辖区"}); err != nil {
			t.Fatal(err)
		}

		got, err := f.store.GetMany(ctx, []int64{c.ID, a.ID, 99999, a.ID})
		if err != nil || len(got) != 2 || got[0].ID != c.ID || got[1].ID != a.ID {
			t.Fatalf("GetMany: %v %v", got, err)
		}

		latest, err := f.store.LatestPublic(ctx, []int64{a.ID, b.ID, c.ID})
		if err != nil {
			t.Fatal(err)
		}
		if e := latest[a.ID]; e == nil || e.Kind != string(cases.Acknowledge) || e.Note != "马上去看" {
			t.Errorf("a's latest public event must be the acknowledgement, not the internal note: %+v", e)
		}
		if e := latest[b.ID]; e == nil || e.Kind != string(cases.Return) || e.To != cases.Returned {
			t.Errorf("b: %+v", e)
		}
		if e := latest[c.ID]; e == nil || e.Kind != cases.KindSubmit {
			t.Errorf("c: %+v", e)
		}

		feed, err := f.store.PublicEvents(ctx, a.DistrictID, start, f.now, 100)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range feed {
			kinds = append(kinds, e.Kind)
		}
		if want := "submit submit submit acknowledge return"; join(kinds) != want {
			t.Errorf("feed %q, want %q (oldest first, no internal notes)", join(kinds), want)
		}
		if feed, _ := f.store.PublicEvents(ctx, a.DistrictID, start.Add(30*time.Minute), f.now, 1); len(feed) != 1 || feed[0].Kind != "acknowledge" {
			t.Errorf("window and limit: %+v", feed)
		}
		if feed, _ := f.store.PublicEvents(ctx, a.DistrictID+1000, start, f.now, 100); len(feed) != 0 {
			t.Errorf("another district's feed: %+v", feed)
		}
	})
}

func TestListWindowWalksTimeNewestFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		start := f.now
		var ids []int64
		for i := range 6 {
			f.now = start.Add(time.Duration(i) * time.Hour)
			c, err := f.store.Open(ctx, cases.NewCase{NeighborhoodID: f.hood.ID, Category: []string{"parking", "noise"}[i%2],
				Description: "问题", ReporterID: f.resident})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		if _, err := f.store.Move(ctx, ids[4], f.committee(), cases.Return, cases.MoveInput{Note: "不属于本居委"}); err != nil {
			t.Fatal(err)
		}
		w := cases.Window{DistrictID: f.hood.DistrictID, From: start.Add(time.Hour), To: start.Add(4 * time.Hour), Limit: 100}
		got := func(w cases.Window) []int64 {
			t.Helper()
			list, err := f.store.ListWindow(ctx, w)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, c := range list {
				out = append(out, c.ID)
			}
			return out
		}
		same := func(a, b []int64) bool { return fmt.Sprint(a) == fmt.Sprint(b) }
		if g := got(w); !same(g, []int64{ids[4], ids[3], ids[2], ids[1]}) {
			t.Errorf("hours 1-4, both ends inclusive, newest first: %v", g)
		}
		w.Limit = 2
		if g := got(w); !same(g, []int64{ids[4], ids[3]}) {
			t.Errorf("limit 2: %v", g)
		}
		w.Limit, w.Categories = 100, []string{"noise"}
		if g := got(w); !same(g, []int64{ids[3], ids[1]}) {
			t.Errorf("noise: %v", g)
		}
		w.Categories, w.States = nil, []cases.State{cases.Returned, cases.Closed}
		if g := got(w); !same(g, []int64{ids[4]}) {
			t.Errorf("returned or closed: %v", g)
		}
		w.DistrictID = f.hood.DistrictID + 100
		if g := got(w); len(g) != 0 {
			t.Errorf("another district: %v", g)
		}
	})
}

func join(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += " "
		}
		out += s
	}
	return out
}
