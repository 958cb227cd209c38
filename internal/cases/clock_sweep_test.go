package cases_test

import (
	"context"
	"testing"

	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
)

// A report at 17:00 on a Friday, with four working hours to answer in a
// district that opens at 08:00 and lunches 12:00-13:00, must be answered by
// 11:30 on Monday: half an hour on Friday, three and a half on Monday.
func TestFridayEveningReportIsOverdueMondayMorning(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newClockFixture(t, d)
		c := f.report(t, f.hoodA, "parking", "消防通道被占")
		if want := shanghai(t, "2025-09-15 11:30"); !c.RespondBy.Equal(want) || !c.DueAt.Equal(want) {
			t.Fatalf("respond by %s (due %s), want %s", c.RespondBy, c.DueAt, want)
		}
		// parking: 24 working hours of 8.5 a day: 0.5 + 8.5 + 8.5 + 6.5 on Wednesday.
		if want := shanghai(t, "2025-09-17 15:30"); !c.ResolveBy.Equal(want) {
			t.Fatalf("resolve by %s, want %s", c.ResolveBy, want)
		}

		f.at(t, "2025-09-15 11:29")
		if r := f.sweep(t); r.Reminded != 0 || f.get(t, c.ID).Overdue(f.now) {
			t.Fatalf("overdue at 11:29: %+v", r)
		}
		f.at(t, "2025-09-15 11:31")
		if !f.get(t, c.ID).Overdue(f.now) {
			t.Fatal("not overdue at 11:31")
		}
		if r := f.sweep(t); r.Reminded != 1 {
			t.Fatalf("11:31 sweep: %+v", r)
		}
		if got := f.notified(t, c.ID, cases.NoticeOverdue); !sameIDs(got, f.cadreA, f.secretaryA) {
			t.Fatalf("reminded %v, want A's cadre and secretary only", got)
		}
		f.at(t, "2025-09-15 11:45")
		if r := f.sweep(t); r.Reminded != 0 || r.Notices != 0 {
			t.Fatalf("a second sweep reminded again: %+v", r)
		}
		if n := f.events(t, c.ID, cases.KindRemind); n != 1 {
			t.Fatalf("%d reminder events, want 1", n)
		}
	})
}

// After the reminder the case waits four more working hours at the
// neighborhood (to 16:30, lunch not counted), then goes to the street's
// queue; sixteen working hours past its deadline it goes to the district.
func TestOverdueCaseEscalatesToTheStreetThenTheDistrict(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newClockFixture(t, d)
		c := f.report(t, f.hoodA, "parking", "消防通道被占")
		f.at(t, "2025-09-15 11:31")
		f.sweep(t)
		f.at(t, "2025-09-15 16:29")
		if r := f.sweep(t); r.EscalatedStreet != 0 || f.get(t, c.ID).Level != cases.LevelNeighborhood {
			t.Fatalf("escalated before the grace ran out: %+v", r)
		}
		f.at(t, "2025-09-15 16:31")
		if r := f.sweep(t); r.EscalatedStreet != 1 {
			t.Fatalf("16:31 sweep: %+v", r)
		}
		got := f.get(t, c.ID)
		if got.Level != cases.LevelStreet || got.State != cases.Submitted || got.Version != c.Version+1 {
			t.Fatalf("after escalation: level %s state %s version %d", got.Level, got.State, got.Version)
		}
		if who := f.notified(t, c.ID, cases.NoticeEscalated); !sameIDs(who, f.streetAdmin, f.cadreA, f.secretaryA) {
			t.Fatalf("escalation told %v, want the street admin and A's committee", who)
		}
		queue, _, err := f.store.List(context.Background(), cases.Filter{StreetID: f.street.ID, Level: cases.LevelStreet})
		if err != nil || len(queue) != 1 || queue[0].ID != c.ID {
			t.Fatalf("the street's queue: %v %v", queue, err)
		}
		f.at(t, "2025-09-15 17:00")
		if r := f.sweep(t); r.EscalatedStreet != 0 || r.EscalatedDistrict != 0 || f.events(t, c.ID, string(cases.Escalate)) != 1 {
			t.Fatalf("escalated twice: %+v", r)
		}
		// 16 working hours past Monday 11:30: 5 more on Monday, 8.5 on
		// Tuesday, then 2.5 on Wednesday morning.
		f.at(t, "2025-09-17 10:29")
		if r := f.sweep(t); r.EscalatedDistrict != 0 {
			t.Fatalf("to the district too early: %+v", r)
		}
		f.at(t, "2025-09-17 10:31")
		if r := f.sweep(t); r.EscalatedDistrict != 1 || f.get(t, c.ID).Level != cases.LevelDistrict {
			t.Fatalf("not at the district: %+v", r)
		}
		if who := f.notified(t, c.ID, cases.NoticeEscalated); len(who) != 4 {
			t.Fatalf("the district admin was not told: %v", who)
		}
	})
}

