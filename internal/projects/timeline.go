package projects

import (
	"context"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Kinds of timeline event.
const (
	KindCreated       = "created"
	KindEdited        = "edited"
	KindMoved         = "moved"
	KindUpdate        = "update"
	KindMilestone     = "milestone"      // a milestone was added
	KindMilestoneDone = "milestone_done" // a milestone was reached
	KindApproved      = "approved"       // a poll approved funding shares
)

// Event is one entry of a project's public timeline. An update event carries
// the update's text and photos; a milestone event the milestone's title.
type Event struct {
	ID             int64
	Kind           string
	ActorID        int64
	ActorNickname  string
	FromState      State
	ToState        State
	Note           string
	UpdateID       int64
	Body           string
	Photos         []Photo
	MilestoneID    int64
	MilestoneTitle string
	PollID         int64
	CreatedAt      time.Time
}

// event appends to a project's timeline inside tx.
func (s *Store) event(ctx context.Context, tx *db.Tx, p *Project, e Event) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO project_events (project_id, district_id, actor_id, kind, from_state, to_state, note,
		update_id, milestone_id, poll_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, p.DistrictID, nullable(e.ActorID),
		e.Kind, e.FromState, e.ToState, e.Note, nullable(e.UpdateID), nullable(e.MilestoneID), nullable(e.PollID), s.Now().UnixMilli())
	if err != nil {
		return errs.Internalf("projects: event: %w", err)
	}
	return nil
}

// TimelineLimit is how many events one page of a timeline shows.
const TimelineLimit = 50

// Timeline returns one page of a project's events, newest first, before the
// event id before (0 = from the newest), and the cursor for the next page (0
// at the end). Two queries whatever the page holds: the events with their
// updates and milestones, then the photos of the page's updates, found by the
// range of their ids.
func (s *Store) Timeline(ctx context.Context, projectID, before int64, limit int) ([]*Event, int64, error) {
	if limit <= 0 || limit > 200 {
		limit = TimelineLimit
	}
	if before <= 0 {
		before = 1 << 62
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT e.id, e.kind, COALESCE(e.actor_id, 0), COALESCE(a.nickname, ''), e.from_state, e.to_state,
		e.note, COALESCE(e.update_id, 0), COALESCE(up.body, ''), COALESCE(e.milestone_id, 0), COALESCE(m.title, ''),
		COALESCE(e.poll_id, 0), e.created_at
		FROM project_events e LEFT JOIN users a ON a.id = e.actor_id
		LEFT JOIN project_updates up ON up.id = e.update_id LEFT JOIN project_milestones m ON m.id = e.milestone_id
		WHERE e.project_id = ? AND e.id < ? ORDER BY e.id DESC LIMIT ?`, projectID, before, limit+1)
	if err != nil {
		return nil, 0, errs.Internalf("projects: timeline: %w", err)
	}
	defer rows.Close()
	var out []*Event
	updates := map[int64]*Event{}
	var lo, hi int64
	for rows.Next() {
		var e Event
		var created int64
		if err := rows.Scan(&e.ID, &e.Kind, &e.ActorID, &e.ActorNickname, &e.FromState, &e.ToState, &e.Note, &e.UpdateID, &e.Body,
			&e.MilestoneID, &e.MilestoneTitle, &e.PollID, &created); err != nil {
			return nil, 0, errs.Internalf("projects: scan event: %w", err)
		}
		e.CreatedAt = time.UnixMilli(created)
		out = append(out, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, errs.Internalf("projects: timeline: %w", err)
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].ID
	}
	for _, e := range out {
		if e.UpdateID == 0 {
			continue
		}
		updates[e.UpdateID] = e
		if lo == 0 || e.UpdateID < lo {
			lo = e.UpdateID
		}
		hi = max(hi, e.UpdateID)
	}
	if len(updates) > 0 {
		if err := s.attachUpdatePhotos(ctx, projectID, lo, hi, updates); err != nil {
			return nil, 0, err
		}
	}
	return out, next, nil
}

func (s *Store) attachUpdatePhotos(ctx context.Context, projectID, lo, hi int64, updates map[int64]*Event) error {
	rows, err := s.DB.QueryContext(ctx, `SELECT update_id, photo_key, thumb_key, content_type, width, height FROM project_update_photos
		WHERE project_id = ? AND update_id BETWEEN ? AND ? ORDER BY update_id, position`, projectID, lo, hi)
	if err != nil {
		return errs.Internalf("projects: update photos: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var ph Photo
		if err := rows.Scan(&id, &ph.Key, &ph.ThumbKey, &ph.ContentType, &ph.Width, &ph.Height); err != nil {
			return errs.Internalf("projects: scan update photo: %w", err)
		}
		if e := updates[id]; e != nil {
			e.Photos = append(e.Photos, ph)
		}
	}
	return rows.Err()
}
