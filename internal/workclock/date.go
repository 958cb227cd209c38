package workclock

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Date is a civil date, without a zone: holidays are dates, not instants.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the date of t in zone.
func DateOf(t time.Time, zone *time.Location) Date {
	y, m, d := t.In(zone).Date()
	return Date{y, m, d}
}

// ParseDate reads "2026-10-01".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Date{}, err
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// String writes the date as "2026-10-01".
func (d Date) String() string { return d.at(time.UTC, 0).Format(time.DateOnly) }

// Weekday is the date's day of the week.
func (d Date) Weekday() time.Weekday { return d.at(time.UTC, 0).Weekday() }

// AddDays is the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date {
	t := time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC)
	return Date{t.Year(), t.Month(), t.Day()}
}

// at is the instant minute m of day d begins in zone.
func (d Date) at(zone *time.Location, m int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, m/60, m%60, 0, 0, zone)
}

// ErrBadSpan is a span that is not "HH:MM-HH:MM".
var ErrBadSpan = errors.New("workclock: hours are written 08:30-12:00")

// ParseHours reads spans written "08:30-12:00, 13:30-17:30" (commas, spaces
// or new lines between them).
func ParseHours(s string) ([]Span, error) {
	for strings.Contains(s, " -") || strings.Contains(s, "- ") {
		s = strings.NewReplacer(" -", "-", "- ", "-").Replace(s)
	}
	var out []Span
	for _, f := range fields(s) {
		from, to, ok := strings.Cut(f, "-")
		a, errA := ParseClock(from)
		b, errB := ParseClock(to)
		if !ok || errA != nil || errB != nil {
			return nil, ErrBadSpan
		}
		out = append(out, Span{a, b})
	}
	return out, nil
}

// ParseClock reads "08:30" as minutes after midnight; "24:00" is allowed.
func ParseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, errH := strconv.Atoi(h)
	mm, errM := strconv.Atoi(m)
	if !ok || errH != nil || errM != nil || len(m) != 2 || hh < 0 || mm < 0 || mm > 59 || hh*60+mm > 24*60 {
		return 0, ErrBadSpan
	}
	return hh*60 + mm, nil
}

// FormatClock writes minutes after midnight as "08:30".
func FormatClock(m int) string { return clock(m) }

// ParseDates reads a list of dates separated by commas, spaces or new lines.
func ParseDates(s string) ([]Date, error) {
	var out []Date
	for _, f := range fields(s) {
		d, err := ParseDate(f)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t'
	})
}

var shanghai = sync.OnceValue(func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	// Without tzdata on the host, a fixed +08:00 is exact: China has kept
	// no daylight saving time since 1991.
	return time.FixedZone("CST", 8*3600)
})

// Shanghai is China Standard Time: Asia/Shanghai, or a fixed +08:00 where the
// host has no zone database.
func Shanghai() *time.Location { return shanghai() }
