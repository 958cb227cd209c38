package service

import (
	"context"
	"strings"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/inbox"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/proposals"
)

// Audited proposal actions and the inbox kinds proposals send.
const (
	auditProposalCreated   = "proposal.created"
	auditProposalSubmitted = "proposal.submitted"
	auditProposalMoved     = "proposal.moved" // followed by "." and the action
	auditListsEdited       = "proposal.lists_edited"
	proposalAuditObject    = "proposal"

	// InboxProposalInvited asks a neighbor to co-sign; InboxProposalMoved
	// (followed by "." and the new state) tells the author, co-signers and
	// followers where a proposal stands, with the reason or feedback.
	InboxProposalInvited = "proposal_invited"
	InboxProposalMoved   = "proposal_moved"
)

// proposalPlace is where proposals of a neighborhood are made: the street
// above it gives the default lists.
func proposalPlace(hood *org.Place) proposals.Place {
	return proposals.Place{DistrictID: hood.DistrictID, StreetID: hood.ParentID, NeighborhoodID: hood.ID}
}

func proposalLink(id int64) string { return "/proposals/" + itoa(id) }

// ProposalsView is a neighborhood's proposals page: the public ones, the
// viewer's own and the invitations waiting for them.
type ProposalsView struct {
	Neighborhood *org.Place
	Page         *proposals.Page
	Mine         []*proposals.Proposal
	Invitations  []proposals.Invitation
	Counts       map[proposals.State]int
	CanPropose   bool
	CanScreen    bool
	CanEditLists bool
	ReviewCount  int
}

// ProposalList shows a neighborhood's public proposals, newest first, with
// the viewer's own. Errors: unauthorized, not_found.
func (s *Service) ProposalList(ctx context.Context, p *Principal, hoodID, before int64) (*ProposalsView, error) {
	hood, err := s.neighborhoodFor(ctx, p, access.ViewNeighborhood, hoodID)
	if err != nil {
		return nil, err
	}
	t := access.Target{Path: hood.Path}
	v := &ProposalsView{Neighborhood: hood, CanPropose: access.Can(p.Actor, access.Propose, t),
		CanScreen: access.Can(p.Actor, access.ScreenProposals, t), CanEditLists: access.Can(p.Actor, access.EditScreening, t)}
	if v.Page, err = s.Proposals.List(ctx, proposals.ListQuery{NeighborhoodID: hood.ID, Before: before}); err != nil {
		return nil, err
	}
	if v.Counts, err = s.Proposals.Counts(ctx, hood.ID); err != nil {
		return nil, err
	}
	v.ReviewCount = v.Counts[proposals.Submitted]
	if before == 0 {
		mine, err := s.Proposals.List(ctx, proposals.ListQuery{NeighborhoodID: hood.ID, AuthorID: p.User.ID, Limit: 20})
		if err != nil {
			return nil, err
		}
		v.Mine = mine.Items
		if v.Invitations, err = s.Proposals.Invitations(ctx, p.User.ID); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// ProposalForm is what the proposal form offers: the encouraged categories
// and the groups the writer may speak for.
type ProposalForm struct {
	Neighborhood *org.Place
	Lists        *proposals.Lists
	Groups       []proposals.Group
	Proposal     *proposals.Proposal // when revising
}

// ProposalFormFor prepares the form in a neighborhood, or for revising a
// proposal (id != 0). Errors: unauthorized, forbidden, not_found.
func (s *Service) ProposalFormFor(ctx context.Context, p *Principal, hoodID, id int64) (*ProposalForm, error) {
	f := &ProposalForm{}
	if id != 0 {
		pr, hood, err := s.proposalFor(ctx, p, id)
		if err != nil {
			return nil, err
		}
		if pr.AuthorID != p.User.ID {
			return nil, errs.New(errs.Forbidden, "proposals.not_author")
		}
		f.Proposal, hoodID = pr, hood.ID
	}
	hood, err := s.neighborhoodFor(ctx, p, access.Propose, hoodID)
	if err != nil {
		return nil, err
	}
	f.Neighborhood = hood
	if f.Lists, err = s.Proposals.ListsAt(ctx, proposalPlace(hood)); err != nil {
		return nil, err
	}
	if f.Groups, err = s.Proposals.GroupsFor(ctx, hood.ID, p.User.ID); err != nil {
		return nil, err
	}
	return f, nil
}

// CreateProposal writes a draft in the writer's neighborhood. Errors:
// unauthorized, forbidden (not a resident here, not the group's speaker),
// not_found, invalid.
func (s *Service) CreateProposal(ctx context.Context, p *Principal, hoodID int64, t proposals.Text) (*proposals.Proposal, error) {
	hood, err := s.neighborhoodFor(ctx, p, access.Propose, hoodID)
	if err != nil {
		return nil, err
	}
	var out *proposals.Proposal
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if out, err = s.Proposals.Create(ctx, tx, proposalPlace(hood), p.User.ID, t); err != nil {
			return err
		}
		return s.auditProposal(ctx, tx, p, out, auditProposalCreated, out.Title)
	})
	return out, err
}

