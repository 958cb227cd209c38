package service

import (
	"context"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/inbox"
	"github.com/linli-dev/linli/internal/org"
)

// Inbox kinds and audit actions of deadline extensions.
const (
	NoticeExtensionRequested = "case_extension_requested"
	NoticeExtensionApproved  = "case_extension_approved"
	NoticeExtensionRejected  = "case_extension_rejected"
	auditExtensionRequested  = "case.extension_requested"
	auditExtensionDecided    = "case.extension_decided" // Detail: approved or rejected
)

// ExtensionsView is a case's deadline extensions and what the person may do
// about them.
type ExtensionsView struct {
	Case       *cases.Case
	Extensions []*cases.Extension
	CanRequest bool
	CanDecide  bool
}

// CaseExtensions lists a case's extension requests for its staff. Errors:
// unauthorized, not_found.
func (s *Service) CaseExtensions(ctx context.Context, p *Principal, caseID int64) (*ExtensionsView, error) {
	c, a, err := s.caseFor(ctx, p, caseID)
	if err != nil {
		return nil, err
	}
	if a.sight != sightStaff {
		return nil, errs.New(errs.Forbidden, "error.forbidden")
	}
	v := &ExtensionsView{Case: c, CanRequest: handles(a)}
	if v.Extensions, err = s.Cases.Extensions(ctx, c.ID); err != nil {
		return nil, err
	}
	if v.CanDecide, err = s.canDecideExtension(ctx, p, c.Level, c.StreetID, c.DistrictID); err != nil {
		return nil, err
	}
	return v, nil
}

// handles reports whether the person handles the case: its committee, a
// handling unit's staff, or its assignee.
func handles(a *caseAccess) bool {
	for _, r := range a.actor.Roles {
		if r == cases.RoleCommittee || r == cases.RoleHandler {
			return true
		}
	}
	return false
}

// RequestExtension lets a case's handlers ask for more working hours to
// resolve it; the level above is told. Errors: unauthorized, forbidden,
// not_found, invalid, conflict.
func (s *Service) RequestExtension(ctx context.Context, p *Principal, caseID int64, hours int, reason string) (*cases.Extension, error) {
	c, a, err := s.caseFor(ctx, p, caseID)
	if err != nil {
		return nil, err
	}
	if !handles(a) {
		return nil, errs.New(errs.Forbidden, "clocks.extension_not_yours")
	}
	return s.Cases.RequestExtension(ctx, c.ID, a.actor, hours, reason, func(ctx context.Context, q db.Querier, c *cases.Case, x *cases.Extension) error {
		approvers, err := s.approvers(ctx, c)
		if err != nil {
			return err
		}
		for _, u := range approvers {
			if err := s.Inbox.Notify(ctx, q, inbox.Notification{UserID: u, DistrictID: c.DistrictID, Kind: NoticeExtensionRequested,
				CaseID: c.ID, ActorID: p.User.ID, Detail: c.Title}); err != nil {
				return err
			}
		}
		return s.Audit.RecordIn(ctx, q, audit.Entry{ActorID: p.User.ID, Action: auditExtensionRequested, ObjectType: "case", ObjectID: c.ID,
			DistrictID: c.DistrictID, NeighborhoodID: c.NeighborhoodID})
	})
}

// approvers are the people who decide a case's extensions: the street's
// admins for a case at the neighborhood (the district's if the street has
// none), the district's above that.
func (s *Service) approvers(ctx context.Context, c *cases.Case) ([]int64, error) {
	if c.Level == cases.LevelNeighborhood {
		ids, err := s.Access.HoldersAt(ctx, c.StreetID, access.StreetAdmin)
		if err != nil || len(ids) > 0 {
			return ids, err
		}
	}
	return s.Access.HoldersAt(ctx, c.DistrictID, access.DistrictAdmin)
}

// canDecideExtension: the level above the case decides, the street for a
// case at the neighborhood, the district above that.
func (s *Service) canDecideExtension(ctx context.Context, p *Principal, level string, streetID, districtID int64) (bool, error) {
	return s.decides(ctx, p, level, streetID, districtID, map[int64]*org.Place{})
}