// An acknowledged case runs on its resolution deadline; missing it reminds the
// unit handling it, or the committee when the unit has nobody on linli.
func TestMissedResolutionRemindsTheHandlers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newClockFixture(t, d)
		f.at(t, "2025-09-15 09:00")
		byProperty := f.report(t, f.hoodA, "safety", "楼道灯不亮")
		byGardeners := f.report(t, f.hoodA, "safety", "树枝压着电线")
		for _, x := range []struct {
			c    *cases.Case
			unit int64
		}{{byProperty, f.property.ID}, {byGardeners, f.gardeners.ID}} {
			f.move(t, x.c.ID, cases.Acknowledge, cases.MoveInput{})
			f.move(t, x.c.ID, cases.Assign, cases.MoveInput{LeadUnitID: x.unit})
		}
		// safety: 8 working hours from Monday 09:00 is Tuesday 09:30.
		f.at(t, "2025-09-16 09:31")
		if r := f.sweep(t); r.Reminded != 2 {
			t.Fatalf("sweep: %+v", r)
		}
		if who := f.notified(t, byProperty.ID, cases.NoticeOverdue); !sameIDs(who, f.propertyStaff) {
			t.Fatalf("the property company's case reminded %v, want its staff", who)
		}
		if who := f.notified(t, byGardeners.ID, cases.NoticeOverdue); !sameIDs(who, f.cadreA, f.secretaryA) {
			t.Fatalf("the gardeners' case reminded %v, want the committee", who)
		}
	})
}

// A resolved case its reporter neither confirms nor reopens closes by itself
// after seven days, as a public auto_close move; the reporter may still rate.
func TestResolvedUnratedCaseAutoCloses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newClockFixture(t, d)
		f.at(t, "2025-09-15 09:00")
		old := f.report(t, f.hoodA, "noise", "夜里装修")
		young := f.report(t, f.hoodA, "noise", "广场舞音响")
		for _, c := range []*cases.Case{old, young} {
			f.move(t, c.ID, cases.Acknowledge, cases.MoveInput{})
			f.move(t, c.ID, cases.Assign, cases.MoveInput{})
		}
		f.at(t, "2025-09-15 10:00")
		f.move(t, old.ID, cases.Resolve, cases.MoveInput{Note: "已劝停"})
		f.at(t, "2025-09-16 10:00")
		f.move(t, young.ID, cases.Resolve, cases.MoveInput{Note: "已调小音量"})

		f.at(t, "2025-09-22 10:01") // seven days and a minute after the first
		if r := f.sweep(t); r.AutoClosed != 1 {
			t.Fatalf("sweep: %+v", r)
		}
		got := f.get(t, old.ID)
		if got.State != cases.Closed || !got.ClosedAt.Equal(f.now) || !got.DueAt.IsZero() || got.Rating != 0 {
			t.Fatalf("auto-closed case: %+v", got)
		}
		if f.get(t, young.ID).State != cases.Resolved {
			t.Fatal("a case resolved six days ago closed")
		}
		if f.events(t, old.ID, string(cases.AutoClose)) != 1 || !sameIDs(f.notified(t, old.ID, cases.NoticeAutoClosed), f.resident) {
			t.Fatal("no auto_close event or no notice to the reporter")
		}
		if r := f.sweep(t); r.AutoClosed != 0 {
			t.Fatalf("closed twice: %+v", r)
		}
		if _, err := f.store.Rate(context.Background(), old.ID, cases.Actor{UserID: f.resident}, 4, "后来好了", ""); err != nil {
			t.Fatalf("rating an auto-closed case: %v", err)
		}
	})
}

// With follow-ups on, the reporter of a closed case is asked once, N days
// after it closed, whether it stayed fixed.
func TestFollowUpAsksTheReporterOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newClockFixture(t, d)
		f.settings.FollowUpDays = 3
		f.save(t)
		f.at(t, "2025-09-15 09:00")
		c := f.report(t, f.hoodA, "facilities", "单元门坏了")
		f.move(t, c.ID, cases.Acknowledge, cases.MoveInput{})
		f.move(t, c.ID, cases.Assign, cases.MoveInput{})
		f.move(t, c.ID, cases.Resolve, cases.MoveInput{Note: "换了门锁"})
		f.move(t, c.ID, cases.Confirm, cases.MoveInput{Rating: 5})
		f.at(t, "2025-09-18 08:59")
		if r := f.sweep(t); r.FollowUps != 0 {
			t.Fatalf("asked early: %+v", r)
		}
		f.at(t, "2025-09-18 09:01")
		f.sweep(t)
		f.at(t, "2025-09-18 12:00")
		f.sweep(t)
		if who := f.notified(t, c.ID, cases.NoticeFollowUp); !sameIDs(who, f.resident) {
			t.Fatalf("follow-up went to %v", who)
		}
	})
}

