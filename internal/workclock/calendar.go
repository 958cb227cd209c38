// Package workclock is the working-hours calendar that case deadlines run on:
// working weekdays, daily hours with a lunch break, public holidays and the
// make-up working days (调休) that China's holiday schedule moves onto
// weekends. It is pure arithmetic on time.Time, with no database: the clocks
// settings build a Calendar per district and the sweep asks it for instants.
package workclock

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// Span is one stretch of working time in a day, in minutes after midnight
// (08:30 is 510). To may be 1440 (24:00).
type Span struct{ From, To int }

// String writes the span as "08:30-12:00".
func (s Span) String() string { return clock(s.From) + "-" + clock(s.To) }

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// Calendar says when people are at work. Build one with New so that it is
// checked; the zero Calendar has no working time at all.
type Calendar struct {
	zone     *time.Location
	weekdays [7]bool
	hours    []Span
	holidays map[Date]bool // working weekdays taken off
	workdays map[Date]bool // weekend days worked (调休)
}

// Errors New reports; the settings layer turns them into field errors.
var (
	ErrNoWeekdays = errors.New("workclock: no working weekday")
	ErrNoHours    = errors.New("workclock: no working hours")
	ErrBadHours   = errors.New("workclock: hours must be increasing, non-overlapping spans within a day")
	ErrBothLists  = errors.New("workclock: a date is both a holiday and a make-up working day")
)

// DefaultHours are a residents' committee's usual opening hours.
var DefaultHours = []Span{{8*60 + 30, 12 * 60}, {13*60 + 30, 17*60 + 30}}

// DefaultWeekdays are Monday to Friday.
var DefaultWeekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

// Default is Monday to Friday, DefaultHours, no holidays, in China's time.
func Default() *Calendar {
	c, err := New(Shanghai(), DefaultWeekdays, DefaultHours, nil, nil)
	if err != nil {
		panic(err)
	}
	return c
}

// New checks and builds a calendar. Holidays remove working days; workdays
// add days (a make-up Saturday) whatever their weekday.
func New(zone *time.Location, weekdays []time.Weekday, hours []Span, holidays, workdays []Date) (*Calendar, error) {
	if zone == nil {
		zone = Shanghai()
	}
	c := &Calendar{zone: zone, holidays: map[Date]bool{}, workdays: map[Date]bool{}}
	for _, d := range weekdays {
		if d < time.Sunday || d > time.Saturday {
			return nil, ErrNoWeekdays
		}
		c.weekdays[d] = true
	}
	if len(weekdays) == 0 && len(workdays) == 0 {
		return nil, ErrNoWeekdays
	}
	if len(hours) == 0 {
		return nil, ErrNoHours
	}
	c.hours = append([]Span(nil), hours...)
	sort.Slice(c.hours, func(i, j int) bool { return c.hours[i].From < c.hours[j].From })
	for i, s := range c.hours {
		if s.From < 0 || s.To > 24*60 || s.From >= s.To || (i > 0 && c.hours[i-1].To > s.From) {
			return nil, ErrBadHours
		}
	}
	for _, d := range holidays {
		c.holidays[d] = true
	}
	for _, d := range workdays {
		if c.holidays[d] {
			return nil, ErrBothLists
		}
		c.workdays[d] = true
	}
	return c, nil
}

// Zone is the calendar's time zone; days begin at its midnight.
func (c *Calendar) Zone() *time.Location { return c.zone }

// Hours returns the daily working spans, in order.
func (c *Calendar) Hours() []Span { return append([]Span(nil), c.hours...) }

// IsWorkday reports whether people work on day d: a make-up day always, a
// holiday never, otherwise by weekday.
func (c *Calendar) IsWorkday(d Date) bool {
	if c.workdays[d] {
		return true
	}
	if c.holidays[d] {
		return false
	}
	return c.weekdays[d.Weekday()]
}

// Daily is the working time of one full working day.
func (c *Calendar) Daily() time.Duration {
	var n int
	for _, s := range c.hours {
		n += s.To - s.From
	}
	return time.Duration(n) * time.Minute
}
