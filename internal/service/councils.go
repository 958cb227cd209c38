package service

import (
	"context"
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/councils"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
)

// Audited council actions and the inbox kinds councils send.
const (
	auditCouncil       = "council." // followed by what was done
	councilAuditObject = "council"

	// InboxMeetingInvited invites to a meeting; InboxActionAssigned gives
	// someone an action item; InboxActionOverdue reminds its owner once it
	// is past due.
	InboxMeetingInvited = "meeting_invited"
	InboxActionAssigned = "action_assigned"
	InboxActionOverdue  = "action_overdue"
)

// CouncilPageSize is how many meetings and open action items the council page shows.
const CouncilPageSize = 20

func meetingLink(id int64) string { return "/meetings/" + itoa(id) }

// CouncilView is a neighborhood council's page: members, elections, the
// latest meetings and the open action items, overdue ones first.
type CouncilView struct {
	Neighborhood *org.Place
	Council      *councils.Council // nil until the committee sets one up
	Members      []councils.Member
	Elections    []councils.Election
	Meetings     []*councils.Meeting
	Next         int64
	Open         []*councils.ActionItem
	Overdue      int
	Now          time.Time
	CanManage    bool
	IsMember     bool
}

// CouncilPage shows a neighborhood's council; private action items are shown
// only to its members and the committee. Errors: unauthorized, not_found.
func (s *Service) CouncilPage(ctx context.Context, p *Principal, hoodID, before int64) (*CouncilView, error) {
	hood, err := s.neighborhoodFor(ctx, p, access.ViewNeighborhood, hoodID)
	if err != nil {
		return nil, err
	}
	v := &CouncilView{Neighborhood: hood, Now: s.Councils.Now(), CanManage: access.Can(p.Actor, access.ManageCouncil, access.Target{Path: hood.Path})}
	v.Council, err = s.Councils.ByNeighborhood(ctx, hood.ID)
	if errs.Is(err, errs.NotFound) {
		return v, nil
	}
	if err != nil {
		return nil, err
	}
	c := v.Council
	if v.Members, err = s.Councils.Members(ctx, c.ID, v.Now); err != nil {
		return nil, err
	}
	for _, m := range v.Members {
		v.IsMember = v.IsMember || m.UserID == p.User.ID
	}
	if v.Elections, err = s.Councils.Elections(ctx, c.ID); err != nil {
		return nil, err
	}
	if v.Meetings, v.Next, err = s.Councils.Meetings(ctx, c.ID, before, CouncilPageSize); err != nil {
		return nil, err
	}
	if before == 0 {
		open, err := s.Councils.OpenActions(ctx, c.ID, CouncilPageSize*2)
		if err != nil {
			return nil, err
		}
		for _, a := range open {
			if !a.Private || v.CanManage || v.IsMember {
				v.Open = append(v.Open, a)
			}
		}
		if v.Overdue, err = s.Councils.CountOverdue(ctx, c.ID, v.Now); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// councilFor loads a neighborhood's council for its committee. Errors:
// unauthorized, forbidden, not_found.
func (s *Service) councilFor(ctx context.Context, p *Principal, hoodID int64) (*councils.Council, *org.Place, error) {
	hood, err := s.neighborhoodFor(ctx, p, access.ManageCouncil, hoodID)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.Councils.ByNeighborhood(ctx, hood.ID)
	return c, hood, err
}

// SetUpCouncil gives a neighborhood its council (once; again returns the
// existing one). Errors: unauthorized, forbidden, not_found, invalid.
func (s *Service) SetUpCouncil(ctx context.Context, p *Principal, hoodID int64, name string) (*councils.Council, error) {
	hood, err := s.neighborhoodFor(ctx, p, access.ManageCouncil, hoodID)
	if err != nil {
		return nil, err
	}
	var c *councils.Council
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if c, err = s.Councils.Ensure(ctx, tx, councils.Place{DistrictID: hood.DistrictID, NeighborhoodID: hood.ID}, name); err != nil {
			return err
		}
		return s.auditCouncil(ctx, tx, p, hood, c.ID, "set_up", name)
	})
	return c, err
}

// RecordElection records an election of the council. Errors: unauthorized,
// forbidden, not_found, invalid.
func (s *Service) RecordElection(ctx context.Context, p *Principal, hoodID int64, heldOn time.Time, note string) (*councils.Election, error) {
	c, hood, err := s.councilFor(ctx, p, hoodID)
	if err != nil {
		return nil, err
	}
	var e *councils.Election
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if e, err = s.Councils.AddElection(ctx, tx, c, heldOn, note); err != nil {
			return err
		}
		return s.auditCouncil(ctx, tx, p, hood, c.ID, "election", note)
	})
	return e, err
}

