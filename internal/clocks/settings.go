// Package clocks keeps each district's clock settings: the working calendar
// (internal/workclock) and the deadlines, grace periods, patrol times and
// closing rules the case sweep runs on.
package clocks

import (
	"time"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/workclock"
)

// Settings are one district's clocks (NeighborhoodID 0; a neighborhood may
// later override its district).
type Settings struct {
	DistrictID, NeighborhoodID int64
	Weekdays                   []time.Weekday
	Hours                      []workclock.Span
	Holidays, Workdays         []workclock.Date
	// RespondHours is the first-response deadline in working hours.
	RespondHours int
	// ResolveHours is the resolution deadline in working hours, per category;
	// every category has an entry.
	ResolveHours map[string]int
	// EscalateStreetHours and EscalateDistrictHours are how long, in working
	// hours past its deadline, a case waits before the clock raises it to the
	// street and then to the district.
	EscalateStreetHours, EscalateDistrictHours int
	// PatrolTimes are minutes after midnight (一日三巡: 08:30, 13:30, 17:00).
	PatrolTimes []int
	// DueSoonHours is how far ahead, in working hours, a patrol list looks.
	DueSoonHours int
	// AutoCloseDays closes a resolved case its reporter has not rated.
	AutoCloseDays int
	// FollowUpDays asks the reporter "is it still fixed?" that many days
	// after closing; 0 asks nothing.
	FollowUpDays int
	UpdatedBy    int64
	UpdatedAt    time.Time
}

// DefaultResolveHours are the resolution deadlines before a district sets its
// own: hazards within a working day, repairs within a working week.
var DefaultResolveHours = map[string]int{
	"safety": 8, "noise": 16, "environment": 16, "pets": 16, "elderly": 16,
	"parking": 24, "property": 24, "greenery": 40, "facilities": 40, "other": 40,
}

// Defaults are the settings of a district that has saved none.
func Defaults(districtID int64) *Settings {
	s := &Settings{
		DistrictID:   districtID,
		Weekdays:     append([]time.Weekday(nil), workclock.DefaultWeekdays...),
		Hours:        append([]workclock.Span(nil), workclock.DefaultHours...),
		RespondHours: 4, EscalateStreetHours: 4, EscalateDistrictHours: 16,
		PatrolTimes:  []int{8*60 + 30, 13*60 + 30, 17 * 60},
		DueSoonHours: 4, AutoCloseDays: 7, FollowUpDays: 0,
		ResolveHours: map[string]int{},
	}
	for _, c := range board.Categories {
		s.ResolveHours[c] = resolveDefault(c)
	}
	return s
}

func resolveDefault(category string) int {
	if h, ok := DefaultResolveHours[category]; ok {
		return h
	}
	return 40
}

// Calendar is the working calendar the settings describe, in China's time.
// Saved settings were checked, so it never fails; a broken row falls back to
// the default calendar rather than stopping every clock.
func (s *Settings) Calendar() *workclock.Calendar {
	c, err := workclock.New(workclock.Shanghai(), s.Weekdays, s.Hours, s.Holidays, s.Workdays)
	if err != nil {
		return workclock.Default()
	}
	return c
}

// Resolve is the resolution deadline for a category, in working time.
func (s *Settings) Resolve(category string) time.Duration {
	h, ok := s.ResolveHours[category]
	if !ok {
		h = resolveDefault(category)
	}
	return time.Duration(h) * time.Hour
}

// Respond is the first-response deadline, in working time.
func (s *Settings) Respond() time.Duration { return time.Duration(s.RespondHours) * time.Hour }

// Deadlines are a case's first-response and resolution deadlines counted
// from from (its report, or its reopening).
func (s *Settings) Deadlines(from time.Time, category string) (respondBy, resolveBy time.Time) {
	cal := s.Calendar()
	return cal.Add(from, s.Respond()), cal.Add(from, s.Resolve(category))
}