// decides is canDecideExtension with the places it read kept in seen, so a
// list of requests reads each street once.
func (s *Service) decides(ctx context.Context, p *Principal, level string, streetID, districtID int64, seen map[int64]*org.Place) (bool, error) {
	above := districtID
	if level == cases.LevelNeighborhood {
		above = streetID
	}
	place, ok := seen[above]
	if !ok {
		var err error
		if place, err = s.Org.Place(ctx, above); err != nil {
			return false, err
		}
		seen[above] = place
	}
	return access.Can(p.Actor, access.ApproveExtension, access.Target{Path: place.Path}), nil
}

// DecideExtension approves or refuses a waiting extension; approval moves
// the case's resolution deadline by the hours asked, in working time from the
// old deadline. The requester is told. Errors: unauthorized, forbidden,
// not_found, invalid, conflict.
func (s *Service) DecideExtension(ctx context.Context, p *Principal, id int64, approve bool, note string) (*cases.Extension, error) {
	x, err := s.Cases.Extension(ctx, id)
	if err != nil {
		return nil, err
	}
	// Those who may not see the case do not learn the request exists.
	if _, _, err := s.caseFor(ctx, p, x.CaseID); err != nil {
		return nil, err
	}
	ok, err := s.canDecideExtension(ctx, p, x.CaseLevel, x.StreetID, x.DistrictID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errs.New(errs.Forbidden, "clocks.extension_not_above")
	}
	if !approve && strings.TrimSpace(note) == "" {
		return nil, errs.Field("note", "extensions.refusal_needs_note")
	}
	now := s.Cases.Now()
	extend := func(c *cases.Case, hours int) time.Time {
		st, err := s.Clocks.Cached(ctx, c.DistrictID)
		if err != nil {
			return c.ResolveBy.Add(time.Duration(hours) * time.Hour)
		}
		from := c.ResolveBy
		if from.IsZero() {
			from = now
		}
		return st.Calendar().Add(from, time.Duration(hours)*time.Hour)
	}
	by := cases.Actor{UserID: p.User.ID, Roles: []cases.Role{cases.RoleSupervisor}}
	return s.Cases.DecideExtension(ctx, id, by, approve, note, extend, func(ctx context.Context, q db.Querier, c *cases.Case, x *cases.Extension) error {
		kind := NoticeExtensionRejected
		if approve {
			kind = NoticeExtensionApproved
		}
		if err := s.Inbox.Notify(ctx, q, inbox.Notification{UserID: x.RequestedBy, DistrictID: c.DistrictID, Kind: kind, CaseID: c.ID,
			ActorID: p.User.ID, Detail: c.Title}); err != nil {
			return err
		}
		return s.Audit.RecordIn(ctx, q, audit.Entry{ActorID: p.User.ID, Action: auditExtensionDecided, ObjectType: "case", ObjectID: c.ID,
			DistrictID: c.DistrictID, NeighborhoodID: c.NeighborhoodID, Detail: x.State})
	})
}

// PendingExtensions lists the waiting requests the person may decide, oldest
// first. Errors: unauthorized, forbidden (decides none).
func (s *Service) PendingExtensions(ctx context.Context, p *Principal) ([]*cases.Extension, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	scopes := p.Actor.Scopes(access.ApproveExtension)
	if len(scopes) == 0 {
		return nil, errs.New(errs.Forbidden, "error.forbidden")
	}
	districts := map[int64]bool{}
	var out []*cases.Extension
	for _, g := range scopes {
		place, err := s.Org.Place(ctx, g.PlaceID)
		if err != nil {
			return nil, err
		}
		if districts[place.DistrictID] {
			continue
		}
		districts[place.DistrictID] = true
		xs, err := s.pendingIn(ctx, p, place)
		if err != nil {
			return nil, err
		}
		out = append(out, xs...)
	}
	return out, nil
}

// pendingIn reads a district's waiting requests and keeps those p decides;
// a district has few waiting at a time, so reading them all is cheap.
func (s *Service) pendingIn(ctx context.Context, p *Principal, place *org.Place) ([]*cases.Extension, error) {
	var out []*cases.Extension
	var after int64
	seen := map[int64]*org.Place{}
	for {
		xs, err := s.Cases.PendingExtensions(ctx, place.DistrictID, after, 200)
		if err != nil {
			return nil, err
		}
		for _, x := range xs {
			if ok, err := s.decides(ctx, p, x.CaseLevel, x.StreetID, x.DistrictID, seen); err != nil {
				return nil, err
			} else if ok {
				out = append(out, x)
			}
			after = x.ID
		}
		if len(xs) < 200 {
			return out, nil
		}
	}
}
