package service

import (
	"context"
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/councils"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/inbox"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/proposals"
)

func inboxNote(user, district int64, kind string, actor int64, detail, link string) inbox.Notification {
	return inbox.Notification{UserID: user, DistrictID: district, Kind: kind, ActorID: actor, Detail: detail, Link: link}
}

// MeetingView is a meeting's page: agenda, who was invited and signed in,
// minutes, decisions and action items. Private items are left out for
// anyone who is neither a member nor on the committee.
type MeetingView struct {
	Meeting      *councils.Meeting
	Council      *councils.Council
	Neighborhood *org.Place
	Agenda       []councils.AgendaItem
	People       []councils.Person
	Decisions    []councils.Decision
	Actions      []*councils.ActionItem
	Members      []councils.Member
	// Proposals named on the agenda, by id, for their state.
	Proposals map[int64]*proposals.Proposal
	Now       time.Time
	CanManage bool
	IsMember  bool
	SignedIn  bool
}

// meetingFor loads a meeting, its council and neighborhood for a person who
// may view the neighborhood. Errors: unauthorized, not_found.
func (s *Service) meetingFor(ctx context.Context, p *Principal, id int64) (*councils.Meeting, *org.Place, error) {
	if !p.LoggedIn() {
		return nil, nil, errs.New(errs.Unauthorized, "login.required")
	}
	m, err := s.Councils.Meeting(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	hood, err := s.placeFor(ctx, p, access.ViewNeighborhood, m.NeighborhoodID)
	if errs.Is(err, errs.NotFound) || errs.Is(err, errs.Forbidden) {
		return nil, nil, errs.New(errs.NotFound, "councils.meeting_not_found")
	}
	return m, hood, err
}

// MeetingPage shows a meeting. Errors: unauthorized, not_found.
func (s *Service) MeetingPage(ctx context.Context, p *Principal, id int64) (*MeetingView, error) {
	m, hood, err := s.meetingFor(ctx, p, id)
	if err != nil {
		return nil, err
	}
	v := &MeetingView{Meeting: m, Neighborhood: hood, Now: s.Councils.Now(), CanManage: access.Can(p.Actor, access.ManageCouncil, access.Target{Path: hood.Path})}
	if v.Council, err = s.Councils.ByNeighborhood(ctx, hood.ID); err != nil {
		return nil, err
	}
	if v.Members, err = s.Councils.Members(ctx, v.Council.ID, v.Now); err != nil {
		return nil, err
	}
	for _, mem := range v.Members {
		v.IsMember = v.IsMember || mem.UserID == p.User.ID
	}
	insider := v.CanManage || v.IsMember
	agenda, err := s.Councils.Agenda(ctx, s.DB, m.ID)
	if err != nil {
		return nil, err
	}
	var propIDs []int64
	for _, a := range agenda {
		if !a.Private || insider {
			v.Agenda = append(v.Agenda, a)
			if a.Kind == councils.AboutProposal {
				propIDs = append(propIDs, a.RefID)
			}
		}
	}
	if v.Proposals, err = s.Proposals.ByIDs(ctx, propIDs); err != nil {
		return nil, err
	}
	if v.People, err = s.Councils.People(ctx, m.ID); err != nil {
		return nil, err
	}
	for _, pe := range v.People {
		v.SignedIn = v.SignedIn || (pe.UserID == p.User.ID && pe.SignedIn)
	}
	decisions, err := s.Councils.Decisions(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for _, d := range decisions {
		if !d.Private || insider {
			v.Decisions = append(v.Decisions, d)
		}
	}
	actions, err := s.Councils.MeetingActions(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range actions {
		if !a.Private || insider {
			v.Actions = append(v.Actions, a)
		}
	}
	return v, nil
}

// managedMeeting is meetingFor for the committee. Errors: unauthorized,
// forbidden, not_found.
func (s *Service) managedMeeting(ctx context.Context, p *Principal, id int64) (*councils.Meeting, *org.Place, error) {
	m, hood, err := s.meetingFor(ctx, p, id)
	if err != nil {
		return nil, nil, err
	}
	if err := s.authorize(ctx, p, access.ManageCouncil, hood); err != nil {
		return nil, nil, err
	}
	return m, hood, nil
}

// AddAgendaItem puts a proposal, case, project or other matter on a
// meeting's agenda. Errors: unauthorized, forbidden, not_found, invalid.
func (s *Service) AddAgendaItem(ctx context.Context, p *Principal, meetingID int64, it councils.AgendaInput) (*councils.AgendaItem, error) {
	m, hood, err := s.managedMeeting(ctx, p, meetingID)
	if err != nil {
		return nil, err
	}
	if err := s.checkAgendaRef(ctx, hood, &it); err != nil {
		return nil, err
	}
	var out *councils.AgendaItem
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		out, err = s.Councils.AddAgendaItem(ctx, tx, m.ID, m.DistrictID, it)
		return err
	})
	return out, err
}

// checkLocal confirms a person belongs to the neighborhood (a resident, its
// staff, a partner unit's staff or someone above it), so councils name no
// strangers as members or owners. Errors: invalid.
func (s *Service) checkLocal(ctx context.Context, hood *org.Place, userID int64, field string) error {
	a, err := s.Access.Actor(ctx, userID)
	if err != nil {
		return err
	}
	if !access.Can(a, access.ViewNeighborhood, access.Target{Path: hood.Path}) {
		return errs.Field(field, "councils.not_local")
	}
	return nil
}

// InviteToMeeting invites more people, by phone, to a meeting (members are
// invited when it is called); each must belong to the neighborhood. It
// returns how many were newly invited. Errors: unauthorized, forbidden,
// not_found, invalid.
func (s *Service) InviteToMeeting(ctx context.Context, p *Principal, meetingID int64, phones []string) (int, error) {
	m, hood, err := s.managedMeeting(ctx, p, meetingID)
	if err != nil {
		return 0, err
	}
	var users []int64
	for _, ph := range phones {
		if ph == "" {
			continue
		}
		u, err := s.Accounts.UserIDByPhone(ctx, ph)
		if err != nil {
			return 0, errs.Field("phones", "proposals.unknown_phone", ph)
		}
		if err := s.checkLocal(ctx, hood, u, "phones"); err != nil {
			return 0, err
		}
		users = append(users, u)
	}
	before := m.InvitedCount
	err = s.DB.Tx(ctx, func(tx *db.Tx) error { return s.inviteToMeeting(ctx, tx, p, m, users) })
	if err != nil {
		return 0, err
	}
	after, err := s.Councils.Meeting(ctx, m.ID)
	if err != nil {
		return 0, err
	}
	return after.InvitedCount - before, nil
}

// SignInToMeeting signs a person in: themselves if they are a member or were
// invited, or anyone in the room (by user id) by the committee. Errors:
// unauthorized, forbidden, not_found.
func (s *Service) SignInToMeeting(ctx context.Context, p *Principal, meetingID, userID int64) error {
	m, hood, err := s.meetingFor(ctx, p, meetingID)
	if err != nil {
		return err
	}
	if userID == 0 {
		userID = p.User.ID
	}
	if userID != p.User.ID {
		if err := s.authorize(ctx, p, access.ManageCouncil, hood); err != nil {
			return err
		}
		if err := s.checkLocal(ctx, hood, userID, "user_id"); err != nil {
			return err
		}
	} else if !access.Can(p.Actor, access.ManageCouncil, access.Target{Path: hood.Path}) {
		ok, err := s.Councils.IsMember(ctx, m.CouncilID, userID, s.Councils.Now())
		if err != nil {
			return err
		}
		if !ok {
			people, err := s.Councils.People(ctx, m.ID)
			if err != nil {
				return err
			}
			for _, pe := range people {
				ok = ok || (pe.UserID == userID && pe.Invited)
			}
		}
		if !ok {
			return errs.New(errs.Forbidden, "councils.not_invited")
		}
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		_, err := s.Councils.SignIn(ctx, tx, m, userID, p.User.ID)
		return err
	})
}

