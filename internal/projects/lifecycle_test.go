package projects_test

import (
	"context"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/projects"
)

// TestHandrailsFromATopicToTheResidentsRating follows one project the way the
// seed describes it: a resident's topic becomes a project funded 90% by the
// government and 10% by the maintenance fund, which cannot start before the
// owners approve that share; it is built, rated once per resident, and closed.
func TestHandrailsFromATopicToTheResidentsRating(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 3)
		p := f.create(t, projects.Draft{Title: "3号楼加装扶手", Description: "每层楼梯加装不锈钢扶手。", BudgetFen: 1_200_000,
			LeadUnitID: f.unit.ID, Funding: ninetyTen(), Origin: projects.FromTopic, TopicID: f.topic.ID, ProposerID: f.topic.AuthorID,
			Photos: []projects.Photo{photo}})
		if p.State != projects.Proposed || p.Origin != projects.FromTopic || p.TopicID != f.topic.ID || p.LeadUnitName != "物业服务中心" ||
			p.ProposerNickname != "邻居1" || p.FollowerCount != 1 || p.PhotoCount != 1 {
			t.Fatalf("new project: %+v", p)
		}
		shares, _ := f.store.Funding(ctx, p.ID)
		if len(shares) != 2 || shares[1].Source != projects.MaintenanceFund || !shares[1].NeedsApproval || shares[1].Approved() ||
			shares[1].AmountFen(p.BudgetFen) != 120_000 || shares[0].NeedsApproval {
			t.Fatalf("funding: %+v", shares)
		}

		f.move(t, p.ID, projects.List, "")
		f.move(t, p.ID, projects.Select, "")
		if err := f.moveErr(p.ID, projects.Start, ""); !errs.Is(err, errs.Conflict) || errs.As(err).Key != "projects.needs_approval" {
			t.Fatalf("start before the owners approved the maintenance fund: %v", err)
		}
		f.tx(t, func(tx *db.Tx) error { return f.store.ApproveShare(ctx, tx, p, 1, 77, f.cadre) })
		if err := f.txErr(func(tx *db.Tx) error { return f.store.ApproveShare(ctx, tx, p, 0, 78, f.cadre) }); !errs.Is(err, errs.Conflict) {
			t.Fatalf("approving the government's share: %v", err)
		}
		f.move(t, p.ID, projects.Start, "")

		var first *projects.Milestone
		f.tx(t, func(tx *db.Tx) error {
			var err error
			first, err = f.store.AddMilestone(ctx, tx, p, f.cadre, "材料进场", time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC))
			if err != nil {
				return err
			}
			_, err = f.store.AddMilestone(ctx, tx, p, f.cadre, "完工验收", time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC))
			return err
		})
		f.tx(t, func(tx *db.Tx) error { return f.store.CompleteMilestone(ctx, tx, p, first.ID, f.cadre) })
		if err := f.txErr(func(tx *db.Tx) error { return f.store.CompleteMilestone(ctx, tx, p, first.ID, f.cadre) }); !errs.Is(err, errs.Conflict) {
			t.Fatalf("completing a milestone twice: %v", err)
		}
		f.tx(t, func(tx *db.Tx) error {
			_, err := f.store.AddUpdate(ctx, tx, p, f.cadre, "扶手已装到三楼。", []projects.Photo{photo, photo})
			return err
		})
		if err := f.txErr(func(tx *db.Tx) error { return f.store.Rate(ctx, tx, p, f.residents[0], 5, "") }); !errs.Is(err, errs.Conflict) {
			t.Fatalf("rating before it is done: %v", err)
		}
		f.move(t, p.ID, projects.Finish, "")
		for i, stars := range []int{5, 4} {
			f.tx(t, func(tx *db.Tx) error { return f.store.Rate(ctx, tx, p, f.residents[i], stars, "很好") })
		}
		if err := f.txErr(func(tx *db.Tx) error { return f.store.Rate(ctx, tx, p, f.residents[0], 1, "改主意了") }); !errs.Is(err, errs.Conflict) ||
			errs.As(err).Key != "projects.rated_already" {
			t.Fatalf("second rating by one resident: %v", err)
		}
		f.move(t, p.ID, projects.Evaluate, "")
		if err := f.txErr(func(tx *db.Tx) error { return f.store.Rate(ctx, tx, p, f.residents[2], 3, "") }); !errs.Is(err, errs.Conflict) {
			t.Fatalf("rating after the evaluation closed: %v", err)
		}

		p = f.reload(t, p.ID)
		if p.State != projects.Evaluated || p.RatingCount != 2 || p.RatingSum != 9 || p.RatingTenths() != 45 || p.UpdateCount != 1 ||
			p.MilestoneCount != 2 || p.MilestonesDone != 1 {
			t.Fatalf("after evaluation: %+v", p)
		}
		events, next, err := f.store.Timeline(ctx, p.ID, 0, 0)
		if err != nil || next != 0 {
			t.Fatal(err, next)
		}
		var kinds []string
		for i := len(events) - 1; i >= 0; i-- {
			e := events[i]
			k := e.Kind
			if e.Kind == projects.KindMoved {
				k += ":" + string(e.ToState)
			}
			kinds = append(kinds, k)
		}
		want := []string{"created", "moved:listed", "moved:selected", "approved", "moved:in_progress", "milestone", "milestone",
			"milestone_done", "update", "moved:done", "moved:evaluated"}
		if len(kinds) != len(want) {
			t.Fatalf("timeline %v, want %v", kinds, want)
		}
		for i := range want {
			if kinds[i] != want[i] {
				t.Fatalf("timeline %v, want %v", kinds, want)
			}
		}
		if up := events[2]; up.Body != "扶手已装到三楼。" || len(up.Photos) != 2 || up.ActorNickname != "邻居0" {
			t.Fatalf("update event: %+v", up)
		}
		if ms := events[3]; ms.Kind != projects.KindMilestoneDone || ms.MilestoneTitle != "材料进场" {
			t.Fatalf("milestone event: %+v", ms)
		}
	})
}

