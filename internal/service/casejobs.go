package service

import (
	"context"
	"log/slog"
	"time"
)

// RunClocks runs every district's case clocks once, at the cases store's
// time: reminders, escalation, auto-close, follow-ups and patrol lists. It
// is the background job behind "linli jobs run" and the server's ticker, and
// safe to run at any moment, twice, on every node. It returns how many rows
// it added. Errors: internal (the first district that failed; the others
// still run).
func (s *Service) RunClocks(ctx context.Context) (int64, error) {
	ids, err := s.Clocks.Districts(ctx)
	if err != nil {
		return 0, err
	}
	now := s.Cases.Now()
	var total int64
	var first error
	for _, id := range ids {
		st, err := s.Clocks.Get(ctx, id)
		var last time.Time
		if err == nil {
			last, err = s.Cases.LastSweep(ctx, id)
		}
		if err == nil {
			r, serr := s.Cases.Sweep(ctx, st.Plan(now, last))
			total, err = total+r.Total(), serr
			if err == nil && r.Total() > 0 {
				slog.InfoContext(ctx, "case clocks", "district", id, "reminded", r.Reminded, "to_street", r.EscalatedStreet,
					"to_district", r.EscalatedDistrict, "auto_closed", r.AutoClosed, "follow_ups", r.FollowUps, "notices", r.Notices,
					"patrol_lists", r.PatrolLists)
			}
		}
		if err != nil && first == nil {
			first = err
		}
	}
	return total, first
}