// EditProposal revises a draft or returned proposal, by its author. Errors:
// unauthorized, forbidden, not_found, invalid, conflict.
func (s *Service) EditProposal(ctx context.Context, p *Principal, id, version int64, t proposals.Text) (*proposals.Proposal, error) {
	pr, _, err := s.proposalFor(ctx, p, id)
	if err != nil {
		return nil, err
	}
	var out *proposals.Proposal
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		out, err = s.Proposals.Edit(ctx, tx, pr.ID, p.User.ID, version, t)
		return err
	})
	return out, err
}

// InviteCosigners asks neighbors, found by their phone numbers, to co-sign a
// joint draft; each must be a verified resident of the same neighborhood.
// The invited hear of it in their inbox. It returns how many were newly
// invited. Errors: unauthorized, forbidden, not_found, invalid (an unknown
// phone, or someone from elsewhere), conflict.
func (s *Service) InviteCosigners(ctx context.Context, p *Principal, id int64, phones []string) (int, error) {
	pr, hood, err := s.proposalFor(ctx, p, id)
	if err != nil {
		return 0, err
	}
	var users []int64
	for _, ph := range phones {
		if ph = strings.TrimSpace(ph); ph == "" {
			continue
		}
		u, err := s.Accounts.UserIDByPhone(ctx, ph)
		if err != nil {
			return 0, errs.Field("phones", "proposals.unknown_phone", ph)
		}
		a, err := s.Access.Actor(ctx, u)
		if err != nil {
			return 0, err
		}
		if !access.Can(a, access.Propose, access.Target{Path: hood.Path}) {
			return 0, errs.Field("phones", "proposals.cosigner_elsewhere", ph)
		}
		users = append(users, u)
	}
	var added []int64
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if added, err = s.Proposals.Invite(ctx, tx, pr.ID, p.User.ID, users); err != nil {
			return err
		}
		for _, u := range added {
			if err := s.Inbox.Notify(ctx, tx, inbox.Notification{UserID: u, DistrictID: pr.DistrictID, Kind: InboxProposalInvited, ActorID: p.User.ID,
				Detail: pr.Title, Link: proposalLink(pr.ID)}); err != nil {
				return err
			}
		}
		return nil
	})
	return len(added), err
}

// AnswerInvitation accepts or declines an invitation to co-sign. Errors:
// unauthorized, not_found (not invited), conflict (already submitted).
func (s *Service) AnswerInvitation(ctx context.Context, p *Principal, id int64, accept bool) error {
	if !p.LoggedIn() {
		return errs.New(errs.Unauthorized, "login.required")
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		_, err := s.Proposals.Answer(ctx, tx, id, p.User.ID, accept)
		return err
	})
}

// SubmitProposal hands a proposal in and screens it at once (see
// proposals.Store.Submit); the author hears the outcome in their inbox when
// the negative list returned it. Errors: unauthorized, forbidden, not_found,
// conflict (wrong state, too few co-signers, changed meanwhile).
func (s *Service) SubmitProposal(ctx context.Context, p *Principal, id, version int64) (*proposals.Submission, error) {
	pr, hood, err := s.proposalFor(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, p, access.Propose, hood); err != nil {
		return nil, err
	}
	var out *proposals.Submission
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if out, err = s.Proposals.Submit(ctx, tx, proposalPlace(hood), pr.ID, p.User.ID, version); err != nil {
			return err
		}
		if err := s.auditProposal(ctx, tx, p, out.Proposal, auditProposalSubmitted, string(out.Proposal.State)); err != nil {
			return err
		}
		if out.Proposal.State == proposals.Submitted {
			return nil // waits for a cadre; the author sees it on the page
		}
		return s.notifyProposal(ctx, tx, out.Proposal, 0)
	})
	return out, err
}

// ProposalView is a proposal's page.
type ProposalView struct {
	Proposal     *proposals.Proposal
	Neighborhood *org.Place
	Cosigners    []proposals.Cosigner
	Timeline     []proposals.Event
	Viewer       proposals.Viewer
	MinCosigners int
	IsAuthor     bool
	CanSupport   bool
	CanScreen    bool
	Moves        []proposals.Action
}

