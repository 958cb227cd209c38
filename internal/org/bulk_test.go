package org_test

import (
	"context"
	"testing"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/org"
)

func TestBulkReadsByID(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := org.NewStore(d)
		dist, _ := s.CreatePlace(ctx, d, 0, org.District, "宝山区")
		street, _ := s.CreatePlace(ctx, d, dist.ID, org.Street, "友谊路街道")
		hood, err := s.CreatePlace(ctx, d, street.ID, org.Neighborhood, "友谊新村")
		if err != nil {
			t.Fatal(err)
		}
		// Three ids (rounded up to four in the query), a repeat, a zero and an unknown one.
		got, err := s.PlacesByID(ctx, []int64{hood.ID, dist.ID, hood.ID, 0, 9999, street.ID})
		if err != nil || len(got) != 3 || got[hood.ID].Name != "友谊新村" || got[street.ID].Kind != org.Street {
			t.Fatalf("%v %v", got, err)
		}
		u, err := s.CreateUnit(ctx, d, hood, org.Property, "绿城物业", "", []*org.Place{hood})
		if err != nil {
			t.Fatal(err)
		}
		names, err := s.UnitNames(ctx, []int64{u.ID, 777})
		if err != nil || len(names) != 1 || names[u.ID] != "绿城物业" {
			t.Fatalf("%v %v", names, err)
		}
		if none, err := s.PlacesByID(ctx, nil); err != nil || len(none) != 0 {
			t.Fatalf("no ids: %v %v", none, err)
		}
	})
}
