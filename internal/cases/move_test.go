package cases_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
)

// TestEveryAllowedMove walks the transitions table itself, so the test cannot
// drift from it: each action, from each of its states, by each role it names.
func TestEveryAllowedMove(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		for _, a := range cases.Actions() {
			from, to, who, _ := cases.Rule(a)
			for _, s := range from {
				for _, r := range who {
					c := f.open(t)
					f.force(t, c.ID, s)
					got, err := f.store.Move(ctx, c.ID, f.actorFor(r), a, inputFor(a))
					if err != nil {
						t.Fatalf("%s from %s by %s: %v", a, s, r, err)
					}
					want := to
					if want == "" {
						want = s
					}
					if got.State != want || got.Version != c.Version+1 {
						t.Fatalf("%s from %s by %s: state %s version %d, want %s version %d", a, s, r, got.State, got.Version, want, c.Version+1)
					}
					events, err := f.store.Events(ctx, c.ID)
					if err != nil {
						t.Fatal(err)
					}
					last := events[len(events)-1]
					if last.Kind != string(a) || last.From != s || last.To != want || !last.Public() {
						t.Fatalf("%s from %s: last event %+v", a, s, last)
					}
				}
			}
		}
	})
}

// TestRefusedMoves tries every action from every state it does not allow (a
// conflict) and by roles it does not name (forbidden); nothing changes.
func TestRefusedMoves(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		allRoles := []cases.Role{cases.RoleReporter, cases.RoleCommittee, cases.RoleHandler, cases.RoleSupervisor, cases.RoleSystem}
		c := f.open(t)
		for _, a := range cases.Actions() {
			from, _, who, _ := cases.Rule(a)
			for _, s := range cases.States {
				if contains(from, s) {
					continue
				}
				f.force(t, c.ID, s)
				_, err := f.store.Move(ctx, c.ID, f.actorFor(who[0]), a, inputFor(a))
				if !errs.Is(err, errs.Conflict) {
					t.Errorf("%s from %s: %v, want conflict", a, s, err)
				}
			}
			f.force(t, c.ID, from[0])
			for _, r := range allRoles {
				if contains(who, r) {
					continue
				}
				_, err := f.store.Move(ctx, c.ID, f.actorFor(r), a, inputFor(a))
				if !errs.Is(err, errs.Forbidden) {
					t.Errorf("%s by %s: %v, want forbidden", a, r, err)
				}
			}
		}
		events, _ := f.store.Events(ctx, c.ID)
		if len(events) != 1 {
			t.Fatalf("refused moves wrote %d events, want only the submission", len(events)-1)
		}
	})
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func TestOnlyTheReporterConfirms(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		c := f.open(t)
		f.force(t, c.ID, cases.Resolved)
		claim := cases.Actor{UserID: f.cadre, Roles: []cases.Role{cases.RoleReporter, cases.RoleCommittee}}
		if _, err := f.store.Move(ctx, c.ID, claim, cases.Confirm, inputFor(cases.Confirm)); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a cadre claiming to be the reporter confirmed: %v", err)
		}
		if _, err := f.store.Move(ctx, c.ID, f.reporter(), cases.Confirm, cases.MoveInput{Rating: 6}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("rating 6: %v, want invalid", err)
		}
		got, err := f.store.Move(ctx, c.ID, f.reporter(), cases.Confirm, cases.MoveInput{Rating: 4, Comment: "停车好多了"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Rating != 4 || got.RatingComment != "停车好多了" || got.ClosedAt.IsZero() {
			t.Fatalf("confirmed case: %+v", got)
		}
	})
}

func TestReopenWindowAndTopLevel(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		c := f.open(t)
		f.force(t, c.ID, cases.Closed)
		f.now = f.now.Add(f.store.ReopenWindow + time.Hour)
		if _, err := f.store.Move(ctx, c.ID, f.reporter(), cases.Reopen, inputFor(cases.Reopen)); !errs.Is(err, errs.Conflict) {
			t.Fatalf("reopen after the window: %v, want conflict", err)
		}
		c = f.open(t)
		for _, level := range []string{cases.LevelStreet, cases.LevelDistrict} {
			got, err := f.store.Move(ctx, c.ID, cases.System, cases.Escalate, cases.MoveInput{})
			if err != nil || got.Level != level {
				t.Fatalf("escalate to %s: %v %v", level, got, err)
			}
		}
		if _, err := f.store.Move(ctx, c.ID, cases.System, cases.Escalate, cases.MoveInput{}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("escalate above the district: %v", err)
		}
	})
}

