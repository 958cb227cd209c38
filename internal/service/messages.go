package service

import (
	"context"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/messages"
	"github.com/linli-dev/linli/internal/org"
)

// StartThread lets a verified resident write to their committee (unitID 0) or
// to a unit serving their neighborhood. Errors: unauthorized, forbidden, invalid.
func (s *Service) StartThread(ctx context.Context, p *Principal, unitID int64, subject, body string) (int64, error) {
	if !p.LoggedIn() {
		return 0, errs.New(errs.Unauthorized, "login.required")
	}
	if p.User.NeighborhoodID == 0 {
		return 0, errs.New(errs.Forbidden, "messages.verify_first")
	}
	hood, err := s.placeFor(ctx, p, access.PostTopic, p.User.NeighborhoodID)
	if err != nil {
		return 0, err
	}
	if unitID != 0 {
		units, err := s.Org.UnitsServing(ctx, hood.ID)
		if err != nil {
			return 0, err
		}
		if !servedBy(units, unitID) {
			return 0, errs.Field("unit", "messages.bad_unit")
		}
	}
	return s.Messages.Start(ctx, hood.DistrictID, hood.ID, p.User.ID, unitID, subject, body)
}

func servedBy(units []*org.Unit, id int64) bool {
	for _, u := range units {
		if u.ID == id {
			return true
		}
	}
	return false
}

// staffOf reports whether the person answers a thread: the committee's cadres
// (and those above them) for committee threads, the unit's staff for unit threads.
func (s *Service) staffOf(ctx context.Context, p *Principal, t *messages.Thread) (bool, error) {
	if t.UnitID != 0 {
		for _, g := range p.Actor.Grants {
			if g.Role == access.UnitStaff && g.UnitID == t.UnitID {
				return true, nil
			}
		}
		return false, nil
	}
	hood, err := s.Org.Place(ctx, t.NeighborhoodID)
	if err != nil {
		return false, err
	}
	return access.Can(p.Actor, access.Moderate, access.Target{Path: hood.Path}), nil
}

// ThreadView is a conversation as one side sees it.
type ThreadView struct {
	Thread   *messages.Thread
	Messages []messages.Message
	AsStaff  bool
}

// OpenThread shows a thread to its resident or to the staff who answer it,
// clearing that side's unread count. Errors: unauthorized, not_found.
func (s *Service) OpenThread(ctx context.Context, p *Principal, id int64) (*ThreadView, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	t, err := s.Messages.Thread(ctx, id)
	if err != nil {
		return nil, err
	}
	staff, err := s.staffOf(ctx, p, t)
	if err != nil {
		return nil, err
	}
	if t.ResidentID != p.User.ID && !staff {
		return nil, errs.New(errs.NotFound, "messages.not_found")
	}
	v := &ThreadView{Thread: t, AsStaff: staff && t.ResidentID != p.User.ID}
	v.Messages, err = s.Messages.Messages(ctx, t, v.AsStaff)
	return v, err
}

// ReplyThread answers in a thread, as its resident or as staff.
// Errors: unauthorized, not_found, invalid.
func (s *Service) ReplyThread(ctx context.Context, p *Principal, id int64, body string) error {
	v, err := s.OpenThread(ctx, p, id)
	if err != nil {
		return err
	}
	return s.Messages.Reply(ctx, v.Thread, p.User.ID, v.AsStaff, body)
}

// Mailbox lists the threads a person sees: their own as a resident, plus those
// they answer as committee or unit staff.
func (s *Service) Mailbox(ctx context.Context, p *Principal) ([]*messages.Thread, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	m := messages.Mailbox{ResidentID: p.User.ID}
	for _, g := range p.Actor.Grants {
		if g.Role == access.UnitStaff {
			m.UnitIDs = append(m.UnitIDs, g.UnitID)
		}
	}
	hoods, _, err := s.reviewScopes(ctx, p) // cadres, secretaries and admins above them
	if err != nil {
		return nil, err
	}
	for _, h := range hoods {
		m.NeighborhoodIDs = append(m.NeighborhoodIDs, h.ID)
	}
	return s.Messages.Threads(ctx, m)
}
