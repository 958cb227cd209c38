package clocks_test

import (
	"context"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/clocks"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/workclock"
)

func district(t *testing.T, d *db.DB) *org.Place {
	t.Helper()
	p, err := org.NewStore(d).CreatePlace(context.Background(), d, 0, org.District, "区")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// nationalDayInput is a district that writes in the 2025 National Day holiday.
func nationalDayInput() clocks.Input {
	in := clocks.Defaults(0).Input()
	in.Holidays = "2025-10-01,2025-10-02,2025-10-03,2025-10-06,2025-10-07,2025-10-08"
	in.Workdays = "2025-09-28, 2025-10-11"
	in.Hours = "08:00-12:00, 13:00-17:30"
	in.ResolveHours = map[string]int{"noise": 6}
	in.FollowUpDays = 30
	return in
}

func TestSettingsSaveAndLoad(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		dist := district(t, d)
		s := clocks.NewStore(d)
		got, err := s.Get(ctx, dist.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.RespondHours != 4 || got.AutoCloseDays != 7 || len(got.PatrolTimes) != 3 || got.Resolve("safety") != 8*time.Hour {
			t.Fatalf("defaults: %+v", got)
		}
		st, err := clocks.Parse(dist.ID, nationalDayInput())
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Save(ctx, st, 0); err != nil {
			t.Fatal(err)
		}
		st.RespondHours = 2 // saving twice updates the one row
		if err := s.Save(ctx, st, 0); err != nil {
			t.Fatal(err)
		}
		got, err = s.Get(ctx, dist.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.RespondHours != 2 || got.FollowUpDays != 30 || got.Resolve("noise") != 6*time.Hour || got.Resolve("parking") != 24*time.Hour {
			t.Fatalf("saved settings: %+v", got)
		}
		cal := got.Calendar()
		if !cal.IsWorkday(workclock.Date{Year: 2025, Month: time.October, Day: 11}) || cal.IsWorkday(workclock.Date{Year: 2025, Month: time.October, Day: 2}) {
			t.Fatal("holidays and make-up days were not kept")
		}
		friday := time.Date(2025, time.September, 12, 17, 0, 0, 0, workclock.Shanghai())
		respond, resolve := got.Deadlines(friday, "noise")
		if want := time.Date(2025, time.September, 15, 9, 30, 0, 0, workclock.Shanghai()); !respond.Equal(want) {
			t.Errorf("respond by %s, want %s", respond, want)
		}
		if want := time.Date(2025, time.September, 15, 14, 30, 0, 0, workclock.Shanghai()); !resolve.Equal(want) {
			t.Errorf("resolve by %s, want %s", resolve, want)
		}
		cachedOnce, _ := s.Cached(ctx, dist.ID)
		cachedTwice, _ := s.Cached(ctx, dist.ID)
		if cachedOnce != cachedTwice || cachedOnce.RespondHours != 2 {
			t.Error("the cache did not keep the settings")
		}
		st.RespondHours = 3
		_ = s.Save(ctx, st, 0)
		if c, _ := s.Cached(ctx, dist.ID); c.RespondHours != 3 {
			t.Error("saving did not refresh the cache")
		}
	})
}

func TestParseRefusesBadSettings(t *testing.T) {
	for _, tc := range []struct {
		name, field string
		change      func(in *clocks.Input)
	}{
		{"no working days", "weekdays", func(in *clocks.Input) { in.Weekdays = nil }},
		{"an eighth weekday", "weekdays", func(in *clocks.Input) { in.Weekdays = []int{7} }},
		{"hours that overlap", "hours", func(in *clocks.Input) { in.Hours = "08:00-12:00,11:00-17:00" }},
		{"hours written wrong", "hours", func(in *clocks.Input) { in.Hours = "8点到12点" }},
		{"a date that does not exist", "holidays", func(in *clocks.Input) { in.Holidays = "2025-02-30" }},
		{"a holiday worked", "workdays", func(in *clocks.Input) { in.Holidays, in.Workdays = "2025-10-11", "2025-10-11" }},
		{"no patrol", "patrol_times", func(in *clocks.Input) { in.PatrolTimes = "" }},
		{"too many patrols", "patrol_times", func(in *clocks.Input) { in.PatrolTimes = "08:00,09:00,10:00,11:00,12:00,13:00,14:00" }},
		{"a patrol twice", "patrol_times", func(in *clocks.Input) { in.PatrolTimes = "08:30,08:30" }},
		{"no first-response time", "respond_hours", func(in *clocks.Input) { in.RespondHours = 0 }},
		{"the district before the street", "escalate_district_hours", func(in *clocks.Input) { in.EscalateDistrictHours = 2 }},
		{"auto-close never", "auto_close_days", func(in *clocks.Input) { in.AutoCloseDays = 0 }},
		{"an unknown category", "resolve_hours", func(in *clocks.Input) { in.ResolveHours = map[string]int{"ufo": 3} }},
		{"a category without time", "resolve_noise", func(in *clocks.Input) { in.ResolveHours = map[string]int{"noise": 0} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := nationalDayInput()
			tc.change(&in)
			_, err := clocks.Parse(1, in)
			if !errs.Is(err, errs.Invalid) || errs.As(err).Field != tc.field {
				t.Fatalf("Parse: %v, want invalid %s", err, tc.field)
			}
		})
	}
}
