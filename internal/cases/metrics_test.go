package cases_test

import (
	"context"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/org"
)

// step is one move taken hours after the case opened.
type step struct {
	after  float64
	action cases.Action
	rating int
}

// live opens a case at start and plays its moves on the fixture's clock.
func (f *fixture) live(t *testing.T, start time.Time, steps ...step) *cases.Case {
	t.Helper()
	f.now = start
	c := f.open(t)
	for _, s := range steps {
		f.now = start.Add(time.Duration(s.after * float64(time.Hour)))
		by := f.committee()
		in := cases.MoveInput{Note: "处理中"}
		switch s.action {
		case cases.Confirm, cases.Reopen:
			by, in = f.reporter(), cases.MoveInput{Rating: s.rating, Note: "还没修好"}
		case cases.Resolve, cases.Start:
			by = cases.Actor{UserID: f.other, Roles: []cases.Role{cases.RoleHandler}, UnitID: f.property.ID}
		case cases.Assign:
			in.LeadUnitID = f.property.ID
		}
		var err error
		if c, err = f.store.Move(context.Background(), c.ID, by, s.action, in); err != nil {
			t.Fatalf("%s after %vh: %v", s.action, s.after, err)
		}
	}
	return c
}

// TestMetricsOfANeighborhood plays six cases with known times through the
// store's moves and checks every figure the dashboard shows: counts by
// state, on-time shares (an open case past its deadline counts as late),
// percentiles of the recorded working times, ratings, reopen rate, and the
// share resolved without escalation.
func TestMetricsOfANeighborhood(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		// Wall-clock deadlines: respond in 4 hours, resolve in 24.
		f.store.Deadlines = func(c *cases.Case) (time.Time, time.Time) {
			return c.UpdatedAt.Add(4 * time.Hour), c.UpdatedAt.Add(24 * time.Hour)
		}
		t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // a Monday
		ack, asg, res := cases.Acknowledge, cases.Assign, cases.Resolve
		// Fast: answered in 1h, resolved in 10h, rated 5.
		f.live(t, t0, step{1, ack, 0}, step{2, asg, 0}, step{10, res, 0}, step{11, cases.Confirm, 5})
		// Slow: answered in 6h (late), resolved in 30h (late), rated 3.
		f.live(t, t0.Add(time.Hour), step{6, ack, 0}, step{7, asg, 0}, step{30, res, 0}, step{31, cases.Confirm, 3})
		// Escalated to the street, then resolved there in 20h (on time).
		f.live(t, t0.Add(2*time.Hour), step{2, ack, 0}, step{3, cases.Escalate, 0}, step{4, asg, 0}, step{20, res, 0})
		// Resolved in 8h, then reopened by its reporter: its resolution time is cleared.
		f.live(t, t0.Add(3*time.Hour), step{3, ack, 0}, step{4, asg, 0}, step{8, res, 0}, step{9, cases.Reopen, 0})
		// Returned as outside the neighborhood.
		f.live(t, t0.Add(4*time.Hour), step{1, cases.Return, 0})
		// Never answered: late for both deadlines by the time we look.
		f.live(t, t0.Add(5*time.Hour))
		// Opened after the period: counts nowhere.
		f.live(t, t0.Add(8*24*time.Hour))

		m, err := f.store.Metrics(ctx, cases.Period{Kind: cases.ScopeNeighborhood, PlaceID: f.hood.ID, From: t0, To: t0.Add(7 * 24 * time.Hour),
			Now: t0.Add(7 * 24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if m.Cases != 6 {
			t.Fatalf("cases = %d, want 6", m.Cases)
		}
		wantStates := map[cases.State]int{cases.Closed: 2, cases.Resolved: 1, cases.Reopened: 1, cases.Returned: 1, cases.Submitted: 1}
		for st, n := range wantStates {
			if m.ByState[st] != n {
				t.Errorf("by state %s = %d, want %d (%v)", st, m.ByState[st], n, m.ByState)
			}
		}
		// Responses: four acknowledged (one late) and the unanswered one
		// past its deadline; the returned one was never due. The reopened
		// case owes an answer again, but its first one was on time.
		if m.RespondDue != 5 || m.RespondOnTime != 3 {
			t.Errorf("responses on time %d of %d, want 3 of 5", m.RespondOnTime, m.RespondDue)
		}
		// Resolutions: three resolved (one late), the reopened and the
		// unanswered ones open past the deadline.
		if m.ResolveDue != 5 || m.ResolveOnTime != 2 {
			t.Errorf("resolutions on time %d of %d, want 2 of 5", m.ResolveOnTime, m.ResolveDue)
		}
		if m.Rated != 2 || m.Ratings[5] != 1 || m.Ratings[3] != 1 || m.Satisfaction() != 4 {
			t.Errorf("ratings %v, %d rated, satisfaction %.2f", m.Ratings, m.Rated, m.Satisfaction())
		}
		if m.Reopened != 1 || m.Escalated != 1 || m.Done != 3 || m.DoneLocal != 2 {
			t.Errorf("reopened %d escalated %d done %d local %d, want 1 1 3 2", m.Reopened, m.Escalated, m.Done, m.DoneLocal)
		}
		// Response times 1, 6, 2, 3 hours: median (nearest rank 2 of 4) 2h, p90 6h.
		if m.Respond.N != 4 || m.Respond.Median != 2*time.Hour || m.Respond.P90 != 6*time.Hour {
			t.Errorf("respond %+v, want n 4, median 2h, p90 6h", m.Respond)
		}
		// Resolution times 10, 30, 20 hours (the reopened one cleared).
		if m.Resolve.N != 3 || m.Resolve.Median != 20*time.Hour || m.Resolve.P90 != 30*time.Hour {
			t.Errorf("resolve %+v, want n 3, median 20h, p90 30h", m.Resolve)
		}
		if len(m.Weeks) != 1 || m.Weeks[0].Opened != 6 || m.Weeks[0].Done != 3 {
			t.Errorf("weeks %+v", m.Weeks)
		}
		// The property company led four of them.
		if len(m.Units) != 1 || m.Units[0].ID != f.property.ID || m.Units[0].Cases != 4 || m.Units[0].Resolve.Median != 20*time.Hour {
			t.Errorf("units %+v", m.Units)
		}
	})
}

// TestMetricsPerNeighborhoodOfAStreet checks that a street's figures split
// by neighborhood, each group with its own resolution percentiles, and that
// another street's cases stay out.
func TestMetricsPerNeighborhoodOfAStreet(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		o := org.NewStore(d)
		hood2, err := o.CreatePlace(ctx, d, f.hood.ParentID, org.Neighborhood, "共和新路居委")
		if err != nil {
			t.Fatal(err)
		}
		street2, err := o.CreatePlace(ctx, d, f.hood.DistrictID, org.Street, "淞南镇")
		if err != nil {
			t.Fatal(err)
		}
		hood3, err := o.CreatePlace(ctx, d, street2.ID, org.Neighborhood, "淞南二村")
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		f.live(t, t0, step{1, cases.Acknowledge, 0}, step{2, cases.Assign, 0}, step{10, cases.Resolve, 0})
		f.live(t, t0, step{3, cases.Acknowledge, 0}, step{4, cases.Assign, 0}, step{30, cases.Resolve, 0})
		for _, h := range []*org.Place{hood2, hood3} {
			f.now = t0
			if _, err := f.store.Open(ctx, cases.NewCase{NeighborhoodID: h.ID, PlaceID: h.ID, Category: "noise", Title: "夜间施工",
				Description: "晚上十点后还在施工", ReporterID: f.resident}); err != nil {
				t.Fatal(err)
			}
		}
		m, err := f.store.Metrics(ctx, cases.Period{Kind: cases.ScopeStreet, PlaceID: f.hood.ParentID, From: t0, To: t0.Add(24 * time.Hour), Now: t0})
		// The street's own percentiles walk the street's index: answers in 1 and 3 hours.
		if err == nil && (m.Respond.N != 2 || m.Respond.Median != time.Hour || m.Respond.P90 != 3*time.Hour) {
			t.Errorf("street respond %+v", m.Respond)
		}
		if err != nil {
			t.Fatal(err)
		}
		if m.Cases != 3 || len(m.Places) != 2 {
			t.Fatalf("street: %d cases in %d places, want 3 in 2", m.Cases, len(m.Places))
		}
		first := m.Places[0]
		if first.ID != f.hood.ID || first.Cases != 2 || first.Resolve.N != 2 || first.Resolve.Median != 10*time.Hour || first.Resolve.P90 != 30*time.Hour {
			t.Errorf("first neighborhood %+v", first)
		}
		if m.Places[1].ID != hood2.ID || m.Places[1].Cases != 1 || m.Places[1].Resolve.N != 0 {
			t.Errorf("second neighborhood %+v", m.Places[1])
		}
		if _, err := f.store.Metrics(ctx, cases.Period{Kind: "building", PlaceID: f.b1.ID, From: t0, To: t0.Add(time.Hour)}); err == nil {
			t.Error("a building scope was accepted")
		}
	})
}
