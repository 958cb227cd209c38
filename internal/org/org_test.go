package org_test

import (
	"context"
	"testing"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
)

func TestTreeFollowsTheLevels(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := org.NewStore(d)
		dist, err := s.CreatePlace(ctx, d, 0, org.District, "宝山区")
		if err != nil {
			t.Fatal(err)
		}
		street, _ := s.CreatePlace(ctx, d, dist.ID, org.Street, "友谊路街道")
		hood, _ := s.CreatePlace(ctx, d, street.ID, org.Neighborhood, "友谊新村")
		grid, _ := s.CreatePlace(ctx, d, hood.ID, org.Grid, "第一网格")
		bld, err := s.CreatePlace(ctx, d, grid.ID, org.Building, "3号楼")
		if err != nil {
			t.Fatal(err)
		}
		if bld.DistrictID != dist.ID || bld.NeighborhoodID != hood.ID || !hood.Contains(bld) || bld.Contains(hood) {
			t.Fatalf("building %+v does not sit under %+v", bld, hood)
		}
		if _, err := s.CreatePlace(ctx, d, street.ID, org.Building, "错层"); !errs.Is(err, errs.Invalid) {
			t.Fatalf("a building under a street: %v", err)
		}
		if _, err := s.CreatePlace(ctx, d, grid.ID, org.Building, " 3号楼 "); !errs.Is(err, errs.Invalid) {
			t.Fatalf("a duplicate name: %v", err)
		}
		if _, err := s.CreatePlace(ctx, d, 99999, org.Street, "无处"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("a missing parent: %v", err)
		}
		anc, err := s.Ancestors(ctx, bld)
		if err != nil || len(anc) != 4 || anc[0].ID != dist.ID || anc[3].ID != grid.ID {
			t.Fatalf("ancestors: %v %v", anc, err)
		}
		sub, err := s.Subtree(ctx, hood)
		if err != nil || len(sub) != 3 {
			t.Fatalf("subtree of the neighborhood: %d places, %v", len(sub), err)
		}
	})
}

func TestHouseholdsAreEnsuredOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := org.NewStore(d)
		dist, _ := s.CreatePlace(ctx, d, 0, org.District, "区")
		street, _ := s.CreatePlace(ctx, d, dist.ID, org.Street, "街道")
		hood, _ := s.CreatePlace(ctx, d, street.ID, org.Neighborhood, "小区")
		grid, _ := s.CreatePlace(ctx, d, hood.ID, org.Grid, "网格")
		bld, _ := s.CreatePlace(ctx, d, grid.ID, org.Building, "1号楼")
		h1, created, err := s.EnsureHousehold(ctx, d, bld, "１０１室", 8950)
		if err != nil || !created || h1.Room != "101" {
			t.Fatalf("first: %+v %v %v", h1, created, err)
		}
		h2, created, err := s.EnsureHousehold(ctx, d, bld, "101", 9000)
		if err != nil || created || h2.ID != h1.ID || h2.AreaCenti != 9000 {
			t.Fatalf("second: %+v %v %v", h2, created, err)
		}
		if err := s.RecountHouseholds(ctx, d, hood.ID); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{hood.ID, grid.ID, bld.ID} {
			p, _ := s.Place(ctx, id)
			if p.HouseholdCount != 1 {
				t.Errorf("%s counts %d households, want 1", p.Name, p.HouseholdCount)
			}
		}
	})
}

func TestParseArea(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"89.5", 8950, true}, {"８９．５", 8950, true}, {"120㎡", 12000, true}, {"0", 0, false}, {"-3", 0, false}, {"大", 0, false},
	}
	for _, c := range cases {
		got, err := org.ParseArea("area", c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseArea(%q) = %d, %v", c.in, got, err)
		}
	}
	if org.FormatArea(8950) != "89.5" || org.FormatArea(12000) != "120" {
		t.Fatal("FormatArea")
	}
}