// WriteMinutes saves a meeting's minutes (published to the neighborhood).
// Errors: unauthorized, forbidden, not_found, invalid.
func (s *Service) WriteMinutes(ctx context.Context, p *Principal, meetingID int64, text string) error {
	m, hood, err := s.managedMeeting(ctx, p, meetingID)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		if err := s.Councils.SetMinutes(ctx, tx, m, text); err != nil {
			return err
		}
		return s.auditCouncil(ctx, tx, p, hood, m.CouncilID, "minutes", itoa(m.ID))
	})
}

// RecordDecision records a decision with its vote count. A decision on a
// proposal's agenda item moves an accepted proposal to deliberated, naming
// the meeting, and tells its author, co-signers and followers. Errors:
// unauthorized, forbidden, not_found, invalid.
func (s *Service) RecordDecision(ctx context.Context, p *Principal, meetingID int64, d councils.Decision) (*councils.Decision, error) {
	m, hood, err := s.managedMeeting(ctx, p, meetingID)
	if err != nil {
		return nil, err
	}
	var out *councils.Decision
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		var item *councils.AgendaItem
		if out, item, err = s.Councils.AddDecision(ctx, tx, m, d); err != nil {
			return err
		}
		if err := s.auditCouncil(ctx, tx, p, hood, m.CouncilID, "decision", itoa(m.ID)); err != nil {
			return err
		}
		if item == nil || item.Kind != councils.AboutProposal {
			return nil
		}
		pr, err := s.Proposals.Proposal(ctx, item.RefID)
		if err != nil || pr.NeighborhoodID != hood.ID || proposals.Check(pr.State, proposals.Council, proposals.Deliberate) != nil {
			return nil // already deliberated, or not yet accepted: the decision stands on its own
		}
		note := out.Body
		if out.Private {
			note = "" // a private decision stays with the council, off the proposal's public timeline
		}
		mv, err := s.Proposals.Move(ctx, tx, pr.ID, proposals.Council, proposals.Deliberate, proposals.MoveInput{ActorID: p.User.ID, MeetingID: m.ID,
			Note: note})
		if err != nil {
			return err
		}
		return s.notifyProposal(ctx, tx, mv.Proposal, p.User.ID)
	})
	return out, err
}

