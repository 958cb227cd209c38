package service

import (
	"context"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/clocks"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
)

// PatrolView is a cadre's patrol page (一日三巡): one patrol list with its
// three lists as they stand now, and the recent patrols.
type PatrolView struct {
	Run      *cases.PatrolRun // nil before the first patrol time
	Hood     *org.Place
	Lists    *cases.PatrolLists
	History  []*cases.PatrolRun
	Settings *clocks.Settings
}

// PatrolListLimit is how many cases each of a patrol's lists shows.
const PatrolListLimit = 50

// Patrol shows a cadre one of their patrol lists, the latest when runID is
// 0. Errors: unauthorized, forbidden (not a cadre), not_found.
func (s *Service) Patrol(ctx context.Context, p *Principal, runID int64) (*PatrolView, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	scopes := p.Actor.Scopes(access.Patrol)
	if len(scopes) == 0 {
		return nil, errs.New(errs.Forbidden, "error.forbidden")
	}
	v := &PatrolView{}
	var err error
	if v.History, err = s.Cases.PatrolRuns(ctx, p.User.ID, 0, 12); err != nil {
		return nil, err
	}
	switch {
	case runID != 0:
		if v.Run, err = s.Cases.PatrolRun(ctx, runID); err != nil {
			return nil, err
		}
		if v.Run.UserID != p.User.ID {
			return nil, errs.New(errs.NotFound, "patrol.not_found")
		}
	case len(v.History) > 0:
		v.Run = v.History[0]
	}
	hoodID := scopes[0].PlaceID
	if v.Run != nil {
		hoodID = v.Run.NeighborhoodID
	}
	if v.Hood, err = s.placeFor(ctx, p, access.Patrol, hoodID); err != nil {
		return nil, err
	}
	if v.Settings, err = s.Clocks.Cached(ctx, v.Hood.DistrictID); err != nil {
		return nil, err
	}
	if v.Run != nil {
		if v.Lists, err = s.Cases.Lists(ctx, v.Run, PatrolListLimit); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// MarkPatrolled records that a cadre went through one of their patrol
// lists. Errors: unauthorized, not_found.
func (s *Service) MarkPatrolled(ctx context.Context, p *Principal, runID int64) error {
	if !p.LoggedIn() {
		return errs.New(errs.Unauthorized, "login.required")
	}
	return s.Cases.MarkPatrolled(ctx, runID, p.User.ID)
}
