package projects_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/projects"
)

func TestTimelinePagesCarryTheirUpdatesPhotos(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 1)
		p := f.create(t, projects.Draft{Title: "道路", Description: "修补路面。"})
		f.tx(t, func(tx *db.Tx) error {
			for i := range 120 {
				photos := []projects.Photo{photo}
				if i%3 == 0 {
					photos = nil
				}
				if _, err := f.store.AddUpdate(ctx, tx, p, f.cadre, fmt.Sprintf("第%d次进展", i), photos); err != nil {
					return err
				}
			}
			return nil
		})
		seen, withPhotos := 0, 0
		before := int64(0)
		for pages := 0; ; pages++ {
			events, next, err := f.store.Timeline(ctx, p.ID, before, 50)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range events {
				if e.Kind == projects.KindUpdate {
					seen++
					if len(e.Photos) > 0 {
						withPhotos++
					}
				}
			}
			if next == 0 {
				if pages != 2 {
					t.Fatalf("%d pages for 121 events", pages+1)
				}
				break
			}
			before = next
		}
		if seen != 120 || withPhotos != 80 {
			t.Fatalf("saw %d updates, %d with photos", seen, withPhotos)
		}
		if got := f.reload(t, p.ID); got.UpdateCount != 120 {
			t.Fatalf("update_count %d", got.UpdateCount)
		}
	})
}

func TestListByStateWithCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 1)
		for i := range 25 {
			p := f.create(t, projects.Draft{Title: fmt.Sprintf("项目%d", i), Description: "说明。"})
			if i%5 == 0 {
				f.move(t, p.ID, projects.List, "")
			}
		}
		counts, err := f.store.Counts(ctx, f.hood.ID)
		if err != nil || counts[projects.Proposed] != 20 || counts[projects.Listed] != 5 {
			t.Fatalf("counts %v %v", counts, err)
		}
		page, err := f.store.List(ctx, projects.ListQuery{NeighborhoodID: f.hood.ID})
		if err != nil || len(page.Projects) != 20 || page.Next == 0 || page.Projects[0].Title != "项目24" {
			t.Fatalf("first page: %d, next %d, %v", len(page.Projects), page.Next, err)
		}
		rest, _ := f.store.List(ctx, projects.ListQuery{NeighborhoodID: f.hood.ID, Before: page.Next})
		if len(rest.Projects) != 5 || rest.Next != 0 || rest.Projects[4].Title != "项目0" {
			t.Fatalf("second page: %d, next %d", len(rest.Projects), rest.Next)
		}
		listed, _ := f.store.List(ctx, projects.ListQuery{NeighborhoodID: f.hood.ID, State: projects.Listed})
		if len(listed.Projects) != 5 {
			t.Fatalf("listed: %d", len(listed.Projects))
		}
		if _, err := f.store.List(ctx, projects.ListQuery{NeighborhoodID: f.hood.ID, State: "flying"}); err == nil {
			t.Fatal("a made-up state was listed")
		}
	})
}