// A reopened case starts its clocks again: it can be reminded again.
func TestReopenedCaseIsRemindedAgain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newClockFixture(t, d)
		f.at(t, "2025-09-15 09:00")
		c := f.report(t, f.hoodA, "pets", "流浪狗")
		f.at(t, "2025-09-15 14:30") // past 14:00, its first deadline
		if r := f.sweep(t); r.Reminded != 1 {
			t.Fatalf("first round: %+v", r)
		}
		f.move(t, c.ID, cases.Acknowledge, cases.MoveInput{})
		f.move(t, c.ID, cases.Assign, cases.MoveInput{})
		f.move(t, c.ID, cases.Resolve, cases.MoveInput{Note: "已联系收容"})
		f.at(t, "2025-09-16 09:00")
		re := f.move(t, c.ID, cases.Reopen, cases.MoveInput{Note: "狗又回来了"})
		if want := shanghai(t, "2025-09-16 14:00"); !re.RespondBy.Equal(want) {
			t.Fatalf("reopened respond by %s, want %s", re.RespondBy, want)
		}
		f.at(t, "2025-09-16 14:01")
		if r := f.sweep(t); r.Reminded != 1 {
			t.Fatalf("the reopened case was not reminded: %+v", r)
		}
		if n := f.events(t, c.ID, cases.KindRemind); n != 2 {
			t.Fatalf("%d reminders in all, want 2", n)
		}
	})
}

// Sweeps racing each other (two nodes, or a slow ticker and "linli jobs run")
// still remind and escalate each case once.
func TestConcurrentSweepsActOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newClockFixture(t, d)
		var ids []int64
		for range 20 {
			ids = append(ids, f.report(t, f.hoodA, "parking", "占道").ID)
		}
		f.at(t, "2025-09-16 17:00")
		plan := f.plan(t)
		done := make(chan cases.SweepResult, 4)
		for range 4 {
			go func() {
				r, err := f.store.Sweep(context.Background(), plan)
				if err != nil {
					t.Error(err)
				}
				done <- r
			}()
		}
		var sum cases.SweepResult
		for range 4 {
			r := <-done
			sum.Reminded += r.Reminded
			sum.EscalatedStreet += r.EscalatedStreet
		}
		if sum.Reminded != 20 || sum.EscalatedStreet != 20 {
			t.Fatalf("four sweeps together: %+v, want 20 reminded and 20 escalated", sum)
		}
		for _, id := range ids[:3] {
			if f.events(t, id, string(cases.Escalate)) != 1 || len(f.notified(t, id, cases.NoticeOverdue)) != 2 {
				t.Fatalf("case %d: events or notices repeated", id)
			}
		}
	})
}

// A sweep looks only at what fell due or changed since the last one; a case
// acknowledged after its resolution deadline already passed changed, so it
// is still reminded.
func TestLateAcknowledgementIsReminded(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newClockFixture(t, d)
		f.at(t, "2025-09-15 09:00")
		c := f.report(t, f.hoodA, "safety", "电线裸露") // respond by 14:00, resolve by Tuesday 08:30
		for _, at := range []string{"2025-09-15 14:30", "2025-09-16 09:00", "2025-09-17 08:50"} {
			f.at(t, at)
			f.sweep(t)
		}
		f.at(t, "2025-09-17 09:00")
		f.move(t, c.ID, cases.Acknowledge, cases.MoveInput{})
		f.at(t, "2025-09-17 09:10")
		if r := f.sweep(t); r.Reminded != 1 {
			t.Fatalf("the passed resolution deadline was not reminded: %+v", r)
		}
		if len(f.notified(t, c.ID, cases.NoticeOverdue)) != 4 { // twice to A's cadre and secretary
			t.Fatalf("reminders: %v", f.notified(t, c.ID, cases.NoticeOverdue))
		}
	})
}

// Shorter grace applies at once to cases already overdue: changed settings
// make the next sweep look at every case again.
func TestChangedSettingsApplyToCasesAlreadyOverdue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newClockFixture(t, d)
		f.at(t, "2025-09-15 09:00")
		c := f.report(t, f.hoodA, "parking", "僵尸车") // respond by 14:00
		f.at(t, "2025-09-15 15:00")
		if r := f.sweep(t); r.Reminded != 1 || r.EscalatedStreet != 0 {
			t.Fatalf("15:00: %+v", r)
		}
		f.at(t, "2025-09-15 15:01")
		f.settings.EscalateStreetHours = 0
		f.save(t)
		f.at(t, "2025-09-15 15:05")
		if r := f.sweep(t); r.EscalatedStreet != 1 || f.get(t, c.ID).Level != cases.LevelStreet {
			t.Fatalf("after the grace was shortened: %+v", r)
		}
	})
}
