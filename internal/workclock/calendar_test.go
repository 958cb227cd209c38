package workclock

import (
	"math/rand/v2"
	"testing"
	"time"
)

// nationalDay2025 is the State Council's schedule for National Day 2025:
// October 1-8 off, Sunday September 28 and Saturday October 11 worked.
func nationalDay2025(t *testing.T, hours []Span) *Calendar {
	t.Helper()
	var off []Date
	for d := 1; d <= 8; d++ {
		off = append(off, Date{2025, time.October, d})
	}
	c, err := New(Shanghai(), DefaultWeekdays, hours, off, []Date{{2025, time.September, 28}, {2025, time.October, 11}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// at reads "2025-09-12 17:00" in China's time.
func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, Shanghai())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// earlyHours open at 08:00 with an hour for lunch, as some committees do.
var earlyHours = []Span{{8 * 60, 12 * 60}, {13 * 60, 17*60 + 30}}

func TestAdd(t *testing.T) {
	std := nationalDay2025(t, DefaultHours)
	early := nationalDay2025(t, earlyHours)
	for _, tc := range []struct {
		name string
		cal  *Calendar
		from string
		d    time.Duration
		want string
	}{
		{"Friday 17:00 with four hours answers Monday noon", std, "2025-09-12 17:00", 4 * time.Hour, "2025-09-15 12:00"},
		{"Friday 17:00 with four hours, opening at 08:00, answers Monday 11:30", early, "2025-09-12 17:00", 4 * time.Hour, "2025-09-15 11:30"},
		{"across lunch", std, "2025-09-16 11:00", 2 * time.Hour, "2025-09-16 14:30"},
		{"reported over lunch starts after it", std, "2025-09-16 12:30", time.Hour, "2025-09-16 14:30"},
		{"a morning used up exactly ends at noon, not after lunch", std, "2025-09-16 09:00", 3 * time.Hour, "2025-09-16 12:00"},
		{"before opening", std, "2025-09-16 07:00", time.Hour, "2025-09-16 09:30"},
		{"after closing waits for the next morning", std, "2025-09-16 18:00", time.Hour, "2025-09-17 09:30"},
		{"at closing time", std, "2025-09-16 17:30", time.Hour, "2025-09-17 09:30"},
		{"a Saturday report waits for Monday", std, "2025-09-13 10:00", time.Hour, "2025-09-15 09:30"},
		{"across the National Day holiday", std, "2025-09-30 17:00", 4 * time.Hour, "2025-10-09 12:00"},
		{"reported during the holiday", std, "2025-10-03 10:00", 30 * time.Minute, "2025-10-09 09:00"},
		{"onto a make-up Saturday", std, "2025-10-10 17:00", 4 * time.Hour, "2025-10-11 12:00"},
		{"on a make-up Sunday", std, "2025-09-27 10:00", time.Hour, "2025-09-28 09:30"},
		{"three working days", std, "2025-09-15 08:30", 3*7*time.Hour + 3*30*time.Minute, "2025-09-17 17:30"},
		{"a working week from Friday afternoon", std, "2025-09-19 14:00", 5 * (7*time.Hour + 30*time.Minute), "2025-09-26 14:00"},
		{"no time at all", std, "2025-09-13 10:00", 0, "2025-09-13 10:00"},
		{"one minute", std, "2025-09-16 11:59", time.Minute, "2025-09-16 12:00"},
		{"one minute more", std, "2025-09-16 11:59", 2 * time.Minute, "2025-09-16 13:31"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.cal.Add(at(t, tc.from), tc.d)
			if want := at(t, tc.want); !got.Equal(want) {
				t.Fatalf("Add(%s, %s) = %s, want %s", tc.from, tc.d, got.In(Shanghai()).Format("2006-01-02 15:04 Mon"), tc.want)
			}
		})
	}
}

func TestOverdueAroundTheDeadline(t *testing.T) {
	early := nationalDay2025(t, earlyHours)
	due := early.Add(at(t, "2025-09-12 17:00"), 4*time.Hour)
	if now := at(t, "2025-09-15 11:29"); now.After(due) {
		t.Errorf("overdue at 11:29 with a deadline of %s", due)
	}
	if now := at(t, "2025-09-15 11:31"); !now.After(due) {
		t.Errorf("not overdue at 11:31 with a deadline of %s", due)
	}
}

func TestBetween(t *testing.T) {
	std := nationalDay2025(t, DefaultHours)
	for _, tc := range []struct {
		name, a, b string
		want       time.Duration
	}{
		{"Friday evening to Monday noon", "2025-09-12 17:00", "2025-09-15 12:00", 4 * time.Hour},
		{"a weekend counts nothing", "2025-09-13 08:00", "2025-09-14 20:00", 0},
		{"lunch counts nothing", "2025-09-16 12:00", "2025-09-16 13:30", 0},
		{"a morning", "2025-09-16 00:00", "2025-09-16 12:30", 3*time.Hour + 30*time.Minute},
		{"a whole working day", "2025-09-16 00:00", "2025-09-17 00:00", 7*time.Hour + 30*time.Minute},
		{"the holiday week", "2025-09-30 17:30", "2025-10-09 08:30", 0},
		{"the make-up Saturday counts", "2025-10-11 00:00", "2025-10-12 00:00", 7*time.Hour + 30*time.Minute},
		{"backwards is negative", "2025-09-15 12:00", "2025-09-12 17:00", -4 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := std.Between(at(t, tc.a), at(t, tc.b)); got != tc.want {
				t.Fatalf("Between(%s, %s) = %s, want %s", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

func TestSub(t *testing.T) {
	std := nationalDay2025(t, DefaultHours)
	for _, tc := range []struct {
		name, from string
		d          time.Duration
		want       string
	}{
		{"an hour before Monday 09:00 is Friday 17:00", "2025-09-15 09:00", time.Hour, "2025-09-12 17:00"},
		{"half an hour before Monday 09:00 is the opening, the latest such instant", "2025-09-15 09:00", 30 * time.Minute, "2025-09-15 08:30"},
		{"from a Sunday", "2025-09-14 15:00", 2 * time.Hour, "2025-09-12 15:30"},
		{"back over lunch", "2025-09-16 14:00", time.Hour, "2025-09-16 11:30"},
		{"back over the holiday", "2025-10-09 09:00", time.Hour, "2025-09-30 17:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := std.Sub(at(t, tc.from), tc.d)
			if want := at(t, tc.want); !got.Equal(want) {
				t.Fatalf("Sub(%s, %s) = %s, want %s", tc.from, tc.d, got.In(Shanghai()).Format("2006-01-02 15:04 Mon"), tc.want)
			}
		})
	}
}

// TestArithmeticAgrees checks Add, Sub and Between against each other over
// random instants and durations around the holiday.
func TestArithmeticAgrees(t *testing.T) {
	std := nationalDay2025(t, DefaultHours)
	r := rand.New(rand.NewPCG(4, 4))
	base := at(t, "2025-09-20 00:00")
	for range 5000 {
		t0 := base.Add(time.Duration(r.IntN(40*24*60)) * time.Minute)
		d := time.Duration(r.IntN(60*60)) * time.Minute
		if got := std.Between(t0, std.Add(t0, d)); got != d {
			t.Fatalf("Between(t, Add(t, %s)) = %s from %s", d, got, t0)
		}
		if got := std.Between(std.Sub(t0, d), t0); got != d {
			t.Fatalf("Between(Sub(t, %s), t) = %s from %s", d, got, t0)
		}
		if sub := std.Sub(t0, d); d > 0 && !std.Working(sub) && !std.Working(sub.Add(-time.Minute)) {
			t.Fatalf("Sub(%s, %s) = %s lies outside working time", t0, d, sub)
		}
	}
}

func TestLastAt(t *testing.T) {
	std := nationalDay2025(t, DefaultHours)
	patrols := []int{8*60 + 30, 13*60 + 30, 17 * 60}
	for _, tc := range []struct{ name, now, want string }{
		{"Monday before the first patrol looks back to Friday's last", "2025-09-15 07:00", "2025-09-12 17:00"},
		{"at the patrol minute", "2025-09-15 13:30", "2025-09-15 13:30"},
		{"between patrols", "2025-09-15 16:59", "2025-09-15 13:30"},
		{"a Saturday", "2025-09-13 10:00", "2025-09-12 17:00"},
		{"a make-up Saturday has patrols", "2025-10-11 10:00", "2025-10-11 08:30"},
		{"the holiday looks back to before it", "2025-10-05 10:00", "2025-09-30 17:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := std.LastAt(at(t, tc.now), patrols)
			if want := at(t, tc.want); !ok || !got.Equal(want) {
				t.Fatalf("LastAt(%s) = %s, want %s", tc.now, got, tc.want)
			}
		})
	}
}

func TestNewRefusesBadCalendars(t *testing.T) {
	day := Date{2025, time.October, 11}
	for _, tc := range []struct {
		name     string
		weekdays []time.Weekday
		hours    []Span
		holidays []Date
		workdays []Date
		want     error
	}{
		{"no weekdays", nil, DefaultHours, nil, nil, ErrNoWeekdays},
		{"no hours", DefaultWeekdays, nil, nil, nil, ErrNoHours},
		{"overlapping hours", DefaultWeekdays, []Span{{480, 720}, {700, 900}}, nil, nil, ErrBadHours},
		{"an empty span", DefaultWeekdays, []Span{{480, 480}}, nil, nil, ErrBadHours},
		{"past midnight", DefaultWeekdays, []Span{{1200, 1500}}, nil, nil, ErrBadHours},
		{"a holiday worked", DefaultWeekdays, DefaultHours, []Date{day}, []Date{day}, ErrBothLists},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := New(nil, tc.weekdays, tc.hours, tc.holidays, tc.workdays); err != tc.want {
				t.Fatalf("New: %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := New(nil, nil, DefaultHours, nil, []Date{day}); err != nil {
		t.Fatalf("a calendar of make-up days only: %v", err)
	}
}

func TestParsing(t *testing.T) {
	spans, err := ParseHours("08:30-12:00，13:30 - 17:30")
	if err != nil || len(spans) != 2 || spans[0] != (Span{510, 720}) || spans[1] != (Span{810, 1050}) {
		t.Fatalf("ParseHours: %v %v", spans, err)
	}
	if spans[1].String() != "13:30-17:30" {
		t.Errorf("Span.String: %s", spans[1])
	}
	for _, bad := range []string{"8-12", "08:30", "08:60-12:00", "25:00-26:00", "08:30-12:00-13:00", "ab:cd-12:00"} {
		if _, err := ParseHours(bad); err == nil {
			t.Errorf("ParseHours(%q) accepted", bad)
		}
	}
	if m, err := ParseClock("24:00"); err != nil || m != 1440 {
		t.Errorf("ParseClock(24:00) = %d %v", m, err)
	}
	dates, err := ParseDates("2025-10-01, 2025-10-02\n2025-10-03")
	if err != nil || len(dates) != 3 || dates[2] != (Date{2025, time.October, 3}) || dates[0].String() != "2025-10-01" {
		t.Fatalf("ParseDates: %v %v", dates, err)
	}
	if _, err := ParseDates("2025-02-30"); err == nil {
		t.Error("ParseDates accepted February 30")
	}
}

func TestShanghaiIsUTCPlusEight(t *testing.T) {
	_, off := time.Date(2025, time.July, 1, 12, 0, 0, 0, Shanghai()).Zone()
	if off != 8*3600 {
		t.Fatalf("offset %d", off)
	}
	if got := DateOf(time.Date(2025, time.September, 30, 16, 30, 0, 0, time.UTC), Shanghai()); got != (Date{2025, time.October, 1}) {
		t.Fatalf("16:30 UTC on September 30 is %s in Shanghai", got)
	}
}
