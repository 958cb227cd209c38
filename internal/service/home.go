package service

import (
	"context"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/verify"
)

// Home is "my neighborhood": where I live, its figures and units, and what I
// may do there.
type Home struct {
	Neighborhood *org.Place
	Street       *org.Place
	Units        []*org.Unit
	Verification *verify.Request
	Reviews      []*org.Place // neighborhoods whose verification queue I review
	Pending      int          // pending requests across them
	CanAdmin     bool
	CanAudit     bool
}

// HomePage gathers the home page. Errors: unauthorized.
func (s *Service) HomePage(ctx context.Context, p *Principal) (*Home, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	h := &Home{}
	var err error
	if p.User.NeighborhoodID != 0 {
		if h.Neighborhood, h.Street, err = s.Org.WithParent(ctx, p.User.NeighborhoodID); err != nil {
			return nil, err
		}
		if h.Units, err = s.Org.UnitsServing(ctx, h.Neighborhood.ID); err != nil {
			return nil, err
		}
	} else if r, err := s.Verify.Latest(ctx, p.User.ID); err == nil {
		h.Verification = r
	} else if !errs.Is(err, errs.NotFound) {
		return nil, err
	}
	if h.Reviews, h.Pending, err = s.reviewScopes(ctx, p); err != nil {
		return nil, err
	}
	h.CanAdmin = len(p.Actor.Scopes(access.ManagePlaces)) > 0 || len(p.Actor.Scopes(access.ImportRoster)) > 0
	h.CanAudit = len(p.Actor.Scopes(access.ViewAudit)) > 0
	return h, nil
}

// reviewScopes lists the neighborhoods a person reviews and counts what waits there.
func (s *Service) reviewScopes(ctx context.Context, p *Principal) ([]*org.Place, int, error) {
	grants := p.Actor.Scopes(access.ReviewVerification)
	if len(grants) == 0 {
		return nil, 0, nil
	}
	seen := map[int64]bool{}
	var out []*org.Place
	for _, g := range grants {
		root, err := s.Org.Place(ctx, g.PlaceID)
		if err != nil {
			return nil, 0, err
		}
		places := []*org.Place{root}
		if root.Kind != org.Neighborhood {
			if places, err = s.Org.OfKind(ctx, root.DistrictID, org.Neighborhood); err != nil {
				return nil, 0, err
			}
		}
		for _, n := range places {
			if n.Kind == org.Neighborhood && root.Contains(n) && !seen[n.ID] {
				seen[n.ID] = true
				out = append(out, n)
			}
		}
	}
	var pending int
	for _, n := range out {
		var c int
		if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM verifications WHERE neighborhood_id = ? AND status = 'pending'`, n.ID).Scan(&c); err != nil {
			return nil, 0, errs.Internalf("service: pending count: %w", err)
		}
		pending += c
	}
	return out, pending, nil
}

// ReviewScopes lists the neighborhoods whose queue a person reviews.
func (s *Service) ReviewScopes(ctx context.Context, p *Principal) ([]*org.Place, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	out, _, err := s.reviewScopes(ctx, p)
	return out, err
}

// AuditLog lists audit rows under a place the person may audit. Errors:
// unauthorized, forbidden, not_found.
func (s *Service) AuditLog(ctx context.Context, p *Principal, placeID int64, f audit.Filter) ([]audit.Entry, int64, error) {
	if placeID == 0 {
		scopes := p.Actor.Scopes(access.ViewAudit)
		if !p.LoggedIn() {
			return nil, 0, errs.New(errs.Unauthorized, "login.required")
		}
		if len(scopes) == 0 {
			_ = s.Audit.Record(ctx, audit.Entry{ActorID: p.User.ID, Action: audit.AccessDenied, DistrictID: p.User.DistrictID,
				NeighborhoodID: p.User.NeighborhoodID, Detail: string(access.ViewAudit)})
			return nil, 0, errs.New(errs.Forbidden, "error.forbidden")
		}
		placeID = scopes[0].PlaceID
	}
	place, err := s.placeFor(ctx, p, access.ViewAudit, placeID)
	if err != nil {
		return nil, 0, err
	}
	f.DistrictID = place.DistrictID
	if place.Kind != org.District {
		f.NeighborhoodID = place.NeighborhoodID
	}
	if place.Kind == org.Street {
		// A street sees its own neighborhoods' rows, filtered in the query so
		// that cursor paging stays exact.
		ns, err := s.Org.Children(ctx, place.ID)
		if err != nil {
			return nil, 0, err
		}
		f.NeighborhoodIDs = []int64{-1}
		for _, n := range ns {
			f.NeighborhoodIDs = append(f.NeighborhoodIDs, n.ID)
		}
	}
	return s.Audit.List(ctx, f)
}