func TestMovesFollowTheOneTable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 1)
		p := f.create(t, projects.Draft{Title: "健身角", Description: "在小花园里放几件健身器材。"})
		cases := []struct {
			name   string
			action projects.Action
			note   string
			code   errs.Code
		}{
			{"cannot start a proposal", projects.Start, "", errs.Conflict},
			{"cannot finish a proposal", projects.Finish, "", errs.Conflict},
			{"an unknown move", projects.Action("fly"), "", errs.Invalid},
			{"dropping needs a reason", projects.Drop, "  ", errs.Invalid},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if err := f.moveErr(p.ID, c.action, c.note); !errs.Is(err, c.code) {
					t.Fatalf("%s: %v, want %s", c.action, err, c.code)
				}
			})
		}
		// Without money there is nothing to approve: a plan may start at once.
		f.move(t, p.ID, projects.Select, "")
		f.move(t, p.ID, projects.Start, "")
		if err := f.moveErr(p.ID, projects.List, ""); !errs.Is(err, errs.Conflict) {
			t.Fatalf("listing a project in progress: %v", err)
		}
		dropped := f.move(t, p.ID, projects.Drop, "场地被征用")
		if dropped.State != projects.Dropped || dropped.DropReason != "场地被征用" {
			t.Fatalf("dropped: %+v", dropped)
		}
		if err := f.moveErr(p.ID, projects.Select, ""); !errs.Is(err, errs.Conflict) {
			t.Fatalf("selecting a dropped project: %v", err)
		}
		err := f.txErr(func(tx *db.Tx) error {
			_, err := f.store.AddUpdate(context.Background(), tx, dropped, f.cadre, "还在做", nil)
			return err
		})
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("an update on a dropped project: %v", err)
		}
	})
}

func TestAStaleVersionChangesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 1)
		p := f.create(t, projects.Draft{Title: "健身角", Description: "放几件健身器材。"})
		f.move(t, p.ID, projects.List, "")
		err := f.txErr(func(tx *db.Tx) error {
			_, err := f.store.Move(context.Background(), tx, p.ID, projects.Committee, projects.Select, projects.MoveInput{Version: p.Version})
			return err
		})
		if !errs.Is(err, errs.Conflict) || errs.As(err).Key != "projects.changed_meanwhile" {
			t.Fatalf("a move on the version before listing: %v", err)
		}
		if got := f.reload(t, p.ID); got.State != projects.Listed || got.Version != p.Version+1 {
			t.Fatalf("after the refused move: %s v%d", got.State, got.Version)
		}
	})
}

func TestOneProjectPerTopic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 1)
		draft := projects.Draft{Title: "扶手", Description: "加装扶手。", Origin: projects.FromTopic, TopicID: f.topic.ID}
		f.create(t, draft)
		err := f.txErr(func(tx *db.Tx) error {
			_, err := f.store.Create(context.Background(), tx, f.at(), f.cadre, draft)
			return err
		})
		if !errs.Is(err, errs.Conflict) || errs.As(err).Field != "topic_id" {
			t.Fatalf("a second project from one topic: %v", err)
		}
		if p, err := f.store.ByTopic(context.Background(), f.topic.ID); err != nil || p.Title != "扶手" {
			t.Fatalf("ByTopic: %v %v", p, err)
		}
	})
}