// TestConcurrentMovesOneWins races several cadres acknowledging one case:
// exactly one move lands, every other gets a conflict, one event is written.
func TestConcurrentMovesOneWins(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		for _, version := range []int64{1, 0} { // as the page saw it, and "whatever is current"
			c := f.open(t)
			const racers = 6
			var wg sync.WaitGroup
			errsOut := make([]error, racers)
			start := make(chan struct{})
			for i := range racers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, errsOut[i] = f.store.Move(ctx, c.ID, f.committee(), cases.Acknowledge, cases.MoveInput{Version: version})
				}()
			}
			close(start)
			wg.Wait()
			won := 0
			for _, err := range errsOut {
				switch {
				case err == nil:
					won++
				case !errs.Is(err, errs.Conflict):
					t.Fatalf("version %d: a racer got %v, want conflict", version, err)
				}
			}
			events, _ := f.store.Events(ctx, c.ID)
			got, _ := f.store.Get(ctx, c.ID)
			if won != 1 || len(events) != 2 || got.Version != 2 {
				t.Fatalf("version %d: %d won, %d events, version %d; want 1, 2, 2", version, won, len(events), got.Version)
			}
		}
	})
}

func TestStaleVersionIsAConflict(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		c := f.open(t)
		if _, err := f.store.Move(ctx, c.ID, f.committee(), cases.Acknowledge, cases.MoveInput{Version: c.Version}); err != nil {
			t.Fatal(err)
		}
		_, err := f.store.Move(ctx, c.ID, f.committee(), cases.Assign, cases.MoveInput{Version: c.Version, LeadUnitID: f.property.ID})
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("assign on the version before acknowledgement: %v, want conflict", err)
		}
	})
}

// A reassignment replaces the handlers: a co-handler made lead, the old lead
// dropped, with each unit's queue following.
func TestReassignmentReplacesTheHandlers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		c := f.open(t)
		if _, err := f.store.Move(ctx, c.ID, f.committee(), cases.Acknowledge, cases.MoveInput{}); err != nil {
			t.Fatal(err)
		}
		assign := func(lead int64, co ...int64) []cases.Handler {
			t.Helper()
			if _, err := f.store.Move(ctx, c.ID, f.committee(), cases.Assign, cases.MoveInput{LeadUnitID: lead, CoUnitIDs: co}); err != nil {
				t.Fatal(err)
			}
			hs, err := f.store.Handlers(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			return hs
		}
		hs := assign(f.property.ID, f.owners.ID)
		if len(hs) != 2 || hs[0] != (cases.Handler{UnitID: f.property.ID, Role: "lead"}) || hs[1] != (cases.Handler{UnitID: f.owners.ID, Role: "co"}) {
			t.Fatalf("first assignment: %+v", hs)
		}
		if hs = assign(f.owners.ID); len(hs) != 1 || hs[0] != (cases.Handler{UnitID: f.owners.ID, Role: "lead"}) {
			t.Fatalf("the co-handler made sole lead: %+v", hs)
		}
		if list, _, err := f.store.List(ctx, cases.Filter{UnitID: f.property.ID}); err != nil || len(list) != 0 {
			t.Fatalf("the dropped unit still sees the case: %v %v", list, err)
		}
	})
}

func TestJointHandlingAndTimeline(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		c := f.open(t)
		steps := []struct {
			a  cases.Action
			by cases.Actor
			in cases.MoveInput
		}{
			{cases.Acknowledge, f.committee(), cases.MoveInput{Note: "收到，今天去看"}},
			{cases.Assign, f.committee(), cases.MoveInput{LeadUnitID: f.property.ID, CoUnitIDs: []int64{f.owners.ID}}},
			{cases.Start, f.actorFor(cases.RoleHandler), cases.MoveInput{}},
			{cases.Resolve, f.actorFor(cases.RoleHandler), cases.MoveInput{Note: "已划线", Photos: []cases.Photo{{Key: "ab/cd/abcd.jpg", ThumbKey: "ef/01/ef01.jpg", ContentType: "image/jpeg", Width: 800, Height: 600}}}},
			{cases.Confirm, f.reporter(), cases.MoveInput{Rating: 5, Comment: "谢谢"}},
		}
		for _, st := range steps {
			var err error
			if c, err = f.store.Move(ctx, c.ID, st.by, st.a, st.in); err != nil {
				t.Fatalf("%s: %v", st.a, err)
			}
		}
		hs, err := f.store.Handlers(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(hs) != 2 || hs[0] != (cases.Handler{UnitID: f.property.ID, Role: "lead"}) || hs[1] != (cases.Handler{UnitID: f.owners.ID, Role: "co"}) {
			t.Fatalf("handlers %+v", hs)
		}
		for _, unit := range []int64{f.property.ID, f.owners.ID} {
			list, _, err := f.store.List(ctx, cases.Filter{UnitID: unit})
			if err != nil || len(list) != 1 || list[0].ID != c.ID {
				t.Fatalf("unit %d's queue: %v %v", unit, list, err)
			}
		}
		events, _ := f.store.Events(ctx, c.ID)
		kinds := ""
		for _, e := range events {
			kinds += e.Kind + " "
		}
		if kinds != "submit acknowledge assign start resolve confirm " {
			t.Fatalf("timeline %q", kinds)
		}
		if ev := events[4]; len(ev.Photos) != 1 || ev.Photos[0].ThumbKey != "ef/01/ef01.jpg" || ev.UnitID != f.property.ID {
			t.Fatalf("resolve event %+v", ev)
		}
		if events[0].ActorName != "邻居0" {
			t.Fatalf("submission by %q", events[0].ActorName)
		}
	})
}

