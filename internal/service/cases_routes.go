package service

import (
	"context"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
)

// RoutesView is a neighborhood's routing rules with the choices for new ones.
type RoutesView struct {
	Neighborhood *org.Place
	Routes       []cases.Route
	Units        []*org.Unit
	Places       []*org.Place // the neighborhood's grids and buildings
}

// CaseRoutes shows which unit each category goes to in a neighborhood.
// Errors: unauthorized, forbidden, not_found.
func (s *Service) CaseRoutes(ctx context.Context, p *Principal, hoodID int64) (*RoutesView, error) {
	hood, err := s.routingHood(ctx, p, hoodID)
	if err != nil {
		return nil, err
	}
	v := &RoutesView{Neighborhood: hood}
	if v.Routes, err = s.Cases.Routes(ctx, hood.ID); err != nil {
		return nil, err
	}
	if v.Units, err = s.assignableUnits(ctx, hood); err != nil {
		return nil, err
	}
	all, err := s.Org.Subtree(ctx, hood)
	if err != nil {
		return nil, err
	}
	v.Places = all[1:]
	return v, nil
}

func (s *Service) routingHood(ctx context.Context, p *Principal, hoodID int64) (*org.Place, error) {
	hood, err := s.placeFor(ctx, p, access.RouteCases, hoodID)
	if err != nil {
		return nil, err
	}
	if hood.Kind != org.Neighborhood {
		return nil, errs.New(errs.NotFound, "place.not_found")
	}
	return hood, nil
}

// SetCaseRoute sends a neighborhood's cases of a category (at a building or
// grid, or anywhere with placeID 0) to a unit serving it; unitID 0 removes
// the rule, so the committee keeps them. Errors: unauthorized, forbidden,
// not_found, invalid.
func (s *Service) SetCaseRoute(ctx context.Context, p *Principal, hoodID int64, category string, placeID, unitID int64) error {
	hood, err := s.routingHood(ctx, p, hoodID)
	if err != nil {
		return err
	}
	if placeID != 0 && placeID != hood.ID {
		place, err := s.Org.Place(ctx, placeID)
		if err != nil || !hood.Contains(place) {
			return errs.Field("place", "place.not_found")
		}
	}
	if unitID == 0 {
		err = s.Cases.DeleteRoute(ctx, hood.ID, category, placeID)
	} else {
		units, uerr := s.assignableUnits(ctx, hood)
		if uerr != nil {
			return uerr
		}
		if !servedBy(units, unitID) {
			return errs.Field("unit", "cases.bad_unit")
		}
		err = s.Cases.SetRoute(ctx, hood.DistrictID, cases.Route{NeighborhoodID: hood.ID, Category: category, PlaceID: placeID, UnitID: unitID}, p.User.ID)
	}
	if err != nil {
		return err
	}
	return s.Audit.Record(ctx, audit.Entry{ActorID: p.User.ID, Action: audit.CaseRouteSet, ObjectType: "place", ObjectID: hood.ID,
		DistrictID: hood.DistrictID, NeighborhoodID: hood.ID, Detail: category + "→" + itoa(unitID)})
}
