package cases_test

import (
	"context"
	"testing"

	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
)

// TestRoutingMostSpecificWins: building 1's parking goes to the owners'
// committee, the rest of the grid's to the property company; noise has no rule
// and stays with the committee.
func TestRoutingMostSpecificWins(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		dist := f.hood.DistrictID
		set := func(place, unit int64) {
			t.Helper()
			if err := f.store.SetRoute(ctx, dist, cases.Route{NeighborhoodID: f.hood.ID, Category: "parking", PlaceID: place, UnitID: unit}, f.cadre); err != nil {
				t.Fatal(err)
			}
		}
		set(0, f.owners.ID)
		set(f.grid.ID, f.property.ID)
		set(f.b1.ID, f.owners.ID)
		set(0, f.owners.ID) // setting a rule again replaces it
		cases_ := []struct {
			name     string
			place    int64
			category string
			want     int64
		}{
			{"the building's own rule", f.b1.ID, "parking", f.owners.ID},
			{"the grid's rule for another building", f.b2.ID, "parking", f.property.ID},
			{"the grid itself", f.grid.ID, "parking", f.property.ID},
			{"the neighborhood-wide rule", f.hood.ID, "parking", f.owners.ID},
			{"no rule: the committee", f.b1.ID, "noise", 0},
		}
		for _, c := range cases_ {
			got, err := f.store.Route(ctx, f.hood.ID, c.place, c.category)
			if err != nil || got != c.want {
				t.Errorf("%s: unit %d %v, want %d", c.name, got, err, c.want)
			}
		}
		routes, _ := f.store.Routes(ctx, f.hood.ID)
		if len(routes) != 3 {
			t.Fatalf("%d routes, want 3", len(routes))
		}
		opened := f.open(t) // parking at building 1
		if opened.LeadUnitID != f.owners.ID {
			t.Fatalf("opened case routed to %d, want the owners' committee", opened.LeadUnitID)
		}
		if err := f.store.DeleteRoute(ctx, f.hood.ID, "parking", f.b1.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.store.Route(ctx, f.hood.ID, f.b1.ID, "parking"); got != f.property.ID {
			t.Fatalf("after deleting the building's rule: %d", got)
		}
		if err := f.store.SetRoute(ctx, dist, cases.Route{NeighborhoodID: f.hood.ID, Category: "karaoke", UnitID: f.property.ID}, 0); !errs.Is(err, errs.Invalid) {
			t.Fatalf("unknown category: %v", err)
		}
	})
}

func TestOpenChecksItsInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		lat := 31.4
		bad := []struct {
			name  string
			n     cases.NewCase
			field string
		}{
			{"no description", cases.NewCase{NeighborhoodID: f.hood.ID, Category: "parking"}, "description"},
			{"unknown category", cases.NewCase{NeighborhoodID: f.hood.ID, Category: "x", Description: "d"}, "category"},
			{"unknown channel", cases.NewCase{NeighborhoodID: f.hood.ID, Category: "parking", Description: "d", Channel: "fax"}, "channel"},
			{"latitude without longitude", cases.NewCase{NeighborhoodID: f.hood.ID, Category: "parking", Description: "d", Lat: &lat}, "lat"},
			{"a place in another neighborhood", cases.NewCase{NeighborhoodID: f.hood.ID, PlaceID: f.hood.ParentID, Category: "parking", Description: "d"}, "place"},
		}
		for _, b := range bad {
			_, err := f.store.Open(ctx, b.n)
			if e := errs.As(err); e.Code != errs.Invalid || e.Field != b.field {
				t.Errorf("%s: %v, want invalid %s", b.name, err, b.field)
			}
		}
		c, err := f.store.Open(ctx, cases.NewCase{NeighborhoodID: f.hood.ID, Category: "noise", Description: "楼上装修\n每天早上七点开始", Channel: cases.Phone,
			EnteredBy: f.cadre})
		if err != nil {
			t.Fatal(err)
		}
		if c.Title != "楼上装修" || c.PlaceID != f.hood.ID || c.StreetID != f.hood.ParentID || c.Token == "" || c.ReporterID != 0 {
			t.Fatalf("opened %+v", c)
		}
		if got, err := f.store.ByToken(ctx, c.Token); err != nil || got.ID != c.ID {
			t.Fatalf("by token: %v %v", got, err)
		}
		if _, err := f.store.Get(ctx, c.ID+1000); !errs.Is(err, errs.NotFound) {
			t.Fatalf("missing case: %v", err)
		}
	})
}
