package service

import (
	"context"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/projects"
)

// AddMilestone adds a step with a due date ("2026-05-01") to an open project.
// Errors: unauthorized, forbidden, not_found, invalid, conflict (closed, or
// too many milestones).
func (s *Service) AddMilestone(ctx context.Context, p *Principal, id int64, title, due string) (*projects.Milestone, error) {
	pr, hood, err := s.projectFor(ctx, p, access.ManageProjects, id)
	if err != nil {
		return nil, err
	}
	when, ok := projects.ParseDue(due)
	if !ok {
		return nil, errs.Field("due", "projects.bad_due")
	}
	var m *projects.Milestone
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if m, err = s.Projects.AddMilestone(ctx, tx, pr, p.User.ID, title, when); err != nil {
			return err
		}
		return s.auditProject(ctx, tx, p, hood, pr, auditMilestoneAdded, m.Title)
	})
	return m, err
}

// CompleteMilestone marks a project's milestone reached. Errors:
// unauthorized, forbidden, not_found, conflict (reached already, or the
// project is closed).
func (s *Service) CompleteMilestone(ctx context.Context, p *Principal, id, milestoneID int64) error {
	pr, hood, err := s.projectFor(ctx, p, access.ManageProjects, id)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		if err := s.Projects.CompleteMilestone(ctx, tx, pr, milestoneID, p.User.ID); err != nil {
			return err
		}
		return s.auditProject(ctx, tx, p, hood, pr, auditMilestoneDone, itoa(milestoneID))
	})
}

// PostProjectUpdate publishes a progress update with photos (already stored by
// StorePhotos) on an open project's timeline. Errors: unauthorized,
// forbidden, not_found, invalid, conflict (dropped or evaluated).
func (s *Service) PostProjectUpdate(ctx context.Context, p *Principal, id int64, body string, photos []board.Photo) (int64, error) {
	pr, hood, err := s.projectFor(ctx, p, access.ManageProjects, id)
	if err != nil {
		return 0, err
	}
	list := make([]projects.Photo, len(photos))
	for i, ph := range photos {
		list[i] = projects.Photo(ph)
	}
	var updateID int64
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if updateID, err = s.Projects.AddUpdate(ctx, tx, pr, p.User.ID, body, list); err != nil {
			return err
		}
		return s.auditProject(ctx, tx, p, hood, pr, auditProjectUpdate, itoa(updateID))
	})
	return updateID, err
}

// RateProject records a verified resident's rating (1-5 stars, a comment) of
// a done project in their neighborhood, once. Errors: unauthorized,
// forbidden, not_found, invalid, conflict (not done, or rated already).
func (s *Service) RateProject(ctx context.Context, p *Principal, id int64, stars int, comment string) error {
	pr, _, err := s.projectFor(ctx, p, access.RateProject, id)
	if err != nil {
		return err
	}
	if s.Screen != nil {
		if _, hit := s.Screen(comment); hit {
			return errs.Field("comment", "projects.comment_screened")
		}
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error { return s.Projects.Rate(ctx, tx, pr, p.User.ID, stars, comment) })
}

// FollowProject starts or stops following a project one may see; repeating
// either changes nothing. Errors: unauthorized, not_found.
func (s *Service) FollowProject(ctx context.Context, p *Principal, id int64, on bool) error {
	pr, _, err := s.projectFor(ctx, p, access.ViewNeighborhood, id)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		_, err := s.Projects.Follow(ctx, tx, pr, p.User.ID, on)
		return err
	})
}
