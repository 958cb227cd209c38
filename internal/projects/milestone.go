package projects

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Milestone is a step of a project with its due date; DoneAt is zero until reached.
type Milestone struct {
	ID        int64
	ProjectID int64
	Title     string
	Due       time.Time
	DoneAt    time.Time
}

// Done reports whether the milestone was reached.
func (m *Milestone) Done() bool { return !m.DoneAt.IsZero() }

// Late reports whether the milestone is past due and not reached at now.
func (m *Milestone) Late(now time.Time) bool { return !m.Done() && now.After(m.Due.Add(24*time.Hour)) }

// MaxMilestones bounds a project's milestones.
const MaxMilestones = 50

// chinaTime is the zone due dates are days in.
var chinaTime = time.FixedZone("CST", 8*3600)

// ParseDue reads a due date "2026-05-01" as the start of that day in China.
func ParseDue(s string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), chinaTime)
	return t, err == nil && t.Year() >= 2000 && t.Year() < 2100
}

// AddMilestone adds a step to an open project inside tx and counts it.
// Errors: invalid, conflict (the project is closed or has too many).
func (s *Store) AddMilestone(ctx context.Context, tx *db.Tx, p *Project, actorID int64, title string, due time.Time) (*Milestone, error) {
	title = strings.TrimSpace(title)
	switch n := utf8.RuneCountInString(title); {
	case n == 0:
		return nil, errs.Field("milestone_title", "error.required")
	case n > MaxTitleRunes:
		return nil, errs.Field("milestone_title", "error.too_long", MaxTitleRunes)
	}
	if due.IsZero() {
		return nil, errs.Field("due", "projects.bad_due")
	}
	res, err := tx.ExecContext(ctx, `UPDATE projects SET milestone_count = milestone_count + 1, updated_at = ?
		WHERE id = ? AND state NOT IN ('dropped', 'evaluated') AND milestone_count < ?`, s.Now().UnixMilli(), p.ID, MaxMilestones)
	if err != nil {
		return nil, errs.Internalf("projects: count milestone: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, errs.New(errs.Conflict, "projects.closed_or_full")
	}
	m := &Milestone{ProjectID: p.ID, Title: title, Due: due}
	if err := tx.QueryRowContext(ctx, `INSERT INTO project_milestones (project_id, district_id, title, due_at, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, p.ID, p.DistrictID, title, due.UnixMilli(), s.Now().UnixMilli()).Scan(&m.ID); err != nil {
		return nil, errs.Internalf("projects: add milestone: %w", err)
	}
	return m, s.event(ctx, tx, p, Event{Kind: KindMilestone, ActorID: actorID, MilestoneID: m.ID})
}

// CompleteMilestone marks a milestone reached inside tx; marking it twice is
// a conflict, so the counter counts each once. Errors: not_found, conflict.
func (s *Store) CompleteMilestone(ctx context.Context, tx *db.Tx, p *Project, milestoneID, actorID int64) error {
	now := s.Now().UnixMilli()
	res, err := tx.ExecContext(ctx, `UPDATE project_milestones SET done_at = ? WHERE id = ? AND project_id = ? AND done_at IS NULL`,
		now, milestoneID, p.ID)
	if err != nil {
		return errs.Internalf("projects: complete milestone: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var done sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT done_at FROM project_milestones WHERE id = ? AND project_id = ?`, milestoneID, p.ID).Scan(&done)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.New(errs.NotFound, "projects.milestone_not_found")
		}
		return errs.New(errs.Conflict, "projects.milestone_done_already")
	}
	res, err = tx.ExecContext(ctx, `UPDATE projects SET milestones_done = milestones_done + 1, updated_at = ?
		WHERE id = ? AND state NOT IN ('dropped', 'evaluated')`, now, p.ID)
	if err != nil {
		return errs.Internalf("projects: count milestone done: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.Conflict, "projects.closed")
	}
	return s.event(ctx, tx, p, Event{Kind: KindMilestoneDone, ActorID: actorID, MilestoneID: milestoneID})
}

// Milestones lists a project's milestones by due date.
func (s *Store) Milestones(ctx context.Context, projectID int64) ([]*Milestone, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, project_id, title, due_at, COALESCE(done_at, 0) FROM project_milestones
		WHERE project_id = ? ORDER BY due_at, id`, projectID)
	if err != nil {
		return nil, errs.Internalf("projects: milestones: %w", err)
	}
	defer rows.Close()
	var out []*Milestone
	for rows.Next() {
		var m Milestone
		var due, done int64
		if err := rows.Scan(&m.ID, &m.ProjectID, &m.Title, &due, &done); err != nil {
			return nil, errs.Internalf("projects: scan milestone: %w", err)
		}
		m.Due = time.UnixMilli(due)
		if done != 0 {
			m.DoneAt = time.UnixMilli(done)
		}
		out = append(out, &m)
	}
	return out, rows.Err()
}
