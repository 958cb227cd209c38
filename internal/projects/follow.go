package projects

import (
	"context"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Follow starts (on) or stops following a project inside tx and keeps the
// follower count with it; repeating either changes nothing. It reports
// whether anything changed.
func (s *Store) Follow(ctx context.Context, q *db.Tx, p *Project, userID int64, on bool) (bool, error) {
	var res interface{ RowsAffected() (int64, error) }
	var err error
	if on {
		res, err = q.ExecContext(ctx, `INSERT INTO project_followers (project_id, user_id, district_id, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, p.ID, userID, p.DistrictID, s.Now().UnixMilli())
	} else {
		res, err = q.ExecContext(ctx, `DELETE FROM project_followers WHERE project_id = ? AND user_id = ?`, p.ID, userID)
	}
	if err != nil {
		return false, errs.Internalf("projects: follow: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	delta := 1
	if !on {
		delta = -1
	}
	if _, err := q.ExecContext(ctx, `UPDATE projects SET follower_count = follower_count + ? WHERE id = ?`, delta, p.ID); err != nil {
		return false, errs.Internalf("projects: count follower: %w", err)
	}
	return true, nil
}

// Followers lists who follows a project, for notifying them.
func (s *Store) Followers(ctx context.Context, q db.Querier, projectID int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT user_id FROM project_followers WHERE project_id = ? ORDER BY user_id`, projectID)
	if err != nil {
		return nil, errs.Internalf("projects: followers: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, errs.Internalf("projects: scan follower: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
