package clocks

import (
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/workclock"
)

// Input is the settings as people write them, from the admin form or the
// API: lists as text ("08:30-12:00, 13:30-17:30"), numbers as numbers.
type Input struct {
	Weekdays                                   []int // 0 = Sunday ... 6 = Saturday
	Hours, Holidays, Workdays, PatrolTimes     string
	RespondHours                               int
	ResolveHours                               map[string]int // missing categories keep their default
	EscalateStreetHours, EscalateDistrictHours int
	DueSoonHours, AutoCloseDays, FollowUpDays  int
}

// Limits on what a district may set; beyond them a setting is a slip of the
// keyboard rather than a policy.
const (
	MaxHours      = 2000
	MaxDays       = 365
	MaxDates      = 400
	MaxPatrols    = 6
	MaxEscalation = 400
)

// Parse checks an input and turns it into settings for district. Errors:
// invalid, naming the field at fault.
func Parse(districtID int64, in Input) (*Settings, error) {
	s := Defaults(districtID)
	s.Weekdays = nil
	seen := map[int]bool{}
	for _, d := range in.Weekdays {
		if d < 0 || d > 6 {
			return nil, errs.Field("weekdays", "clocks.bad_weekday")
		}
		if !seen[d] {
			seen[d] = true
			s.Weekdays = append(s.Weekdays, time.Weekday(d))
		}
	}
	if len(s.Weekdays) == 0 {
		return nil, errs.Field("weekdays", "clocks.no_weekdays")
	}
	var err error
	if s.Hours, err = workclock.ParseHours(in.Hours); err != nil {
		return nil, errs.Field("hours", "clocks.bad_hours")
	}
	if s.Holidays, err = workclock.ParseDates(in.Holidays); err != nil || len(s.Holidays) > MaxDates {
		return nil, errs.Field("holidays", "clocks.bad_dates", MaxDates)
	}
	if s.Workdays, err = workclock.ParseDates(in.Workdays); err != nil || len(s.Workdays) > MaxDates {
		return nil, errs.Field("workdays", "clocks.bad_dates", MaxDates)
	}
	switch _, err := workclock.New(nil, s.Weekdays, s.Hours, s.Holidays, s.Workdays); err {
	case nil:
	case workclock.ErrNoWeekdays:
		return nil, errs.Field("weekdays", "clocks.no_weekdays")
	case workclock.ErrBothLists:
		return nil, errs.Field("workdays", "clocks.both_lists")
	default:
		return nil, errs.Field("hours", "clocks.bad_hours")
	}
	if s.PatrolTimes, err = parseTimes(in.PatrolTimes); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		name     string
		v        int
		min, max int
		into     *int
	}{
		{"respond_hours", in.RespondHours, 1, MaxHours, &s.RespondHours},
		{"escalate_street_hours", in.EscalateStreetHours, 0, MaxEscalation, &s.EscalateStreetHours},
		{"escalate_district_hours", in.EscalateDistrictHours, 0, MaxEscalation, &s.EscalateDistrictHours},
		{"due_soon_hours", in.DueSoonHours, 1, 48, &s.DueSoonHours},
		{"auto_close_days", in.AutoCloseDays, 1, MaxDays, &s.AutoCloseDays},
		{"follow_up_days", in.FollowUpDays, 0, MaxDays, &s.FollowUpDays},
	} {
		if f.v < f.min || f.v > f.max {
			return nil, errs.Field(f.name, "clocks.out_of_range", f.min, f.max)
		}
		*f.into = f.v
	}
	if s.EscalateDistrictHours <= s.EscalateStreetHours {
		return nil, errs.Field("escalate_district_hours", "clocks.district_after_street")
	}
	for cat, h := range in.ResolveHours {
		if !isCategory(cat) {
			return nil, errs.Field("resolve_hours", "clocks.bad_category")
		}
		if h < 1 || h > MaxHours {
			return nil, errs.Field("resolve_"+cat, "clocks.out_of_range", 1, MaxHours)
		}
		s.ResolveHours[cat] = h
	}
	return s, nil
}

func parseTimes(text string) ([]int, error) {
	var out []int
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '\n' }) {
		m, err := workclock.ParseClock(f)
		if err != nil || m >= 24*60 {
			return nil, errs.Field("patrol_times", "clocks.bad_times")
		}
		for _, x := range out {
			if x == m {
				return nil, errs.Field("patrol_times", "clocks.bad_times")
			}
		}
		out = append(out, m)
	}
	if len(out) == 0 || len(out) > MaxPatrols {
		return nil, errs.Field("patrol_times", "clocks.patrol_count", MaxPatrols)
	}
	return out, nil
}

func isCategory(c string) bool {
	for _, x := range board.Categories {
		if x == c {
			return true
		}
	}
	return false
}

// Input is the settings written back as input, to fill the form.
func (s *Settings) Input() Input {
	in := Input{Hours: joinSpans(s.Hours), Holidays: joinDates(s.Holidays), Workdays: joinDates(s.Workdays),
		PatrolTimes: joinTimes(s.PatrolTimes), RespondHours: s.RespondHours, ResolveHours: map[string]int{},
		EscalateStreetHours: s.EscalateStreetHours, EscalateDistrictHours: s.EscalateDistrictHours,
		DueSoonHours: s.DueSoonHours, AutoCloseDays: s.AutoCloseDays, FollowUpDays: s.FollowUpDays}
	for _, d := range s.Weekdays {
		in.Weekdays = append(in.Weekdays, int(d))
	}
	for k, v := range s.ResolveHours {
		in.ResolveHours[k] = v
	}
	return in
}

func joinSpans(spans []workclock.Span) string {
	parts := make([]string, len(spans))
	for i, sp := range spans {
		parts[i] = sp.String()
	}
	return strings.Join(parts, ",")
}

func joinDates(dates []workclock.Date) string {
	parts := make([]string, len(dates))
	for i, d := range dates {
		parts[i] = d.String()
	}
	return strings.Join(parts, ",")
}

func joinTimes(ms []int) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = workclock.FormatClock(m)
	}
	return strings.Join(parts, ",")
}
