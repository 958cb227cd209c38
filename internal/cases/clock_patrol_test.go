package cases_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
)

// At the 13:30 patrol each cadre gets one list for their own neighborhood:
// what was reported since 08:30, what falls due by 17:30, what is overdue.
func TestPatrolListHoldsTheCadresOwnNeighborhood(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newClockFixture(t, d)
		f.at(t, "2025-09-11 09:00") // Thursday: respond by 13:00, overdue by Monday
		old := f.report(t, f.hoodA, "parking", "车库积水")
		f.at(t, "2025-09-15 08:00") // Monday, before the first patrol
		early := f.report(t, f.hoodA, "noise", "清晨施工")
		f.at(t, "2025-09-15 10:00") // respond by 15:00: new and due soon at 13:30
		fresh := f.report(t, f.hoodA, "pets", "狗在草坪")
		f.at(t, "2025-09-15 11:00")
		other := f.report(t, f.hoodB, "pets", "乙小区的狗")

		f.at(t, "2025-09-15 13:35")
		if r := f.sweep(t); r.PatrolLists != 3 {
			t.Fatalf("lists for A's cadre and secretary and B's cadre, got %+v", r)
		}
		f.at(t, "2025-09-15 13:50")
		if r := f.sweep(t); r.PatrolLists != 0 {
			t.Fatalf("a second list for the same patrol: %+v", r)
		}
		runs, err := f.store.PatrolRuns(ctx, f.cadreA, 0, 10)
		if err != nil || len(runs) != 1 {
			t.Fatalf("cadre A's runs: %v %v", runs, err)
		}
		run := runs[0]
		if !run.At.Equal(shanghai(t, "2025-09-15 13:30")) || !run.Since.Equal(shanghai(t, "2025-09-15 08:30")) ||
			run.NeighborhoodID != f.hoodA.ID {
			t.Fatalf("run: %+v", run)
		}
		// early (08:00, respond by 12:00) is before 08:30 and overdue; old is overdue.
		if run.New != 1 || run.DueSoon != 1 || run.Overdue != 2 {
			t.Fatalf("counts: new %d, due soon %d, overdue %d", run.New, run.DueSoon, run.Overdue)
		}
		lists, err := f.store.Lists(ctx, run, 20)
		if err != nil {
			t.Fatal(err)
		}
		if ids(lists.New) != ids1(fresh) || ids(lists.DueSoon) != ids1(fresh) || ids(lists.Overdue) != ids1(old, early) {
			t.Fatalf("lists: new %s, due soon %s, overdue %s", ids(lists.New), ids(lists.DueSoon), ids(lists.Overdue))
		}
		for _, l := range [][]*cases.Case{lists.New, lists.DueSoon, lists.Overdue} {
			for _, c := range l {
				if c.ID == other.ID {
					t.Fatal("neighborhood B's case is on A's patrol list")
				}
			}
		}
		runsB, _ := f.store.PatrolRuns(ctx, f.cadreB, 0, 10)
		if len(runsB) != 1 || runsB[0].New != 1 || runsB[0].Overdue != 0 {
			t.Fatalf("cadre B's run: %+v", runsB)
		}

		if err := f.store.MarkPatrolled(ctx, run.ID, f.cadreB); !errs.Is(err, errs.NotFound) {
			t.Fatalf("B's cadre marked A's patrol: %v", err)
		}
		if err := f.store.MarkPatrolled(ctx, run.ID, f.cadreA); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.store.PatrolRun(ctx, run.ID); !got.DoneAt.Equal(f.now) {
			t.Fatalf("done at %s", got.DoneAt)
		}
	})
}

func ids(cs []*cases.Case) string {
	s := ""
	for _, c := range cs {
		s += "," + strconv.FormatInt(c.ID, 10)
	}
	return s
}

func ids1(cs ...*cases.Case) string { return ids(cs) }
