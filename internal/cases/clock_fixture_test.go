package cases_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/clocks"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/pii"
	"github.com/linli-dev/linli/internal/workclock"
)

// clockFixture is a street with two neighborhoods, A and B, the people the
// clocks talk to (A's cadre and secretary, B's cadre, a property company's
// staff member, the street and district admins, a reporting resident), and a
// district that opens at 08:00 with an hour for lunch, on a test clock.
type clockFixture struct {
	d                                  *db.DB
	store                              *cases.Store
	clocks                             *clocks.Store
	settings                           *clocks.Settings
	now                                time.Time
	district, street, hoodA, hoodB     *org.Place
	property, gardeners                *org.Unit
	resident, cadreA, secretaryA       int64
	cadreB, propertyStaff, streetAdmin int64
	districtAdmin                      int64
}

// shanghai reads "2025-09-12 17:00" (a Friday) in China's time.
func shanghai(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, workclock.Shanghai())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func newClockFixture(t *testing.T, d *db.DB) *clockFixture {
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
	f := &clockFixture{d: d, now: shanghai(t, "2025-09-12 17:00")}
	f.district = must(o.CreatePlace(ctx, d, 0, org.District, "宝山区"))
	f.street = must(o.CreatePlace(ctx, d, f.district.ID, org.Street, "友谊路街道"))
	f.hoodA = must(o.CreatePlace(ctx, d, f.street.ID, org.Neighborhood, "盘古路居委"))
	f.hoodB = must(o.CreatePlace(ctx, d, f.street.ID, org.Neighborhood, "同济居委"))
	var err error
	if f.property, err = o.CreateUnit(ctx, d, f.hoodA, org.Property, "绿城物业", "", []*org.Place{f.hoodA}); err != nil {
		t.Fatal(err)
	}
	if f.gardeners, err = o.CreateUnit(ctx, d, f.hoodA, org.OtherUnit, "绿化队", "", []*org.Place{f.hoodA}); err != nil {
		t.Fatal(err)
	}
	keys, _ := pii.NewKeys(make([]byte, 32))
	accts, grants := account.NewStore(d, keys), access.NewStore(d)
	for i, p := range []struct {
		id   *int64
		role access.Role
		at   *org.Place
		unit int64
	}{
		{&f.resident, "", nil, 0}, {&f.cadreA, access.Cadre, f.hoodA, 0}, {&f.secretaryA, access.Secretary, f.hoodA, 0},
		{&f.cadreB, access.Cadre, f.hoodB, 0}, {&f.propertyStaff, access.UnitStaff, f.hoodA, f.property.ID},
		{&f.streetAdmin, access.StreetAdmin, f.street, 0}, {&f.districtAdmin, access.DistrictAdmin, f.district, 0},
	} {
		u, err := accts.Insert(ctx, d, fmt.Sprintf("1390000%04d", i), "x", fmt.Sprintf("人%d", i))
		if err != nil {
			t.Fatal(err)
		}
		*p.id = u.ID
		if p.role != "" {
			if err := grants.GrantRole(ctx, d, u.ID, p.role, p.at.ID, f.district.ID, p.unit, 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.clocks = clocks.NewStore(d)
	f.clocks.Now = f.clock
	in := clocks.Defaults(f.district.ID).Input()
	in.Hours = "08:00-12:00, 13:00-17:30"
	if f.settings, err = clocks.Parse(f.district.ID, in); err != nil {
		t.Fatal(err)
	}
	f.save(t)
	f.store = cases.NewStore(d)
	f.store.Now = f.clock
	f.store.Deadlines = f.clocks.Deadlines
	return f
}

func (f *clockFixture) clock() time.Time { return f.now }

// save stores the fixture's settings after a test changed them.
func (f *clockFixture) save(t *testing.T) {
	t.Helper()
	if err := f.clocks.Save(context.Background(), f.settings, 0); err != nil {
		t.Fatal(err)
	}
}

// at sets the test clock.
func (f *clockFixture) at(t *testing.T, s string) { f.now = shanghai(t, s) }

// report opens a case in a neighborhood at the clock's time.
func (f *clockFixture) report(t *testing.T, hood *org.Place, category, title string) *cases.Case {
	t.Helper()
	c, err := f.store.Open(context.Background(), cases.NewCase{NeighborhoodID: hood.ID, Category: category, Title: title,
		Description: title + "，请尽快处理", ReporterID: f.resident})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// plan is the district's sweep plan at the clock's time, after the last sweep.
func (f *clockFixture) plan(t *testing.T) cases.SweepPlan {
	t.Helper()
	last, err := f.store.LastSweep(context.Background(), f.district.ID)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.clocks.Get(context.Background(), f.district.ID)
	if err != nil {
		t.Fatal(err)
	}
	return st.Plan(f.now, last)
}

// sweep runs the district's clocks at the clock's time.
func (f *clockFixture) sweep(t *testing.T) cases.SweepResult {
	t.Helper()
	r, err := f.store.Sweep(context.Background(), f.plan(t))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (f *clockFixture) move(t *testing.T, id int64, a cases.Action, in cases.MoveInput) *cases.Case {
	t.Helper()
	by := cases.Actor{UserID: f.cadreA, Roles: []cases.Role{cases.RoleCommittee}}
	if a == cases.Confirm || a == cases.Reopen {
		by = cases.Actor{UserID: f.resident}
	}
	c, err := f.store.Move(context.Background(), id, by, a, in)
	if err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	return c
}

func (f *clockFixture) get(t *testing.T, id int64) *cases.Case {
	t.Helper()
	c, err := f.store.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// notified lists who got an inbox entry of kind about a case, with repeats.
func (f *clockFixture) notified(t *testing.T, caseID int64, kind string) []int64 {
	t.Helper()
	rows, err := f.d.QueryContext(context.Background(), `SELECT user_id FROM notifications WHERE case_id = ? AND kind = ? ORDER BY user_id`, caseID, kind)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// events counts a case's timeline events of kind.
func (f *clockFixture) events(t *testing.T, caseID int64, kind string) int {
	t.Helper()
	evs, err := f.store.Events(context.Background(), caseID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evs {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

func sameIDs(got []int64, want ...int64) bool {
	if len(got) != len(want) {
		return false
	}
	seen := map[int64]int{}
	for _, id := range got {
		seen[id]++
	}
	for _, id := range want {
		if seen[id] == 0 {
			return false
		}
		seen[id]--
	}
	return true
}
