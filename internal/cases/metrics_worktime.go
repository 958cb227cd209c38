package cases

import "time"

// workTime is the working time from a to b in the case's district.
func (s *Store) workTime(c *Case, a, b time.Time) time.Duration {
	if s.WorkTime == nil {
		return b.Sub(a)
	}
	return s.WorkTime(c.DistrictID, a, b)
}

// workTimes returns what the move's UPDATE sets the two durations the
// metrics sort to, so they cost no statement of their own: the first
// acknowledgement sets the response time once (respond 1 and its value); a
// resolution sets the resolution time from the report, so a reopened case
// counts all the time the resident waited (resolve 1); a reopening clears it
// (resolve 2); anything else leaves both (0).
func (s *Store) workTimes(c *Case, action Action, now time.Time) (respond int, respondMS int64, resolve int, resolveMS int64) {
	switch action {
	case Acknowledge:
		return 1, s.workTime(c, c.CreatedAt, now).Milliseconds(), 0, 0
	case Resolve:
		return 0, 0, 1, s.workTime(c, c.CreatedAt, now).Milliseconds()
	case Reopen:
		return 0, 0, 2, 0
	}
	return 0, 0, 0, 0
}
