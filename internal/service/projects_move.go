package service

import (
	"context"
	"fmt"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/inbox"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/projects"
)

// MoveProject takes a committee's move on a project (list, select, start,
// finish, evaluate, drop with a reason); version is the one the mover saw (0 =
// current). The followers, the proposer among them, hear of it in their inbox.
// Errors: unauthorized, forbidden, not_found, invalid, conflict (a move the
// table does not allow from this state, unapproved funding, a stale version).
func (s *Service) MoveProject(ctx context.Context, p *Principal, id int64, action projects.Action, note string, version int64) (*projects.Project, error) {
	pr, hood, err := s.projectFor(ctx, p, access.ManageProjects, id)
	if err != nil {
		return nil, err
	}
	var out *projects.Project
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		m, err := s.Projects.Move(ctx, tx, pr.ID, projects.Committee, action, projects.MoveInput{Version: version, Note: note, ActorID: p.User.ID})
		if err != nil {
			return err
		}
		out = m.Project
		if err := s.Audit.RecordIn(ctx, tx, audit.Entry{ActorID: p.User.ID, Action: auditProjectMoved + "." + string(action),
			ObjectType: projectAuditObject, ObjectID: pr.ID, DistrictID: hood.DistrictID, NeighborhoodID: hood.ID, Detail: note}); err != nil {
			return err
		}
		return s.notifyMove(ctx, tx, m.Project, p.User.ID)
	})
	return out, err
}

// SelectByPoll is what a tick-list poll calls inside its closing transaction:
// its winning projects move from listed to selected, each move on the
// project's timeline with the poll's id, audited and told to the followers.
// Winners no longer listed stay as they are, so closing twice moves nothing.
func (s *Service) SelectByPoll(ctx context.Context, tx *db.Tx, pollID int64, projectIDs []int64) ([]*projects.Moved, error) {
	moved, err := s.Projects.Select(ctx, tx, pollID, projectIDs)
	if err != nil {
		return nil, err
	}
	for _, m := range moved {
		pr := m.Project
		if err := s.Audit.RecordIn(ctx, tx, audit.Entry{Action: auditProjectMoved + "." + string(projects.Select), ObjectType: projectAuditObject,
			ObjectID: pr.ID, DistrictID: pr.DistrictID, NeighborhoodID: pr.NeighborhoodID, Detail: fmt.Sprintf("poll %d", pollID)}); err != nil {
			return nil, err
		}
		if err := s.notifyMove(ctx, tx, pr, 0); err != nil {
			return nil, err
		}
	}
	return moved, nil
}

// ApproveByPoll is what an owners' assembly vote on a project calls inside
// its closing transaction when it passes: every share of the project that
// needs the owners' approval records the poll. It returns how many it approved.
func (s *Service) ApproveByPoll(ctx context.Context, tx *db.Tx, projectID, pollID int64) (int, error) {
	n, err := s.Projects.ApproveByPoll(ctx, tx, projectID, pollID)
	if err != nil || n == 0 {
		return n, err
	}
	pr, err := s.Projects.Project(ctx, projectID)
	if err != nil {
		return 0, err
	}
	return n, s.Audit.RecordIn(ctx, tx, audit.Entry{Action: auditProjectApproval, ObjectType: projectAuditObject, ObjectID: projectID,
		DistrictID: pr.DistrictID, NeighborhoodID: pr.NeighborhoodID, Detail: fmt.Sprintf("poll %d", pollID)})
}

// RecordApproval enters the poll that approved one funding share (the owners'
// assembly vote on spending the maintenance fund, say). Once polls are wired
// (Service.Polls) the poll must be one that approved this project; until then
// the id is taken as entered, and audited. Errors: unauthorized, forbidden,
// not_found, invalid, conflict (the share needs no approval or has one).
func (s *Service) RecordApproval(ctx context.Context, p *Principal, id int64, position int, pollID int64) error {
	pr, hood, err := s.projectFor(ctx, p, access.ManageProjects, id)
	if err != nil {
		return err
	}
	if pollID <= 0 {
		return errs.Field("poll_id", "projects.bad_poll")
	}
	if s.Polls != nil {
		if err := s.Polls(ctx, pr.ID, pollID); err != nil {
			return errs.Field("poll_id", "projects.poll_did_not_approve")
		}
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		if err := s.Projects.ApproveShare(ctx, tx, pr, position, pollID, p.User.ID); err != nil {
			return err
		}
		return s.Audit.RecordIn(ctx, tx, audit.Entry{ActorID: p.User.ID, Action: auditProjectApproval, ObjectType: projectAuditObject,
			ObjectID: pr.ID, DistrictID: hood.DistrictID, NeighborhoodID: hood.ID, Detail: fmt.Sprintf("poll %d, share %d", pollID, position)})
	})
}

// notifyMove tells a project's followers, except whoever made the move, where
// it now stands; the entries commit with the move.
func (s *Service) notifyMove(ctx context.Context, tx *db.Tx, pr *projects.Project, actorID int64) error {
	followers, err := s.Projects.Followers(ctx, tx, pr.ID)
	if err != nil {
		return err
	}
	for _, u := range followers {
		if u == actorID {
			continue
		}
		if err := s.Inbox.Notify(ctx, tx, inbox.Notification{UserID: u, DistrictID: pr.DistrictID, Kind: inbox.ProjectMoved + "." + string(pr.State),
			ProjectID: pr.ID, ActorID: actorID, Detail: pr.Title}); err != nil {
			return err
		}
	}
	return nil
}

// auditProject writes one audit row about a project inside tx.
func (s *Service) auditProject(ctx context.Context, tx *db.Tx, p *Principal, hood *org.Place, pr *projects.Project, action, detail string) error {
	return s.Audit.RecordIn(ctx, tx, audit.Entry{ActorID: p.User.ID, Action: action, ObjectType: projectAuditObject, ObjectID: pr.ID,
		DistrictID: hood.DistrictID, NeighborhoodID: hood.ID, Detail: detail})
}
