package clocks

import (
	"context"
	"time"
)

// WorkTime is the cases store's work-time hook: the working time between from
// and to on the district's calendar, for the response and resolution times
// the metrics report. Like Deadlines it has no error: it reads the cached
// settings and falls back to the defaults if the database cannot be read.
func (s *Store) WorkTime(districtID int64, from, to time.Time) time.Duration {
	st, err := s.Cached(context.Background(), districtID)
	if err != nil {
		st = Defaults(districtID)
	}
	if to.Before(from) {
		return 0
	}
	return st.Calendar().Between(from, to)
}
