package workclock

import "time"

// horizon bounds every walk over the calendar: a deadline more than ten years
// of days away is a configuration mistake, not a reason to spin.
const horizon = 3660

// Add is the instant d of working time after t. A start outside working hours
// waits for the next working minute; a deadline that uses up a span exactly
// falls on the span's end (12:00, not 13:30). d <= 0 gives t.
func (c *Calendar) Add(t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return t
	}
	day := DateOf(t, c.zone)
	for range horizon {
		if c.IsWorkday(day) {
			for _, s := range c.hours {
				from, to := day.at(c.zone, s.From), day.at(c.zone, s.To)
				if from.Before(t) {
					from = t
				}
				if !from.Before(to) {
					continue
				}
				avail := to.Sub(from)
				if d <= avail {
					return from.Add(d)
				}
				d -= avail
			}
		}
		day = day.AddDays(1)
	}
	return day.at(c.zone, 0)
}

// Sub is the latest instant from which d of working time has passed by t:
// a case whose deadline is at or before c.Sub(now, grace) has been overdue
// for at least grace. It is the inverse of Add, so the sweep can compare
// stored deadlines with one cutoff instead of doing calendar sums per row.
// d <= 0 gives t.
func (c *Calendar) Sub(t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return t
	}
	day := DateOf(t, c.zone)
	for range horizon {
		if c.IsWorkday(day) {
			for i := len(c.hours) - 1; i >= 0; i-- {
				s := c.hours[i]
				from, to := day.at(c.zone, s.From), day.at(c.zone, s.To)
				if to.After(t) {
					to = t
				}
				if !from.Before(to) {
					continue
				}
				avail := to.Sub(from)
				if d <= avail {
					return to.Add(-d)
				}
				d -= avail
			}
		}
		day = day.AddDays(-1)
	}
	return day.at(c.zone, 0)
}

// Between is the working time from a to b, negative when b is before a.
func (c *Calendar) Between(a, b time.Time) time.Duration {
	if b.Before(a) {
		return -c.Between(b, a)
	}
	var total time.Duration
	last := DateOf(b, c.zone)
	for day := DateOf(a, c.zone); !last.before(day); day = day.AddDays(1) {
		if !c.IsWorkday(day) {
			continue
		}
		for _, s := range c.hours {
			from, to := day.at(c.zone, s.From), day.at(c.zone, s.To)
			if from.Before(a) {
				from = a
			}
			if to.After(b) {
				to = b
			}
			if from.Before(to) {
				total += to.Sub(from)
			}
		}
	}
	return total
}

// Working reports whether t falls inside working hours.
func (c *Calendar) Working(t time.Time) bool {
	day := DateOf(t, c.zone)
	if !c.IsWorkday(day) {
		return false
	}
	for _, s := range c.hours {
		if !t.Before(day.at(c.zone, s.From)) && t.Before(day.at(c.zone, s.To)) {
			return true
		}
	}
	return false
}

func (d Date) before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// LastAt is the latest instant at or before t that falls on a working day at
// one of the given minutes after midnight (the patrol times); false if there
// is none within the horizon.
func (c *Calendar) LastAt(t time.Time, minutes []int) (time.Time, bool) {
	day := DateOf(t, c.zone)
	for range horizon {
		if c.IsWorkday(day) {
			var best time.Time
			for _, m := range minutes {
				if at := day.at(c.zone, m); !at.After(t) && at.After(best) {
					best = at
				}
			}
			if !best.IsZero() {
				return best, true
			}
		}
		day = day.AddDays(-1)
	}
	return time.Time{}, false
}