// ProposalPage shows a proposal to whoever may see it: everyone in the
// neighborhood once it is public; before that its author, the invited and
// the cadres. Errors: unauthorized, not_found.
func (s *Service) ProposalPage(ctx context.Context, p *Principal, id int64) (*ProposalView, error) {
	pr, hood, err := s.proposalFor(ctx, p, id)
	if err != nil {
		return nil, err
	}
	t := access.Target{Path: hood.Path}
	v := &ProposalView{Proposal: pr, Neighborhood: hood, IsAuthor: pr.AuthorID == p.User.ID, CanScreen: access.Can(p.Actor, access.ScreenProposals, t)}
	if v.Viewer, err = s.Proposals.ViewerOf(ctx, pr.ID, p.User.ID); err != nil {
		return nil, err
	}
	v.CanSupport = proposals.Open(pr.State) && access.Can(p.Actor, access.Propose, t)
	if v.CanScreen {
		for _, a := range proposals.Available(pr.State, proposals.Committee) {
			if a != proposals.Deliberate { // the council's, through a meeting decision
				v.Moves = append(v.Moves, a)
			}
		}
	}
	if v.Cosigners, err = s.Proposals.Cosigners(ctx, s.DB, pr.ID); err != nil {
		return nil, err
	}
	if v.Timeline, err = s.Proposals.Timeline(ctx, pr.ID); err != nil {
		return nil, err
	}
	if pr.Kind == proposals.Joint && proposals.Editable(pr.State) {
		sc, err := s.Proposals.Screener(ctx, proposalPlace(hood))
		if err != nil {
			return nil, err
		}
		v.MinCosigners = sc.Lists.MinCosigners
	}
	return v, nil
}

// proposalFor loads a proposal and its neighborhood for a person who may see
// it; others get not_found. Errors: unauthorized, not_found.
func (s *Service) proposalFor(ctx context.Context, p *Principal, id int64) (*proposals.Proposal, *org.Place, error) {
	if !p.LoggedIn() {
		return nil, nil, errs.New(errs.Unauthorized, "login.required")
	}
	pr, err := s.Proposals.Proposal(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	hood, err := s.placeFor(ctx, p, access.ViewNeighborhood, pr.NeighborhoodID)
	if errs.Is(err, errs.NotFound) || errs.Is(err, errs.Forbidden) {
		return nil, nil, errs.New(errs.NotFound, "proposals.not_found")
	}
	if err != nil {
		return nil, nil, err
	}
	if proposals.Public(pr.State) || pr.AuthorID == p.User.ID || access.Can(p.Actor, access.ScreenProposals, access.Target{Path: hood.Path}) {
		return pr, hood, nil
	}
	v, err := s.Proposals.ViewerOf(ctx, pr.ID, p.User.ID)
	if err != nil {
		return nil, nil, err
	}
	if v.Cosigner == "" {
		return nil, nil, errs.New(errs.NotFound, "proposals.not_found")
	}
	return pr, hood, nil
}

// SupportProposal adds or withdraws a resident's support. Errors:
// unauthorized, forbidden, not_found, conflict (not open for support).
func (s *Service) SupportProposal(ctx context.Context, p *Principal, id int64, on bool) error {
	pr, hood, err := s.proposalFor(ctx, p, id)
	if err != nil {
		return err
	}
	if err := s.authorize(ctx, p, access.Propose, hood); err != nil {
		return err
	}
	_, err = s.Proposals.Support(ctx, pr.DistrictID, pr.ID, p.User.ID, on)
	return err
}

// FollowProposal starts or stops following a proposal. Errors:
// unauthorized, not_found.
func (s *Service) FollowProposal(ctx context.Context, p *Principal, id int64, on bool) error {
	pr, _, err := s.proposalFor(ctx, p, id)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		_, err := s.Proposals.Follow(ctx, tx, pr, p.User.ID, on)
		return err
	})
}

// notifyProposal tells the author, accepted co-signers and followers, except
// whoever moved it, where a proposal now stands; the entries commit with the move.
func (s *Service) notifyProposal(ctx context.Context, tx *db.Tx, pr *proposals.Proposal, actorID int64) error {
	users, err := s.Proposals.Audience(ctx, tx, pr.ID)
	if err != nil {
		return err
	}
	for _, u := range users {
		if u == actorID {
			continue
		}
		if err := s.Inbox.Notify(ctx, tx, inbox.Notification{UserID: u, DistrictID: pr.DistrictID, Kind: InboxProposalMoved + "." + string(pr.State),
			ActorID: actorID, Detail: pr.Title, Link: proposalLink(pr.ID)}); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) auditProposal(ctx context.Context, tx *db.Tx, p *Principal, pr *proposals.Proposal, action, detail string) error {
	return s.Audit.RecordIn(ctx, tx, audit.Entry{ActorID: p.User.ID, Action: action, ObjectType: proposalAuditObject, ObjectID: pr.ID,
		DistrictID: pr.DistrictID, NeighborhoodID: pr.NeighborhoodID, Detail: detail})
}
