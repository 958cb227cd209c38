package cases_test

import (
	"context"
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
