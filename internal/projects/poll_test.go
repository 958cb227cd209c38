package projects_test

import (
	"context"
	"sync"
	"testing"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/projects"
)

// TestAClosedPollSelectsItsListedWinnersOnce is the hook a tick-list poll's
// close calls: its winners move to selected, a winner dropped meanwhile
// stays dropped, and closing twice moves nothing more.
func TestAClosedPollSelectsItsListedWinnersOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 1)
		var ids []int64
		for _, title := range []string{"加装扶手", "修补路面", "增设充电桩"} {
			p := f.create(t, projects.Draft{Title: title, Description: title + "。"})
			f.move(t, p.ID, projects.List, "")
			ids = append(ids, p.ID)
		}
		f.move(t, ids[2], projects.Drop, "供电容量不够")
		var moved []*projects.Moved
		f.tx(t, func(tx *db.Tx) error {
			var err error
			moved, err = f.store.Select(ctx, tx, 42, ids)
			return err
		})
		if len(moved) != 2 || moved[0].From != projects.Listed || moved[1].Project.State != projects.Selected {
			t.Fatalf("moved %+v", moved)
		}
		f.tx(t, func(tx *db.Tx) error {
			var err error
			moved, err = f.store.Select(ctx, tx, 42, ids)
			return err
		})
		if len(moved) != 0 || f.reload(t, ids[2]).State != projects.Dropped {
			t.Fatalf("closing twice moved %d", len(moved))
		}
		events, _, _ := f.store.Timeline(ctx, ids[0], 0, 0)
		if e := events[0]; e.Kind != projects.KindMoved || e.PollID != 42 || e.ActorID != 0 || e.ToState != projects.Selected {
			t.Fatalf("the poll's move on the timeline: %+v", e)
		}
		// A poll may only select: every other move is the committee's.
		err := f.txErr(func(tx *db.Tx) error {
			_, err := f.store.Move(ctx, tx, ids[0], projects.Poll, projects.Start, projects.MoveInput{})
			return err
		})
		if !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a poll starting a project: %v", err)
		}
	})
}

// TestAnOwnersVoteApprovesTheSharesThatNeedIt is the hook an owners'
// assembly vote linked to a project calls when it passes.
func TestAnOwnersVoteApprovesTheSharesThatNeedIt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 1)
		p := f.create(t, projects.Draft{Title: "外墙修缮", Description: "修缮外墙。", BudgetFen: 50_000_000, Funding: []projects.Share{
			{Source: projects.Government, BP: 5000}, {Source: projects.MaintenanceFund, BP: 3000}, {Source: projects.PublicRevenue, BP: 2000}}})
		f.move(t, p.ID, projects.Select, "")
		var n int
		f.tx(t, func(tx *db.Tx) error {
			var err error
			n, err = f.store.ApproveByPoll(ctx, tx, p.ID, 9)
			return err
		})
		if n != 2 {
			t.Fatalf("approved %d shares, want 2", n)
		}
		shares, _ := f.store.Funding(ctx, p.ID)
		for _, sh := range shares {
			if !sh.Approved() || (sh.NeedsApproval && sh.ApprovalPollID != 9) {
				t.Fatalf("share %+v", sh)
			}
		}
		f.move(t, p.ID, projects.Start, "")
		// Once started, the money is fixed.
		err := f.txErr(func(tx *db.Tx) error {
			_, err := f.store.Edit(ctx, tx, f.reload(t, p.ID), 0, f.cadre, projects.Draft{Title: "外墙修缮", Description: "修缮外墙。",
				BudgetFen: 60_000_000, Funding: []projects.Share{{Source: projects.Government, BP: 10000}}})
			return err
		})
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("editing the funding of a started project: %v", err)
		}
	})
}

func TestEditingFundingKeepsOnlyUnchangedApprovals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 1)
		p := f.create(t, projects.Draft{Title: "外墙", Description: "修缮。", BudgetFen: 100, Funding: []projects.Share{
			{Source: projects.MaintenanceFund, BP: 3000}, {Source: projects.OwnersMoney, BP: 7000}}})
		f.tx(t, func(tx *db.Tx) error {
			_, err := f.store.ApproveByPoll(ctx, tx, p.ID, 5)
			return err
		})
		f.tx(t, func(tx *db.Tx) error {
			_, err := f.store.Edit(ctx, tx, f.reload(t, p.ID), 0, f.cadre, projects.Draft{Title: "外墙", Description: "修缮。", BudgetFen: 100,
				Funding: []projects.Share{{Source: projects.MaintenanceFund, BP: 3000}, {Source: projects.OwnersMoney, BP: 6000}, {Source: projects.Government, BP: 1000}}})
			return err
		})
		shares, _ := f.store.Funding(ctx, p.ID)
		if shares[0].ApprovalPollID != 5 || shares[1].ApprovalPollID != 0 || !shares[2].Approved() {
			t.Fatalf("after the edit: %+v", shares)
		}
	})
}

// TestTenResidentsRatingAtOnceCountOnceEach sends every resident's rating
// twice at the same moment: the primary key keeps one each, and the
// counters agree with the rows.
func TestTenResidentsRatingAtOnceCountOnceEach(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 10)
		p := f.create(t, projects.Draft{Title: "健身角", Description: "放几件健身器材。"})
		for _, a := range []projects.Action{projects.Select, projects.Start, projects.Finish} {
			f.move(t, p.ID, a, "")
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		refused := 0
		for _, u := range f.residents {
			for range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					err := f.txErr(func(tx *db.Tx) error { return f.store.Rate(ctx, tx, p, u, 4, "") })
					if err != nil {
						mu.Lock()
						defer mu.Unlock()
						if !errs.Is(err, errs.Conflict) {
							t.Errorf("rating: %v", err)
						}
						refused++
					}
				}()
			}
		}
		wg.Wait()
		var rows, sum int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(stars), 0) FROM project_ratings WHERE project_id = ?`, p.ID).Scan(&rows, &sum); err != nil {
			t.Fatal(err)
		}
		got := f.reload(t, p.ID)
		if rows != 10 || refused != 10 || got.RatingCount != rows || got.RatingSum != sum {
			t.Fatalf("%d rows (sum %d), %d refused, counters %d/%d", rows, sum, refused, got.RatingCount, got.RatingSum)
		}
	})
}
