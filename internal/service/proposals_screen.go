package service

import (
	"context"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/projects"
	"github.com/linli-dev/linli/internal/proposals"
)

// ScreeningQueue lists a neighborhood's submitted proposals waiting for a
// cadre (those outside the encouraged list). Errors: unauthorized,
// forbidden, not_found.
func (s *Service) ScreeningQueue(ctx context.Context, p *Principal, hoodID, before int64) (*org.Place, *proposals.Page, error) {
	hood, err := s.neighborhoodFor(ctx, p, access.ScreenProposals, hoodID)
	if err != nil {
		return nil, nil, err
	}
	pg, err := s.Proposals.List(ctx, proposals.ListQuery{NeighborhoodID: hood.ID, Review: true, Before: before})
	return hood, pg, err
}

// MoveProposal takes a cadre's move on a proposal: accept, return or reject
// with a reason after review; not adopt with the reason after deliberation;
// adopt, which makes a proposed project from it (the author as proposer,
// following it) and links the two, with note as the feedback. The author,
// co-signers and followers hear of it. Errors: unauthorized, forbidden,
// not_found, invalid, conflict.
func (s *Service) MoveProposal(ctx context.Context, p *Principal, id int64, action proposals.Action, note string, version int64) (*proposals.Proposal, error) {
	pr, hood, err := s.proposalFor(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, p, access.ScreenProposals, hood); err != nil {
		return nil, err
	}
	var out *proposals.Proposal
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		in := proposals.MoveInput{Version: version, Note: note, ActorID: p.User.ID}
		if action == proposals.Adopt {
			if err := proposals.Check(pr.State, proposals.Committee, action); err != nil {
				return err
			}
			proj, err := s.Projects.Create(ctx, tx, projects.Place{DistrictID: hood.DistrictID, NeighborhoodID: hood.ID}, p.User.ID,
				projects.Draft{Title: pr.Title, Description: pr.Body, ProposerID: pr.AuthorID})
			if err != nil {
				return err
			}
			if err := s.Audit.RecordIn(ctx, tx, audit.Entry{ActorID: p.User.ID, Action: auditProjectCreated, ObjectType: projectAuditObject,
				ObjectID: proj.ID, DistrictID: hood.DistrictID, NeighborhoodID: hood.ID, Detail: "proposal " + itoa(pr.ID)}); err != nil {
				return err
			}
			in.ProjectID = proj.ID
		}
		m, err := s.Proposals.Move(ctx, tx, pr.ID, proposals.Committee, action, in)
		if err != nil {
			return err
		}
		out = m.Proposal
		if err := s.auditProposal(ctx, tx, p, out, auditProposalMoved+"."+string(action), note); err != nil {
			return err
		}
		return s.notifyProposal(ctx, tx, out, p.User.ID)
	})
	return out, err
}

// ListsView is the editor of a place's screening lists.
type ListsView struct {
	Place *org.Place
	// Lists are the ones in force: the place's own, or (for a neighborhood
	// without its own) the street's defaults, which saving copies.
	Lists *proposals.Lists
	Own   bool
}

// ScreeningLists opens the lists of a street or neighborhood for editing.
// Errors: unauthorized, forbidden, not_found.
func (s *Service) ScreeningLists(ctx context.Context, p *Principal, placeID int64) (*ListsView, error) {
	place, err := s.placeFor(ctx, p, access.EditScreening, placeID)
	if err != nil {
		return nil, err
	}
	at := proposals.Place{DistrictID: place.DistrictID, StreetID: place.ID, NeighborhoodID: place.ID}
	switch place.Kind {
	case org.Neighborhood:
		at.StreetID = place.ParentID
	case org.Street:
	default:
		return nil, errs.New(errs.NotFound, "place.not_found")
	}
	v := &ListsView{Place: place}
	if v.Lists, err = s.Proposals.ListsAt(ctx, at); err != nil {
		return nil, err
	}
	v.Own = v.Lists.PlaceID == place.ID
	return v, nil
}

// SetScreeningLists saves a new version of a street's or neighborhood's
// lists; submissions from then on are screened by it. Errors: unauthorized,
// forbidden, not_found, invalid.
func (s *Service) SetScreeningLists(ctx context.Context, p *Principal, placeID int64, e proposals.ListEdit) (*proposals.Lists, error) {
	v, err := s.ScreeningLists(ctx, p, placeID)
	if err != nil {
		return nil, err
	}
	var out *proposals.Lists
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if out, err = s.Proposals.SetLists(ctx, tx, v.Place.DistrictID, v.Place.ID, e); err != nil {
			return err
		}
		return s.Audit.RecordIn(ctx, tx, audit.Entry{ActorID: p.User.ID, Action: auditListsEdited, ObjectType: "place", ObjectID: v.Place.ID,
			DistrictID: v.Place.DistrictID, NeighborhoodID: v.Place.NeighborhoodID, Detail: itoa(out.Version)})
	})
	return out, err
}

// RegisterGroup registers a resident group, party branch or volunteer team
// with the residents (by phone) who may speak for it. Errors: unauthorized,
// forbidden, not_found, invalid, conflict.
func (s *Service) RegisterGroup(ctx context.Context, p *Principal, hoodID int64, kind, name string, phones []string) (*proposals.Group, error) {
	hood, err := s.neighborhoodFor(ctx, p, access.ScreenProposals, hoodID)
	if err != nil {
		return nil, err
	}
	var speakers []int64
	for _, ph := range phones {
		if ph == "" {
			continue
		}
		u, err := s.Accounts.UserIDByPhone(ctx, ph)
		if err != nil {
			return nil, errs.Field("phones", "proposals.unknown_phone", ph)
		}
		if err := s.checkLocal(ctx, hood, u, "phones"); err != nil {
			return nil, err
		}
		speakers = append(speakers, u)
	}
	var g *proposals.Group
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		g, err = s.Proposals.CreateGroup(ctx, tx, proposalPlace(hood), kind, name, speakers)
		return err
	})
	return g, err
}
