package cases_test

import (
	"context"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
)

// The property company asks for eight more working hours on a repair; the
// street approves, the deadline moves, and the clocks follow the new one.
func TestApprovedExtensionMovesTheDeadline(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newClockFixture(t, d)
		f.at(t, "2025-09-15 09:00")
		c := f.report(t, f.hoodA, "safety", "楼道灯不亮") // resolve by Tuesday 08:30 (8 working hours)
		f.move(t, c.ID, cases.Acknowledge, cases.MoveInput{})
		f.move(t, c.ID, cases.Assign, cases.MoveInput{LeadUnitID: f.property.ID})
		staff := cases.Actor{UserID: f.propertyStaff, Roles: []cases.Role{cases.RoleHandler}, UnitID: f.property.ID}
		if _, err := f.store.RequestExtension(ctx, c.ID, staff, 0, "缺配件", nil); !errs.Is(err, errs.Invalid) {
			t.Fatalf("zero hours: %v", err)
		}
		x, err := f.store.RequestExtension(ctx, c.ID, staff, 8, "灯具要从厂家订，周三到货", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.RequestExtension(ctx, c.ID, staff, 4, "再加一点", nil); !errs.Is(err, errs.Conflict) {
			t.Fatalf("a second waiting request: %v", err)
		}
		street := cases.Actor{UserID: f.streetAdmin, Roles: []cases.Role{cases.RoleSupervisor}}
		extend := func(c *cases.Case, hours int) time.Time {
			return f.settings.Calendar().Add(c.ResolveBy, time.Duration(hours)*time.Hour)
		}
		f.at(t, "2025-09-15 15:00")
		got, err := f.store.DecideExtension(ctx, x.ID, street, true, "同意", extend, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Tuesday 08:30 plus 8 working hours of 08:00-12:00, 13:00-17:30: the end of Tuesday.
		want := shanghai(t, "2025-09-16 17:30")
		if got.State != cases.ExtensionApproved || !got.NewResolveBy.Equal(want) || !got.OldResolveBy.Equal(shanghai(t, "2025-09-16 08:30")) {
			t.Fatalf("decision: %+v", got)
		}
		now := f.get(t, c.ID)
		if !now.ResolveBy.Equal(want) || !now.DueAt.Equal(want) {
			t.Fatalf("case after the extension: resolve by %s, due %s", now.ResolveBy, now.DueAt)
		}
		if _, err := f.store.DecideExtension(ctx, x.ID, street, false, "不同意", extend, nil); !errs.Is(err, errs.Conflict) {
			t.Fatalf("deciding twice: %v", err)
		}
		if f.events(t, c.ID, cases.KindExtendRequest) != 1 || f.events(t, c.ID, cases.KindExtendApprove) != 1 {
			t.Fatal("the timeline lacks the request or the approval")
		}
		f.at(t, "2025-09-16 10:00") // past the old deadline, before the new one
		if r := f.sweep(t); r.Reminded != 0 {
			t.Fatalf("reminded against the old deadline: %+v", r)
		}
		f.at(t, "2025-09-16 17:31")
		if r := f.sweep(t); r.Reminded != 1 {
			t.Fatalf("not reminded after the new deadline: %+v", r)
		}
	})
}

func TestRefusedExtensionNeedsAReasonAndChangesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newClockFixture(t, d)
		c := f.report(t, f.hoodA, "noise", "装修噪音")
		cadre := cases.Actor{UserID: f.cadreA, Roles: []cases.Role{cases.RoleCommittee}}
		if _, err := f.store.RequestExtension(ctx, c.ID, cadre, 8, "还没受理就要延期", nil); !errs.Is(err, errs.Conflict) {
			t.Fatalf("an extension before acknowledgement: %v", err)
		}
		f.move(t, c.ID, cases.Acknowledge, cases.MoveInput{})
		x, err := f.store.RequestExtension(ctx, c.ID, cadre, 8, "需要协调业主", nil)
		if err != nil {
			t.Fatal(err)
		}
		street := cases.Actor{UserID: f.streetAdmin, Roles: []cases.Role{cases.RoleSupervisor}}
		never := func(*cases.Case, int) time.Time { t.Fatal("a refusal computed a deadline"); return time.Time{} }
		if _, err := f.store.DecideExtension(ctx, x.ID, street, false, "", never, nil); !errs.Is(err, errs.Invalid) {
			t.Fatalf("a refusal without a reason: %v", err)
		}
		before := f.get(t, c.ID)
		if _, err := f.store.DecideExtension(ctx, x.ID, street, false, "噪音扰民，请按时办结", never, nil); err != nil {
			t.Fatal(err)
		}
		after := f.get(t, c.ID)
		if !after.ResolveBy.Equal(before.ResolveBy) || after.Version != before.Version {
			t.Fatal("a refusal changed the case")
		}
		if f.events(t, c.ID, cases.KindExtendReject) != 1 {
			t.Fatal("no refusal on the timeline")
		}
		if xs, _ := f.store.PendingExtensions(ctx, f.district.ID, 0, 10); len(xs) != 0 {
			t.Fatalf("still pending: %v", xs)
		}
		if _, err := f.store.RequestExtension(ctx, c.ID, cadre, 4, "再申请一次", nil); err != nil {
			t.Fatalf("asking again after a refusal: %v", err)
		}
	})
}
