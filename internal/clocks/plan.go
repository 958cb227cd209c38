package clocks

import (
	"context"
	"time"

	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/errs"
)

// FollowUpWindow is how far back past the follow-up day the sweep still
// asks: a sweep that did not run for a day or two catches up, but turning
// follow-ups on does not question every case ever closed.
const FollowUpWindow = 3 * 24 * time.Hour

// SweepMargin is how far back before the last sweep the next one looks
// again: a case moved in a transaction that was still open when the last
// sweep read (PostgreSQL) is dated before it but was not seen by it.
const SweepMargin = 10 * time.Minute

// Plan turns the settings into the instants one sweep at now compares stored
// times with. All working-time arithmetic happens here, once per district.
// lastSweep is when the district last swept (zero if never): the sweep then
// looks only at what fell due or changed since, unless the settings changed
// after it, which moves every cutoff.
func (st *Settings) Plan(now, lastSweep time.Time) cases.SweepPlan {
	cal := st.Calendar()
	p := cases.SweepPlan{DistrictID: st.DistrictID, Now: now,
		EscalateStreetBy:   cal.Sub(now, hours(st.EscalateStreetHours)),
		EscalateDistrictBy: cal.Sub(now, hours(st.EscalateDistrictHours)),
		AutoCloseBy:        now.Add(-days(st.AutoCloseDays)),
	}
	if st.FollowUpDays > 0 {
		p.FollowUpBy = now.Add(-days(st.FollowUpDays))
		p.FollowUpAfter = p.FollowUpBy.Add(-FollowUpWindow)
	}
	if !lastSweep.IsZero() && !lastSweep.Before(st.UpdatedAt) {
		p.Since = lastSweep.Add(-SweepMargin)
		p.EscalateStreetAfter = cal.Sub(p.Since, hours(st.EscalateStreetHours))
		p.EscalateDistrictAfter = cal.Sub(p.Since, hours(st.EscalateDistrictHours))
		p.AutoCloseAfter = p.Since.Add(-days(st.AutoCloseDays))
		if after := p.Since.Add(-days(st.FollowUpDays)); st.FollowUpDays > 0 && after.After(p.FollowUpAfter) {
			p.FollowUpAfter = after
		}
	}
	if slot, ok := cal.LastAt(now, st.PatrolTimes); ok {
		since, ok := cal.LastAt(slot.Add(-time.Millisecond), st.PatrolTimes)
		if !ok {
			since = slot.Add(-24 * time.Hour)
		}
		p.Patrol = &cases.PatrolSlot{At: slot, Since: since, DueUntil: cal.Add(slot, hours(st.DueSoonHours))}
	}
	return p
}

func hours(n int) time.Duration { return time.Duration(n) * time.Hour }
func days(n int) time.Duration  { return time.Duration(n) * 24 * time.Hour }

// Districts lists every district, each of which runs its clocks. Errors: internal.
func (s *Store) Districts(ctx context.Context) ([]int64, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id FROM places WHERE kind = 'district' ORDER BY id`)
	if err != nil {
		return nil, errs.Internalf("clocks: districts: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, errs.Internalf("clocks: districts: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Deadlines is the cases store's deadline hook: a case's first-response and
// resolution deadlines, counted in its district's working time from the
// moment it opened or reopened (c.UpdatedAt). The hook has no context or
// error, so it reads the cached settings and falls back to the defaults if
// the database cannot be read: a deadline a little off beats a failed report.
func (s *Store) Deadlines(c *cases.Case) (respondBy, resolveBy time.Time) {
	st, err := s.Cached(context.Background(), c.DistrictID)
	if err != nil {
		st = Defaults(c.DistrictID)
	}
	from := c.UpdatedAt
	if from.IsZero() {
		from = s.Now()
	}
	return st.Deadlines(from, c.Category)
}
