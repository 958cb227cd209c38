package service

import (
	"context"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/inbox"
	"github.com/linli-dev/linli/internal/org"
)

// MoveCase takes one step of a case's loop for whoever may: the committee
// acknowledges, assigns (reassigns, joint handling), returns and escalates;
// handlers start and resolve; the reporter confirms with a rating or reopens.
// The move, its audit row and the inbox entries commit together: the
// reporter hears of every public move, handlers of their assignment.
// Errors: unauthorized, forbidden, not_found, invalid, conflict.
func (s *Service) MoveCase(ctx context.Context, p *Principal, id int64, action cases.Action, in cases.MoveInput) (*cases.Case, error) {
	c, a, err := s.caseFor(ctx, p, id)
	if err != nil {
		return nil, err
	}
	var tell []int64 // handlers to tell of an assignment
	if action == cases.Assign {
		if tell, err = s.checkAssignment(ctx, a.hood, &in); err != nil {
			return nil, err
		}
	}
	in.Also = func(ctx context.Context, q db.Querier, c *cases.Case, e *cases.Event) error {
		if err := s.Audit.RecordIn(ctx, q, audit.Entry{ActorID: p.User.ID, Action: audit.CaseMoved, ObjectType: "case", ObjectID: c.ID,
			DistrictID: c.DistrictID, NeighborhoodID: c.NeighborhoodID, Detail: string(action)}); err != nil {
			return err
		}
		if c.ReporterID != 0 && c.ReporterID != p.User.ID && e.Public() {
			if err := s.Inbox.Notify(ctx, q, inbox.Notification{UserID: c.ReporterID, DistrictID: c.DistrictID,
				Kind: inbox.CaseMoved + "." + string(action), CaseID: c.ID, ActorID: p.User.ID, Detail: c.Title}); err != nil {
				return err
			}
		}
		for _, u := range tell {
			if u == p.User.ID {
				continue
			}
			if err := s.Inbox.Notify(ctx, q, inbox.Notification{UserID: u, DistrictID: c.DistrictID, Kind: inbox.CaseAssigned,
				CaseID: c.ID, ActorID: p.User.ID, Detail: c.Title}); err != nil {
				return err
			}
		}
		return nil
	}
	in.HeldWord = s.screenWord(in.Note + "\n" + in.Comment)
	moved, err := s.Cases.Move(ctx, c.ID, a.actor, action, in)
	if err != nil {
		return nil, err
	}
	return moved, nil
}

// checkAssignment checks that the lead and co-handling units serve the
// case's neighborhood (or its street or district) and that the assignee
// works there; it returns who to tell. Errors: invalid.
func (s *Service) checkAssignment(ctx context.Context, hood *org.Place, in *cases.MoveInput) ([]int64, error) {
	units, err := s.assignableUnits(ctx, hood)
	if err != nil {
		return nil, err
	}
	if in.LeadUnitID != 0 && !servedBy(units, in.LeadUnitID) {
		return nil, errs.Field("lead_unit", "cases.bad_unit")
	}
	var involved []int64
	if in.LeadUnitID != 0 {
		involved = append(involved, in.LeadUnitID)
	}
	for _, u := range in.CoUnitIDs {
		if u != 0 && !servedBy(units, u) {
			return nil, errs.Field("co_units", "cases.bad_unit")
		}
		if u != 0 {
			involved = append(involved, u)
		}
	}
	tell, err := s.Access.StaffOfUnits(ctx, involved)
	if err != nil {
		return nil, err
	}
	if in.AssigneeID != 0 {
		who, err := s.Access.Actor(ctx, in.AssigneeID)
		if err != nil {
			return nil, err
		}
		if !worksOn(who, hood, involved) {
			return nil, errs.Field("assignee", "cases.bad_assignee")
		}
		tell = append(tell, in.AssigneeID)
	}
	return tell, nil
}

// worksOn reports whether a person may be assigned a case of hood: a cadre or
// secretary there, or staff of one of the units handling it.
func worksOn(a *access.Actor, hood *org.Place, units []int64) bool {
	if access.Can(a, access.HandleCase, access.Target{Path: hood.Path}) {
		return true
	}
	for _, g := range a.Grants {
		for _, u := range units {
			if g.Role == access.UnitStaff && g.UnitID == u {
				return true
			}
		}
	}
	return false
}

// NoteCase adds a note to a case's timeline for the handlers (staff only), or
// a supervision note (督办) from the street or district, which the handlers and
// the committee are told of. Errors: unauthorized, forbidden, not_found, invalid.
func (s *Service) NoteCase(ctx context.Context, p *Principal, id int64, kind, note string) (*cases.Event, error) {
	c, a, err := s.caseFor(ctx, p, id)
	if err != nil {
		return nil, err
	}
	switch kind {
	case cases.KindNote:
		if a.sight != sightStaff {
			return nil, errs.New(errs.Forbidden, "error.forbidden")
		}
	case cases.KindSupervise:
		if err := s.authorize(ctx, p, access.SuperviseCase, a.hood); err != nil {
			return nil, err
		}
	default:
		return nil, errs.Field("kind", "cases.bad_action")
	}
	e, err := s.Cases.AnnotateHeld(ctx, c.ID, a.actor, kind, note, nil, s.screenWord(note))
	if err != nil {
		return nil, err
	}
	_ = s.Audit.Record(ctx, audit.Entry{ActorID: p.User.ID, Action: audit.CaseNoted, ObjectType: "case", ObjectID: c.ID,
		DistrictID: c.DistrictID, NeighborhoodID: c.NeighborhoodID, Detail: kind})
	if kind == cases.KindSupervise {
		s.tellSupervised(ctx, p, c, a)
	}
	return e, nil
}

// tellSupervised tells the committee, the handling units' staff and the
// assignee of a supervision note. Best effort: the note itself is recorded.
func (s *Service) tellSupervised(ctx context.Context, p *Principal, c *cases.Case, a *caseAccess) {
	var units []int64
	for _, h := range a.handlers {
		units = append(units, h.UnitID)
	}
	staff, _ := s.Access.StaffOfUnits(ctx, units)
	committee, _ := s.Access.HoldersAt(ctx, c.NeighborhoodID, access.Cadre, access.Secretary)
	seen := map[int64]bool{p.User.ID: true}
	for _, u := range append(append(staff, committee...), c.AssigneeID) {
		if u == 0 || seen[u] {
			continue
		}
		seen[u] = true
		_ = s.Inbox.Notify(ctx, s.DB, inbox.Notification{UserID: u, DistrictID: c.DistrictID, Kind: inbox.CaseSupervised, CaseID: c.ID,
			ActorID: p.User.ID, Detail: c.Title})
	}
}

// RateCase lets the reporter rate a case that closed without a rating (it
// auto-closed). Errors: unauthorized, forbidden, not_found, invalid, conflict.
func (s *Service) RateCase(ctx context.Context, p *Principal, id int64, rating int, comment string) (*cases.Case, error) {
	c, _, err := s.caseFor(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return s.Cases.Rate(ctx, c.ID, cases.Actor{UserID: p.User.ID}, rating, comment, s.screenWord(comment))
}