// AssignAction assigns an action item at a meeting to a council member or
// the committee's own staff; the owner hears of it. Errors: unauthorized,
// forbidden, not_found, invalid.
func (s *Service) AssignAction(ctx context.Context, p *Principal, meetingID int64, title string, owner int64, due time.Time, private bool) (*councils.ActionItem, error) {
	m, hood, err := s.managedMeeting(ctx, p, meetingID)
	if err != nil {
		return nil, err
	}
	if owner == 0 {
		owner = p.User.ID
	} else if err := s.checkLocal(ctx, hood, owner, "owner_id"); err != nil {
		return nil, err
	}
	var out *councils.ActionItem
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if out, err = s.Councils.AddAction(ctx, tx, m, title, owner, due, private); err != nil {
			return err
		}
		if err := s.auditCouncil(ctx, tx, p, hood, m.CouncilID, "action_assigned", out.Title); err != nil {
			return err
		}
		if owner == p.User.ID {
			return nil
		}
		return s.Inbox.Notify(ctx, tx, inboxNote(owner, m.DistrictID, InboxActionAssigned, p.User.ID, out.Title, meetingLink(m.ID)))
	})
	return out, err
}

// ReportAction adds a progress report to an action item, by its owner or
// the committee; done closes it. Errors: unauthorized, forbidden,
// not_found, invalid, conflict (already done).
func (s *Service) ReportAction(ctx context.Context, p *Principal, actionID int64, body string, done bool) error {
	a, err := s.Councils.Action(ctx, actionID)
	if err != nil {
		return err
	}
	m, hood, err := s.meetingFor(ctx, p, a.MeetingID)
	if err != nil {
		return errs.New(errs.NotFound, "councils.action_not_found")
	}
	if a.OwnerID != p.User.ID {
		if err := s.authorize(ctx, p, access.ManageCouncil, hood); err != nil {
			return err
		}
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		if err := s.Councils.Report(ctx, tx, a, p.User.ID, body, done); err != nil {
			return err
		}
		return s.auditCouncil(ctx, tx, p, hood, m.CouncilID, "action_report", itoa(a.ID))
	})
}

// ActionView is an action item with its progress reports.
type ActionView struct {
	Action    *councils.ActionItem
	Meeting   *councils.Meeting
	Progress  []councils.Progress
	CanReport bool
	Now       time.Time
}

// ActionPage shows an action item. Errors: unauthorized, not_found.
func (s *Service) ActionPage(ctx context.Context, p *Principal, actionID int64) (*ActionView, error) {
	a, err := s.Councils.Action(ctx, actionID)
	if err != nil {
		return nil, err
	}
	m, hood, err := s.meetingFor(ctx, p, a.MeetingID)
	if err != nil {
		return nil, errs.New(errs.NotFound, "councils.action_not_found")
	}
	manage := access.Can(p.Actor, access.ManageCouncil, access.Target{Path: hood.Path})
	if a.Private && !manage && a.OwnerID != p.User.ID {
		ok, err := s.Councils.IsMember(ctx, m.CouncilID, p.User.ID, s.Councils.Now())
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errs.New(errs.NotFound, "councils.action_not_found")
		}
	}
	v := &ActionView{Action: a, Meeting: m, Now: s.Councils.Now(), CanReport: !a.Done() && (manage || a.OwnerID == p.User.ID)}
	v.Progress, err = s.Councils.ProgressOf(ctx, a.ID)
	return v, err
}

// RemindOverdueActions reminds the owner of every action item that went
// past due since the last run, once per item (the sweep claims them in one
// statement). It returns how many it reminded; jobs run it.
func (s *Service) RemindOverdueActions(ctx context.Context) (int64, error) {
	var n int64
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		rem, err := s.Councils.MarkOverdue(ctx, tx, s.Councils.Now())
		if err != nil {
			return err
		}
		for _, r := range rem {
			if err := s.Inbox.Notify(ctx, tx, inboxNote(r.OwnerID, r.DistrictID, InboxActionOverdue, 0, r.Title, "/actions/"+itoa(r.ActionID))); err != nil {
				return err
			}
		}
		n = int64(len(rem))
		return nil
	})
	return n, err
}