// AddCouncilMember seats a person (found by phone) in a role for a term.
// Errors: unauthorized, forbidden, not_found, invalid.
func (s *Service) AddCouncilMember(ctx context.Context, p *Principal, hoodID int64, phone string, m councils.Member) (*councils.Member, error) {
	c, hood, err := s.councilFor(ctx, p, hoodID)
	if err != nil {
		return nil, err
	}
	if m.UserID, err = s.Accounts.UserIDByPhone(ctx, phone); err != nil {
		return nil, errs.Field("phone", "proposals.unknown_phone", phone)
	}
	if err := s.checkLocal(ctx, hood, m.UserID, "phone"); err != nil {
		return nil, err
	}
	if err := s.checkLeadUnit(ctx, hood, m.UnitID); err != nil {
		return nil, errs.Field("unit_id", "projects.unit_elsewhere")
	}
	var out *councils.Member
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if out, err = s.Councils.AddMember(ctx, tx, c, m); err != nil {
			return err
		}
		return s.auditCouncil(ctx, tx, p, hood, c.ID, "member_added", string(m.Role))
	})
	return out, err
}

// CallMeeting calls a meeting; its agenda starts with the council's open
// action items, then the items given, each checked to belong to the
// neighborhood. Every current member is invited (inbox). Errors:
// unauthorized, forbidden, not_found, invalid.
func (s *Service) CallMeeting(ctx context.Context, p *Principal, hoodID int64, in councils.MeetingInput, items []councils.AgendaInput) (*councils.Meeting, error) {
	c, hood, err := s.councilFor(ctx, p, hoodID)
	if err != nil {
		return nil, err
	}
	for i := range items {
		if err := s.checkAgendaRef(ctx, hood, &items[i]); err != nil {
			return nil, err
		}
	}
	members, err := s.Councils.Members(ctx, c.ID, s.Councils.Now())
	if err != nil {
		return nil, err
	}
	var m *councils.Meeting
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if m, err = s.Councils.CreateMeeting(ctx, tx, c, p.User.ID, in, items); err != nil {
			return err
		}
		var ids []int64
		for _, mem := range members {
			ids = append(ids, mem.UserID)
		}
		if err := s.inviteToMeeting(ctx, tx, p, m, ids); err != nil {
			return err
		}
		return s.auditCouncil(ctx, tx, p, hood, c.ID, "meeting_called", m.Title)
	})
	return m, err
}

// checkAgendaRef fills an agenda item's title from the record it names and
// checks that record is in the neighborhood. Errors: invalid.
func (s *Service) checkAgendaRef(ctx context.Context, hood *org.Place, it *councils.AgendaInput) error {
	bad := errs.Field("ref_id", "councils.ref_elsewhere")
	switch it.Kind {
	case councils.AboutProposal:
		pr, err := s.Proposals.Proposal(ctx, it.RefID)
		if err != nil || pr.NeighborhoodID != hood.ID {
			return bad
		}
		if it.Title == "" {
			it.Title = pr.Title
		}
	case councils.AboutCase:
		c, err := s.Cases.Get(ctx, it.RefID)
		if err != nil || c.NeighborhoodID != hood.ID {
			return bad
		}
		if it.Title == "" {
			it.Title = c.Title
		}
	case councils.AboutProject:
		pr, err := s.Projects.Project(ctx, it.RefID)
		if err != nil || pr.NeighborhoodID != hood.ID {
			return bad
		}
		if it.Title == "" {
			it.Title = pr.Title
		}
	}
	return nil
}

func (s *Service) inviteToMeeting(ctx context.Context, tx *db.Tx, p *Principal, m *councils.Meeting, users []int64) error {
	added, err := s.Councils.Invite(ctx, tx, m, users)
	if err != nil {
		return err
	}
	for _, u := range added {
		if u == p.User.ID {
			continue
		}
		if err := s.Inbox.Notify(ctx, tx, inboxNote(u, m.DistrictID, InboxMeetingInvited, p.User.ID, m.Title, meetingLink(m.ID))); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) auditCouncil(ctx context.Context, tx *db.Tx, p *Principal, hood *org.Place, councilID int64, what, detail string) error {
	return s.Audit.RecordIn(ctx, tx, audit.Entry{ActorID: p.User.ID, Action: auditCouncil + what, ObjectType: councilAuditObject, ObjectID: councilID,
		DistrictID: hood.DistrictID, NeighborhoodID: hood.ID, Detail: detail})
}
