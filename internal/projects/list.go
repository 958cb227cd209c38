package projects

import (
	"context"

	"github.com/linli-dev/linli/internal/errs"
)

// ListQuery selects one page of a neighborhood's projects, newest first.
// State "" lists every state; Before is the cursor (a project id) a previous
// page returned.
type ListQuery struct {
	NeighborhoodID int64
	State          State
	Before         int64
	Limit          int
}

// Page is one page of projects and the cursor for the next (0 at the end).
type Page struct {
	Projects []*Project
	Next     int64
}

// ValidState reports whether s names a state.
func ValidState(s State) bool { return stateIn(s, States) }

// List returns one page of a neighborhood's projects. Errors: invalid (a bad state).
func (s *Store) List(ctx context.Context, q ListQuery) (*Page, error) {
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 20
	}
	if q.Before <= 0 {
		q.Before = 1 << 62
	}
	where, args := ` WHERE p.neighborhood_id = ? AND p.id < ?`, []any{q.NeighborhoodID, q.Before}
	if q.State != "" {
		if !ValidState(q.State) {
			return nil, errs.Field("state", "projects.bad_state")
		}
		where += ` AND p.state = ?`
		args = append(args, q.State)
	}
	args = append(args, q.Limit+1)
	rows, err := s.DB.QueryContext(ctx, `SELECT `+projectCols+projectFrom+where+` ORDER BY p.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, errs.Internalf("projects: list: %w", err)
	}
	defer rows.Close()
	pg := &Page{}
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			return nil, errs.Internalf("projects: scan: %w", err)
		}
		pg.Projects = append(pg.Projects, p)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Internalf("projects: list: %w", err)
	}
	if len(pg.Projects) > q.Limit {
		pg.Projects = pg.Projects[:q.Limit]
		pg.Next = pg.Projects[q.Limit-1].ID
	}
	return pg, nil
}

// Counts returns how many projects a neighborhood has in each state, from
// the (neighborhood, state) index.
func (s *Store) Counts(ctx context.Context, neighborhoodID int64) (map[State]int, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT state, COUNT(*) FROM projects WHERE neighborhood_id = ? GROUP BY state`, neighborhoodID)
	if err != nil {
		return nil, errs.Internalf("projects: counts: %w", err)
	}
	defer rows.Close()
	out := map[State]int{}
	for rows.Next() {
		var st State
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, errs.Internalf("projects: scan count: %w", err)
		}
		out[st] = n
	}
	return out, rows.Err()
}
