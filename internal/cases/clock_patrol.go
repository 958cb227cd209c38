package cases

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/linli-dev/linli/internal/errs"
)

// PatrolRun is one cadre's patrol list (一日三巡) for one neighborhood and
// patrol time, with the counts as they stood when the list was made.
type PatrolRun struct {
	ID, UserID, DistrictID, NeighborhoodID int64
	At, Since, DueUntil                    time.Time
	New, DueSoon, Overdue                  int
	DoneAt                                 time.Time // zero until the cadre marks it patrolled
}

const patrolCols = `id, user_id, district_id, neighborhood_id, slot_at, since_at, due_until, new_count, due_soon_count,
	overdue_count, COALESCE(done_at, 0)`

func scanPatrol(row interface{ Scan(...any) error }) (*PatrolRun, error) {
	var r PatrolRun
	var at, since, until, done int64
	if err := row.Scan(&r.ID, &r.UserID, &r.DistrictID, &r.NeighborhoodID, &at, &since, &until, &r.New, &r.DueSoon, &r.Overdue,
		&done); err != nil {
		return nil, err
	}
	r.At, r.Since, r.DueUntil, r.DoneAt = time.UnixMilli(at), time.UnixMilli(since), time.UnixMilli(until), fromMS(done)
	return &r, nil
}

// PatrolRuns lists a cadre's patrol lists, the latest first, before a cursor
// (a run id; 0 for the first page). Errors: internal.
func (s *Store) PatrolRuns(ctx context.Context, userID, before int64, limit int) ([]*PatrolRun, error) {
	if before <= 0 {
		before = 1 << 62
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+patrolCols+` FROM patrol_runs WHERE user_id = ? AND id < ?
		ORDER BY slot_at DESC, id DESC LIMIT ?`, userID, before, limit)
	if err != nil {
		return nil, errs.Internalf("cases: patrol runs: %w", err)
	}
	defer rows.Close()
	var out []*PatrolRun
	for rows.Next() {
		r, err := scanPatrol(rows)
		if err != nil {
			return nil, errs.Internalf("cases: scan patrol run: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PatrolRun returns one patrol list. Errors: not_found.
func (s *Store) PatrolRun(ctx context.Context, id int64) (*PatrolRun, error) {
	r, err := scanPatrol(s.DB.QueryRowContext(ctx, `SELECT `+patrolCols+` FROM patrol_runs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "patrol.not_found")
	}
	if err != nil {
		return nil, errs.Internalf("cases: patrol run: %w", err)
	}
	return r, nil
}

// MarkPatrolled records that the cadre went through their list; marking it
// twice keeps the first time. Errors: not_found (not theirs).
func (s *Store) MarkPatrolled(ctx context.Context, id, userID int64) error {
	res, err := s.DB.ExecContext(ctx, `UPDATE patrol_runs SET done_at = COALESCE(done_at, ?) WHERE id = ? AND user_id = ?`,
		s.Now().UnixMilli(), id, userID)
	if err != nil {
		return errs.Internalf("cases: mark patrolled: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.NotFound, "patrol.not_found")
	}
	return nil
}

// PatrolLists are a patrol's three lists as they stand now: reported since
// the previous patrol, falling due before DueUntil, and overdue at the patrol
// time. A case handled since drops out of the last two.
type PatrolLists struct {
	New, DueSoon, Overdue []*Case
}

// Lists reads a patrol run's lists, at most limit cases each. Errors: internal.
func (s *Store) Lists(ctx context.Context, r *PatrolRun, limit int) (*PatrolLists, error) {
	ms := time.Millisecond
	hood := []int64{r.NeighborhoodID}
	var out PatrolLists
	var err error
	if out.New, _, err = s.List(ctx, Filter{NeighborhoodIDs: hood, CreatedAfter: r.Since.Add(ms), CreatedBefore: r.At.Add(ms),
		Limit: limit}); err != nil {
		return nil, err
	}
	if out.DueSoon, _, err = s.List(ctx, Filter{NeighborhoodIDs: hood, DueAfter: r.At.Add(ms), DueBefore: r.DueUntil.Add(ms),
		Order: Due, Limit: limit}); err != nil {
		return nil, err
	}
	if out.Overdue, _, err = s.List(ctx, Filter{NeighborhoodIDs: hood, DueBefore: r.At.Add(ms), Order: Due, Limit: limit}); err != nil {
		return nil, err
	}
	return &out, nil
}
