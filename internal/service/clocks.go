package service

import (
	"context"
	"strconv"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/clocks"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
)

// auditClocksSaved is the audit action of a change to a district's clocks.
const auditClocksSaved = "clocks.saved"

// ClockDistricts lists the districts whose clocks the person may set.
// Errors: unauthorized.
func (s *Service) ClockDistricts(ctx context.Context, p *Principal) ([]*org.Place, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	var out []*org.Place
	for _, g := range p.Actor.Scopes(access.ManageClocks) {
		pl, err := s.Org.Place(ctx, g.PlaceID)
		if err != nil {
			return nil, err
		}
		if pl.Kind == org.District {
			out = append(out, pl)
		}
	}
	return out, nil
}

// ClockSettings returns a district's clock settings (the defaults until it
// saves its own). Errors: unauthorized, forbidden, not_found.
func (s *Service) ClockSettings(ctx context.Context, p *Principal, districtID int64) (*clocks.Settings, *org.Place, error) {
	dist, err := s.clockDistrict(ctx, p, districtID)
	if err != nil {
		return nil, nil, err
	}
	st, err := s.Clocks.Get(ctx, dist.ID)
	return st, dist, err
}

// SaveClockSettings checks and saves a district's clock settings; deadlines
// set from now on follow them, deadlines already set stay. Errors:
// unauthorized, forbidden, not_found, invalid.
func (s *Service) SaveClockSettings(ctx context.Context, p *Principal, districtID int64, in clocks.Input) (*clocks.Settings, error) {
	dist, err := s.clockDistrict(ctx, p, districtID)
	if err != nil {
		return nil, err
	}
	st, err := clocks.Parse(dist.ID, in)
	if err != nil {
		return nil, err
	}
	if err := s.Clocks.Save(ctx, st, p.User.ID); err != nil {
		return nil, err
	}
	_ = s.Audit.Record(ctx, audit.Entry{ActorID: p.User.ID, Action: auditClocksSaved, ObjectType: "place", ObjectID: dist.ID,
		DistrictID: dist.ID, Detail: "respond " + strconv.Itoa(st.RespondHours) + "h"})
	return s.Clocks.Get(ctx, dist.ID)
}

func (s *Service) clockDistrict(ctx context.Context, p *Principal, id int64) (*org.Place, error) {
	pl, err := s.placeFor(ctx, p, access.ManageClocks, id)
	if err != nil {
		return nil, err
	}
	if pl.Kind != org.District {
		return nil, errs.New(errs.NotFound, "place.not_found")
	}
	return pl, nil
}