// TestDeadlinesFollowTheState plugs in a deadline hook (as the clocks do) and
// checks which deadline is due in each state.
func TestDeadlinesFollowTheState(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		f.store.Deadlines = func(c *cases.Case) (time.Time, time.Time) {
			return f.now.Add(4 * time.Hour), f.now.Add(72 * time.Hour)
		}
		c := f.open(t)
		if !c.DueAt.Equal(f.now.Add(4*time.Hour)) || !c.ResolveBy.Equal(f.now.Add(72*time.Hour)) {
			t.Fatalf("opened: due %v resolve by %v", c.DueAt, c.ResolveBy)
		}
		c, _ = f.store.Move(ctx, c.ID, f.committee(), cases.Acknowledge, cases.MoveInput{})
		if !c.DueAt.Equal(c.ResolveBy) {
			t.Fatalf("acknowledged: due %v, want the resolution deadline", c.DueAt)
		}
		c, _ = f.store.Move(ctx, c.ID, f.committee(), cases.Assign, cases.MoveInput{})
		c, _ = f.store.Move(ctx, c.ID, f.committee(), cases.Resolve, cases.MoveInput{})
		if got, _ := f.store.Get(ctx, c.ID); !got.DueAt.IsZero() || got.ResolvedAt.IsZero() {
			t.Fatalf("resolved: due %v resolved at %v", got.DueAt, got.ResolvedAt)
		}
		if err := f.store.SetDeadlines(ctx, d, c.ID, c.RespondBy, c.ResolveBy.Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.store.Get(ctx, c.ID); !got.DueAt.IsZero() || !got.ResolveBy.Equal(f.now.Add(96*time.Hour)) {
			t.Fatalf("extended after resolution: due %v resolve by %v", got.DueAt, got.ResolveBy)
		}
	})
}

// Caches of case lists (Open311's public lists) learn of this node's opens
// and moves from Changes; a refused move changes nothing and counts nothing.
func TestChangesCountCommittedOpensAndMoves(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		before := f.store.Changes()
		c := f.open(t)
		if f.store.Changes() != before+1 {
			t.Fatalf("an open counted %d changes", f.store.Changes()-before)
		}
		if _, err := f.store.Move(ctx, c.ID, f.actorFor(cases.RoleCommittee), cases.Acknowledge, cases.MoveInput{}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Move(ctx, c.ID, f.actorFor(cases.RoleCommittee), cases.Acknowledge, cases.MoveInput{}); err == nil {
			t.Fatal("a case was acknowledged twice")
		}
		if f.store.Changes() != before+2 {
			t.Fatalf("an open, a move and a refused move counted %d changes, want 2", f.store.Changes()-before)
		}
	})
}

// The metrics' working times are written by the moves themselves: the first
// acknowledgement sets the response time for good; a resolution sets the
// resolution time from the report; a reopening clears it until the next.
func TestMovesRecordTheWorkingTimesTheMetricsSort(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		clock := f.now
		f.store.Now = func() time.Time { return clock }
		c := f.open(t)
		times := func() (respond, resolve *int64) {
			t.Helper()
			if err := d.QueryRowContext(ctx, `SELECT respond_work_ms, resolve_work_ms FROM cases WHERE id = ?`, c.ID).Scan(&respond, &resolve); err != nil {
				t.Fatal(err)
			}
			return respond, resolve
		}
		move := func(a cases.Action, after time.Duration) {
			t.Helper()
			clock = clock.Add(after)
			by := f.actorFor(cases.RoleCommittee)
			if a == cases.Reopen {
				by = cases.Actor{UserID: f.resident}
			}
			if _, err := f.store.Move(ctx, c.ID, by, a, inputFor(a)); err != nil {
				t.Fatalf("%s: %v", a, err)
			}
		}
		move(cases.Acknowledge, time.Hour)
		if r, s := times(); r == nil || *r != time.Hour.Milliseconds() || s != nil {
			t.Fatalf("after acknowledging in an hour: respond %v resolve %v", r, s)
		}
		move(cases.Assign, time.Hour)
		move(cases.Start, time.Hour)
		move(cases.Resolve, time.Hour)
		if r, s := times(); *r != time.Hour.Milliseconds() || s == nil || *s != 4*time.Hour.Milliseconds() {
			t.Fatalf("after resolving at four hours: respond %v resolve %v", r, s)
		}
		move(cases.Reopen, time.Hour)
		if r, s := times(); *r != time.Hour.Milliseconds() || s != nil {
			t.Fatalf("after reopening: respond %v resolve %v", r, s)
		}
		move(cases.Acknowledge, time.Hour)
		if r, _ := times(); *r != time.Hour.Milliseconds() {
			t.Fatalf("a second acknowledgement changed the response time to %d", *r)
		}
	})
}
