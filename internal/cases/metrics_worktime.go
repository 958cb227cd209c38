package cases

import (
	"context"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// workTime is the working time from a to b in the case's district.
func (s *Store) workTime(c *Case, a, b time.Time) time.Duration {
	if s.WorkTime == nil {
		return b.Sub(a)
	}
	return s.WorkTime(c.DistrictID, a, b)
}

// recordWorkTimes keeps the two durations the metrics sort, in the move's
// transaction: the first acknowledgement sets the response time once; a
// resolution sets the resolution time (from the report, so a reopened case
// counts all the time the resident waited); a reopening clears it.
func (s *Store) recordWorkTimes(ctx context.Context, tx *db.Tx, c *Case, action Action, now time.Time) error {
	var err error
	switch action {
	case Acknowledge:
		_, err = tx.ExecContext(ctx, `UPDATE cases SET respond_work_ms = ? WHERE id = ? AND respond_work_ms IS NULL`,
			s.workTime(c, c.CreatedAt, now).Milliseconds(), c.ID)
	case Resolve:
		_, err = tx.ExecContext(ctx, `UPDATE cases SET resolve_work_ms = ? WHERE id = ?`, s.workTime(c, c.CreatedAt, now).Milliseconds(), c.ID)
	case Reopen:
		_, err = tx.ExecContext(ctx, `UPDATE cases SET resolve_work_ms = NULL WHERE id = ?`, c.ID)
	}
	if err != nil {
		return errs.Internalf("cases: work times: %w", err)
	}
	return nil
}
