package cases_test

import (
	"context"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
)

// pageAll follows a filter's cursors to the end, failing on a repeat.
func pageAll(t *testing.T, s *cases.Store, f cases.Filter) []*cases.Case {
	t.Helper()
	var out []*cases.Case
	seen := map[int64]bool{}
	for pages := 0; ; pages++ {
		list, next, err := s.List(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range list {
			if seen[c.ID] {
				t.Fatalf("case %d repeated on page %d", c.ID, pages)
			}
			seen[c.ID] = true
		}
		out = append(out, list...)
		if next == "" {
			return out
		}
		if pages > 100 {
			t.Fatal("paging does not end")
		}
		f.Cursor = next
	}
}

func TestListPagesWithoutGapsOrRepeats(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		// Deadlines that collide in pairs, so the cursor's tie-break on id matters.
		n := 0
		f.store.Deadlines = func(c *cases.Case) (time.Time, time.Time) {
			n++
			return f.now.Add(time.Duration(n/2) * time.Hour), f.now.Add(72 * time.Hour)
		}
		var ids []int64
		for range 23 {
			ids = append(ids, f.open(t).ID)
		}
		// Acknowledge every third: its due time becomes the resolution deadline.
		for i := 0; i < len(ids); i += 3 {
			if _, err := f.store.Move(ctx, ids[i], f.committee(), cases.Acknowledge, cases.MoveInput{}); err != nil {
				t.Fatal(err)
			}
		}
		hood := []int64{f.hood.ID}
		newest := pageAll(t, f.store, cases.Filter{NeighborhoodIDs: hood, Limit: 4})
		if len(newest) != 23 {
			t.Fatalf("newest: %d cases, want 23", len(newest))
		}
		for i := 1; i < len(newest); i++ {
			if newest[i].ID >= newest[i-1].ID {
				t.Fatalf("newest out of order at %d", i)
			}
		}
		due := pageAll(t, f.store, cases.Filter{NeighborhoodIDs: hood, Order: cases.Due, Limit: 5})
		if len(due) != 23 {
			t.Fatalf("by deadline: %d cases, want 23", len(due))
		}
		for i := 1; i < len(due); i++ {
			a, b := due[i-1], due[i]
			if b.DueAt.Before(a.DueAt) || b.DueAt.Equal(a.DueAt) && b.ID < a.ID {
				t.Fatalf("by deadline out of order at %d", i)
			}
		}
		submitted := pageAll(t, f.store, cases.Filter{NeighborhoodIDs: hood, States: []cases.State{cases.Submitted}, Limit: 3})
		if len(submitted) != 23-8 {
			t.Fatalf("submitted: %d, want 15", len(submitted))
		}
		overdue := pageAll(t, f.store, cases.Filter{NeighborhoodIDs: hood, DueBefore: f.now.Add(3 * time.Hour), Order: cases.Due, Limit: 2})
		for _, c := range overdue {
			if !c.DueAt.Before(f.now.Add(3 * time.Hour)) {
				t.Fatalf("case due %v listed as due before %v", c.DueAt, f.now.Add(3*time.Hour))
			}
		}
		if len(overdue) == 0 {
			t.Fatal("nothing due in 3 hours")
		}
		f.now = f.now.Add(time.Minute)
		updated := pageAll(t, f.store, cases.Filter{DistrictID: f.hood.DistrictID, Order: cases.Updated, Limit: 6})
		if len(updated) != 23 || updated[len(updated)-1].UpdatedAt.Before(updated[0].UpdatedAt) {
			t.Fatalf("by update: %d", len(updated))
		}
		if _, _, err := f.store.List(ctx, cases.Filter{Cursor: "%%%"}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("bad cursor: %v", err)
		}
	})
}

func TestListByReporterLevelAndStreet(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		a, b := f.open(t), f.open(t)
		if _, err := f.store.Move(ctx, b.ID, cases.System, cases.Escalate, cases.MoveInput{}); err != nil {
			t.Fatal(err)
		}
		mine, _, _ := f.store.List(ctx, cases.Filter{ReporterID: f.resident})
		others, _, _ := f.store.List(ctx, cases.Filter{ReporterID: f.other})
		street, _, _ := f.store.List(ctx, cases.Filter{StreetID: a.StreetID, Level: cases.LevelStreet})
		escalated, _, _ := f.store.List(ctx, cases.Filter{NeighborhoodIDs: []int64{f.hood.ID}, Escalated: true})
		if len(mine) != 2 || len(others) != 0 || len(street) != 1 || street[0].ID != b.ID || len(escalated) != 1 {
			t.Fatalf("mine %d, others %d, street %v, escalated %d", len(mine), len(others), street, len(escalated))
		}
	})
}
