package service

import (
	"context"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/roster"
)

// PlaceView is a place with what its admin page shows.
type PlaceView struct {
	Place      *org.Place
	Ancestors  []*org.Place
	Children   []*org.Place
	Households []*org.Household
	Units      []*org.Unit
	Holders    []HolderView
	Roster     []roster.Resident
	CanManage  bool
	CanImport  bool
	CanGrant   bool
	Revealed   bool
}

// HolderView is a role holder shown on a place page.
type HolderView struct {
	UserID   int64
	Nickname string
	Role     access.Role
	PlaceID  int64
	Place    string
}

// ManagedRoots lists the places a person administers (manage or import), the
// entry points of the admin tree.
func (s *Service) ManagedRoots(ctx context.Context, p *Principal) ([]*org.Place, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	seen := map[int64]bool{}
	var out []*org.Place
	for _, action := range []access.Action{access.ManagePlaces, access.ImportRoster} {
		for _, g := range p.Actor.Scopes(action) {
			if seen[g.PlaceID] {
				continue
			}
			seen[g.PlaceID] = true
			pl, err := s.Org.Place(ctx, g.PlaceID)
			if err != nil {
				return nil, err
			}
			out = append(out, pl)
		}
	}
	return out, nil
}

// PlacePage loads a place for its admin page. reveal asks for the roster's
// personal data in the clear: only roles that may view personal data get it,
// and the view is audited. Errors: unauthorized, forbidden, not_found.
func (s *Service) PlacePage(ctx context.Context, p *Principal, id int64, reveal bool) (*PlaceView, error) {
	place, err := s.placeFor(ctx, p, access.ViewNeighborhood, id)
	if err != nil {
		return nil, err
	}
	target := access.Target{Path: place.Path}
	v := &PlaceView{Place: place,
		CanManage: access.Can(p.Actor, access.ManagePlaces, target),
		CanImport: access.Can(p.Actor, access.ImportRoster, target),
		CanGrant:  access.Can(p.Actor, access.GrantRoles, target)}
	if !v.CanManage && !v.CanImport && !v.CanGrant && !access.Can(p.Actor, access.ViewPersonalData, target) {
		return nil, s.authorize(ctx, p, access.ManagePlaces, place)
	}
	if v.Ancestors, err = s.Org.Ancestors(ctx, place); err != nil {
		return nil, err
	}
	if v.Children, err = s.Org.Children(ctx, place.ID); err != nil {
		return nil, err
	}
	if place.Kind == org.Neighborhood || place.Kind == org.Street || place.Kind == org.District {
		if v.Units, err = s.Org.UnitsServing(ctx, place.ID); err != nil {
			return nil, err
		}
	}
	holders, err := s.Access.Holders(ctx, place.DistrictID, place.Path)
	if err != nil {
		return nil, err
	}
	for _, h := range holders {
		if h.PlaceID == place.ID || place.Kind != org.District {
			v.Holders = append(v.Holders, HolderView{UserID: h.UserID, Nickname: h.Nickname, Role: h.Role, PlaceID: h.PlaceID, Place: h.Place})
		}
	}
	if place.Kind == org.Building {
		if v.Households, err = s.Org.Households(ctx, place.ID); err != nil {
			return nil, err
		}
		if reveal {
			if err := s.authorize(ctx, p, access.ViewPersonalData, place); err != nil {
				return nil, err
			}
			if err := s.Audit.Record(ctx, audit.Entry{ActorID: p.User.ID, Action: audit.PersonalDataViewed, ObjectType: "building",
				ObjectID: place.ID, DistrictID: place.DistrictID, NeighborhoodID: place.NeighborhoodID, Detail: "roster"}); err != nil {
				return nil, err
			}
			v.Revealed = true
		}
		if v.Roster, err = s.Roster.Residents(ctx, place.ID, v.Revealed); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// CreatePlace adds a child place. Errors: unauthorized, forbidden, not_found, invalid, conflict.
func (s *Service) CreatePlace(ctx context.Context, p *Principal, parentID int64, name string) (*org.Place, error) {
	parent, err := s.placeFor(ctx, p, access.ManagePlaces, parentID)
	if err != nil {
		return nil, err
	}
	kind := org.ChildKind(parent.Kind)
	if kind == "" {
		return nil, errs.Field("name", "place.bad_kind")
	}
	child, err := s.Org.CreatePlace(ctx, s.DB, parent.ID, kind, name)
	if err != nil {
		return nil, err
	}
	_ = s.Audit.Record(ctx, audit.Entry{ActorID: p.User.ID, Action: audit.PlaceCreated, ObjectType: "place", ObjectID: child.ID,
		DistrictID: child.DistrictID, NeighborhoodID: child.NeighborhoodID, Detail: name})
	return child, nil
}

// CreateUnit registers a partner unit serving a neighborhood (or a street or
// district department). Errors: unauthorized, forbidden, not_found, invalid, conflict.
func (s *Service) CreateUnit(ctx context.Context, p *Principal, placeID int64, kind org.UnitKind, name, phone string) (*org.Unit, error) {
	place, err := s.placeFor(ctx, p, access.ManageUnits, placeID)
	if err != nil {
		return nil, err
	}
	u, err := s.Org.CreateUnit(ctx, s.DB, place, kind, name, phone, []*org.Place{place})
	if err != nil {
		return nil, err
	}
	if place.Kind == org.Neighborhood {
		if _, err := s.ensureSections(ctx, place); err != nil {
			return nil, err
		}
	}
	_ = s.Audit.Record(ctx, audit.Entry{ActorID: p.User.ID, Action: audit.UnitCreated, ObjectType: "unit", ObjectID: u.ID,
		DistrictID: place.DistrictID, NeighborhoodID: place.NeighborhoodID, Detail: name})
	return u, nil
}

// GrantRole gives the account with a phone number a role at a place. Errors:
// unauthorized, forbidden, not_found, invalid, conflict.
func (s *Service) GrantRole(ctx context.Context, p *Principal, placeID int64, phone string, role access.Role, unitID int64) error {
	place, err := s.placeFor(ctx, p, access.GrantRoles, placeID)
	if err != nil {
		return err
	}
	if !access.CanGrant(p.Actor, role, place.Path) {
		return errs.Field("role", "role.forbidden")
	}
	uid, err := s.Accounts.UserIDByPhone(ctx, phone)
	if err != nil {
		return err
	}
	if err := s.Access.GrantRole(ctx, s.DB, uid, role, place.ID, place.DistrictID, unitID, p.User.ID); err != nil {
		return err
	}
	return s.Audit.Record(ctx, audit.Entry{ActorID: p.User.ID, Action: audit.RoleGranted, ObjectType: "user", ObjectID: uid,
		DistrictID: place.DistrictID, NeighborhoodID: place.NeighborhoodID, Detail: string(role) + "@" + itoa(place.ID)})
}

// Neighborhoods lists every neighborhood, for the verification form's first step.
func (s *Service) Neighborhoods(ctx context.Context) ([]*org.Place, error) {
	var out []*org.Place
	districts, err := s.Org.Children(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, d := range districts {
		ns, err := s.Org.OfKind(ctx, d.ID, org.Neighborhood)
		if err != nil {
			return nil, err
		}
		out = append(out, ns...)
	}
	return out, nil
}

// Buildings lists a neighborhood's buildings, for the verification form.
func (s *Service) Buildings(ctx context.Context, neighborhoodID int64) ([]*org.Place, error) {
	n, err := s.Org.Place(ctx, neighborhoodID)
	if err != nil {
		return nil, err
	}
	if n.Kind != org.Neighborhood {
		return nil, errs.New(errs.NotFound, "place.not_found")
	}
	all, err := s.Org.Subtree(ctx, n)
	if err != nil {
		return nil, err
	}
	var out []*org.Place
	for _, p := range all {
		if p.Kind == org.Building {
			out = append(out, p)
		}
	}
	return out, nil
}
