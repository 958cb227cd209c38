package service

import (
	"context"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/projects"
)

// Audited project actions.
const (
	auditProjectCreated  = "project.created"
	auditProjectEdited   = "project.edited"
	auditProjectMoved    = "project.moved" // followed by "." and the action
	auditMilestoneAdded  = "project.milestone_added"
	auditMilestoneDone   = "project.milestone_done"
	auditProjectUpdate   = "project.update_posted"
	auditProjectApproval = "project.share_approved"
	projectAuditObject   = "project"
)

// CreateProject makes a proposed project in a neighborhood: from a topic on
// its board (whose author proposes it, and whose photos it takes when none are
// uploaded), from a case, or from the committee's own plan. Errors:
// unauthorized, forbidden, not_found, invalid, conflict (the topic or case
// already has a project), unavailable (cases are not wired).
func (s *Service) CreateProject(ctx context.Context, p *Principal, hoodID int64, d projects.Draft) (*projects.Project, error) {
	hood, err := s.neighborhoodFor(ctx, p, access.ManageProjects, hoodID)
	if err != nil {
		return nil, err
	}
	if err := projects.CheckDraft(&d); err != nil {
		return nil, err
	}
	if err := s.checkLeadUnit(ctx, hood, d.LeadUnitID); err != nil {
		return nil, err
	}
	switch d.Origin {
	case projects.FromTopic:
		if err := s.fromTopic(ctx, hood, &d); err != nil {
			return nil, err
		}
	case projects.FromCase:
		c, err := s.Cases.Get(ctx, d.CaseID)
		if err != nil || c.NeighborhoodID != hood.ID {
			return nil, errs.Field("case_id", "projects.case_elsewhere")
		}
		d.ProposerID = c.ReporterID
	default:
		d.ProposerID = p.User.ID
	}
	var out *projects.Project
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if out, err = s.Projects.Create(ctx, tx, projects.Place{DistrictID: hood.DistrictID, NeighborhoodID: hood.ID}, p.User.ID, d); err != nil {
			return err
		}
		return s.Audit.RecordIn(ctx, tx, audit.Entry{ActorID: p.User.ID, Action: auditProjectCreated, ObjectType: projectAuditObject,
			ObjectID: out.ID, DistrictID: hood.DistrictID, NeighborhoodID: hood.ID, Detail: out.Title})
	})
	return out, err
}

// fromTopic ties a draft to a visible topic of the same neighborhood.
func (s *Service) fromTopic(ctx context.Context, hood *org.Place, d *projects.Draft) error {
	t, err := s.Board.Topic(ctx, d.TopicID)
	if err != nil || t.NeighborhoodID != hood.ID || t.Status == board.Deleted || t.Status == board.Hidden {
		return errs.Field("topic_id", "projects.topic_elsewhere")
	}
	d.ProposerID = t.AuthorID
	if t.ForUserID != 0 {
		d.ProposerID = t.ForUserID // entered by a cadre for an offline resident
	}
	if len(d.Photos) == 0 && t.PhotoCount > 0 {
		photos, err := s.Board.Photos(ctx, t.ID)
		if err != nil {
			return err
		}
		for _, ph := range photos[:min(len(photos), projects.MaxPhotos)] {
			d.Photos = append(d.Photos, projects.Photo(ph))
		}
	}
	return nil
}

// checkLeadUnit accepts no unit, or one that serves the neighborhood.
func (s *Service) checkLeadUnit(ctx context.Context, hood *org.Place, unitID int64) error {
	if unitID == 0 {
		return nil
	}
	units, err := s.Org.UnitsServing(ctx, hood.ID)
	if err != nil {
		return err
	}
	for _, u := range units {
		if u.ID == unitID {
			return nil
		}
	}
	return errs.Field("lead_unit", "projects.unit_elsewhere")
}

// EditProject changes a project's text, budget, lead unit and funding before
// work starts; version is the one the editor saw (0 = current). Errors:
// unauthorized, forbidden, not_found, invalid, conflict.
func (s *Service) EditProject(ctx context.Context, p *Principal, id, version int64, d projects.Draft) (*projects.Project, error) {
	pr, hood, err := s.projectFor(ctx, p, access.ManageProjects, id)
	if err != nil {
		return nil, err
	}
	if err := s.checkLeadUnit(ctx, hood, d.LeadUnitID); err != nil {
		return nil, err
	}
	var out *projects.Project
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if out, err = s.Projects.Edit(ctx, tx, pr, version, p.User.ID, d); err != nil {
			return err
		}
		return s.Audit.RecordIn(ctx, tx, audit.Entry{ActorID: p.User.ID, Action: auditProjectEdited, ObjectType: projectAuditObject,
			ObjectID: pr.ID, DistrictID: hood.DistrictID, NeighborhoodID: hood.ID})
	})
	return out, err
}

// ProjectForTopic returns the project made from a topic, if any, for a person
// who may see the topic's neighborhood. Errors: unauthorized, not_found.
func (s *Service) ProjectForTopic(ctx context.Context, p *Principal, topicID int64) (*projects.Project, error) {
	pr, err := s.Projects.ByTopic(ctx, topicID)
	if err != nil {
		return nil, err
	}
	pr, _, err = s.projectFor(ctx, p, access.ViewNeighborhood, pr.ID)
	return pr, err
}

// ProjectForm is what a cadre's project form offers: the neighborhood, the
// units that may lead, and the topic the project starts from, if any.
type ProjectForm struct {
	Neighborhood *org.Place
	Units        []*org.Unit
	Topic        *board.Topic
}

// ProjectFormFor prepares the form to make a project in a neighborhood,
// optionally from one of its topics (0 = none). Errors: unauthorized,
// forbidden, not_found.
func (s *Service) ProjectFormFor(ctx context.Context, p *Principal, hoodID, topicID int64) (*ProjectForm, error) {
	hood, err := s.neighborhoodFor(ctx, p, access.ManageProjects, hoodID)
	if err != nil {
		return nil, err
	}
	f := &ProjectForm{Neighborhood: hood}
	if f.Units, err = s.Org.UnitsServing(ctx, hood.ID); err != nil {
		return nil, err
	}
	if topicID != 0 {
		t, err := s.Board.Topic(ctx, topicID)
		if err != nil || t.NeighborhoodID != hood.ID || t.Status == board.Deleted || t.Status == board.Hidden {
			return nil, errs.New(errs.NotFound, "board.topic_not_found")
		}
		f.Topic = t
	}
	return f, nil
}
