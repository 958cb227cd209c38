package cases_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/pii"
)

// fixture is one neighborhood with a grid, two buildings, a property company,
// an owners' committee, a reporting resident and a cadre, on a test clock.
type fixture struct {
	d                      *db.DB
	store                  *cases.Store
	now                    time.Time
	hood, grid, b1, b2     *org.Place
	property, owners       *org.Unit
	resident, cadre, other int64
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	o := org.NewStore(d)
	must := func(p *org.Place, err error) *org.Place {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	f := &fixture{d: d, now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	dist := must(o.CreatePlace(ctx, d, 0, org.District, "宝山区"))
	street := must(o.CreatePlace(ctx, d, dist.ID, org.Street, "友谊路街道"))
	f.hood = must(o.CreatePlace(ctx, d, street.ID, org.Neighborhood, "盘古路居委"))
	f.grid = must(o.CreatePlace(ctx, d, f.hood.ID, org.Grid, "第一网格"))
	f.b1 = must(o.CreatePlace(ctx, d, f.grid.ID, org.Building, "1号楼"))
	f.b2 = must(o.CreatePlace(ctx, d, f.grid.ID, org.Building, "2号楼"))
	var err error
	if f.property, err = o.CreateUnit(ctx, d, f.hood, org.Property, "绿城物业", "", []*org.Place{f.hood}); err != nil {
		t.Fatal(err)
	}
	if f.owners, err = o.CreateUnit(ctx, d, f.hood, org.OwnersCommittee, "业委会", "", []*org.Place{f.hood}); err != nil {
		t.Fatal(err)
	}
	keys, _ := pii.NewKeys(make([]byte, 32))
	accts := account.NewStore(d, keys)
	for i, id := range []*int64{&f.resident, &f.cadre, &f.other} {
		u, err := accts.Insert(ctx, d, fmt.Sprintf("1380000%04d", i), "x", fmt.Sprintf("邻居%d", i))
		if err != nil {
			t.Fatal(err)
		}
		*id = u.ID
	}
	f.store = cases.NewStore(d)
	f.store.Now = func() time.Time { return f.now }
	return f
}

// open reports a parking problem at building 1 as the resident.
func (f *fixture) open(t *testing.T) *cases.Case {
	t.Helper()
	c, err := f.store.Open(context.Background(), cases.NewCase{NeighborhoodID: f.hood.ID, PlaceID: f.b1.ID, Category: "parking",
		Title: "消防通道被占", Description: "3号楼前的消防通道天天停满车", ReporterID: f.resident})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// force puts a case straight into a state, as if earlier moves had happened.
func (f *fixture) force(t *testing.T, id int64, s cases.State) {
	t.Helper()
	if _, err := f.d.ExecContext(context.Background(), `UPDATE cases SET state = ?, closed_at = ? WHERE id = ?`,
		s, f.now.UnixMilli(), id); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) committee() cases.Actor {
	return cases.Actor{UserID: f.cadre, Roles: []cases.Role{cases.RoleCommittee}}
}

func (f *fixture) reporter() cases.Actor { return cases.Actor{UserID: f.resident} }

// actorFor returns someone holding role for the fixture's cases.
func (f *fixture) actorFor(r cases.Role) cases.Actor {
	switch r {
	case cases.RoleReporter:
		return f.reporter()
	case cases.RoleSystem:
		return cases.System
	case cases.RoleHandler:
		return cases.Actor{UserID: f.other, Roles: []cases.Role{r}, UnitID: f.property.ID}
	}
	return cases.Actor{UserID: f.cadre, Roles: []cases.Role{r}}
}

// inputFor is valid input for an action.
func inputFor(a cases.Action) cases.MoveInput {
	switch a {
	case cases.Confirm:
		return cases.MoveInput{Rating: 5, Comment: "很快就解决了"}
	case cases.Return, cases.Reopen:
		return cases.MoveInput{Note: "不属于本居委辖区"}
	}
	return cases.MoveInput{Note: "已处理"}
}
