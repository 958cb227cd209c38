package service

import (
	"context"
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/projects"
)

// ApprovalCheck confirms that a poll approved spending a project's share
// (an owners' assembly vote on that project that passed). Errors: invalid, not_found.
type ApprovalCheck func(ctx context.Context, projectID, pollID int64) error

// ProjectListView is one page of a neighborhood's projects in one state ("" = all).
type ProjectListView struct {
	Neighborhood *org.Place
	State        projects.State
	Counts       map[projects.State]int
	Total        int
	Page         *projects.Page
	CanManage    bool
}

// ProjectList lists a neighborhood's projects for a person who may view it.
// Errors: unauthorized, not_found, invalid.
func (s *Service) ProjectList(ctx context.Context, p *Principal, hoodID int64, state projects.State, before int64) (*ProjectListView, error) {
	hood, err := s.neighborhoodFor(ctx, p, access.ViewNeighborhood, hoodID)
	if err != nil {
		return nil, err
	}
	v := &ProjectListView{Neighborhood: hood, State: state, CanManage: access.Can(p.Actor, access.ManageProjects, access.Target{Path: hood.Path})}
	if v.Page, err = s.Projects.List(ctx, projects.ListQuery{NeighborhoodID: hood.ID, State: state, Before: before}); err != nil {
		return nil, err
	}
	if v.Counts, err = s.Projects.Counts(ctx, hood.ID); err != nil {
		return nil, err
	}
	for _, n := range v.Counts {
		v.Total += n
	}
	return v, nil
}

// neighborhoodFor is placeFor for a place that must be a neighborhood.
func (s *Service) neighborhoodFor(ctx context.Context, p *Principal, action access.Action, id int64) (*org.Place, error) {
	hood, err := s.placeFor(ctx, p, action, id)
	if err != nil {
		return nil, err
	}
	if hood.Kind != org.Neighborhood {
		return nil, errs.New(errs.NotFound, "place.not_found")
	}
	return hood, nil
}

// ProjectView is a project's public page: the project, its money, steps,
// photos, one page of its timeline, the latest ratings, and what the viewer
// may do.
type ProjectView struct {
	Project      *projects.Project
	Neighborhood *org.Place
	Funding      []projects.Share
	Milestones   []*projects.Milestone
	Photos       []projects.Photo
	Timeline     []*projects.Event
	Next         int64
	Ratings      []projects.Rating
	Viewer       projects.Viewer
	Moves        []projects.Action
	CanManage    bool
	CanRate      bool
	Now          time.Time
}

// projectFor loads a project and its neighborhood for a person who may view
// it; other neighborhoods' projects are not found. Errors: unauthorized, not_found.
func (s *Service) projectFor(ctx context.Context, p *Principal, action access.Action, id int64) (*projects.Project, *org.Place, error) {
	pr, err := s.Projects.Project(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	hood, err := s.placeFor(ctx, p, action, pr.NeighborhoodID)
	if errs.Is(err, errs.NotFound) {
		return nil, nil, errs.New(errs.NotFound, "projects.not_found")
	}
	if err != nil {
		return nil, nil, err
	}
	return pr, hood, nil
}

// ProjectPage shows a project with one page of its timeline (before an event
// id, 0 = newest). Errors: unauthorized, not_found.
func (s *Service) ProjectPage(ctx context.Context, p *Principal, id, before int64) (*ProjectView, error) {
	pr, hood, err := s.projectFor(ctx, p, access.ViewNeighborhood, id)
	if err != nil {
		return nil, err
	}
	target := access.Target{Path: hood.Path}
	v := &ProjectView{Project: pr, Neighborhood: hood, Now: s.Projects.Now(),
		CanManage: access.Can(p.Actor, access.ManageProjects, target)}
	v.CanRate = pr.State == projects.Done && access.Can(p.Actor, access.RateProject, target)
	if v.CanManage {
		v.Moves = projects.Available(pr.State, projects.Committee)
	}
	if v.Funding, err = s.Projects.Funding(ctx, pr.ID); err != nil {
		return nil, err
	}
	if v.Milestones, err = s.Projects.Milestones(ctx, pr.ID); err != nil {
		return nil, err
	}
	if pr.PhotoCount > 0 {
		if v.Photos, err = s.Projects.Photos(ctx, pr.ID); err != nil {
			return nil, err
		}
	}
	if v.Timeline, v.Next, err = s.Projects.Timeline(ctx, pr.ID, before, projects.TimelineLimit); err != nil {
		return nil, err
	}
	if pr.RatingCount > 0 {
		if v.Ratings, err = s.Projects.Ratings(ctx, pr.ID, 20); err != nil {
			return nil, err
		}
	}
	if v.Viewer, err = s.Projects.ViewerOf(ctx, pr.ID, p.User.ID); err != nil {
		return nil, err
	}
	return v, nil
}
