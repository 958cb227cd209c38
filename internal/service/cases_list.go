package service

import (
	"context"
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
)

// Queue names a list of cases on the workbench or an oversight page.
type Queue string

// The queues. On a neighborhood: new (waiting for acknowledgement), mine
// (assigned to me), due soon, overdue, escalated (above the neighborhood),
// open, all. On a street or district: escalated means sent up to that level.
const (
	QueueNew       Queue = "new"
	QueueMine      Queue = "mine"
	QueueDueSoon   Queue = "due_soon"
	QueueOverdue   Queue = "overdue"
	QueueEscalated Queue = "escalated"
	QueueOpen      Queue = "open"
	QueueAll       Queue = "all"
)

// Queues lists the queues in the order the workbench shows them.
var Queues = []Queue{QueueNew, QueueMine, QueueDueSoon, QueueOverdue, QueueEscalated, QueueOpen, QueueAll}

// DueSoonWindow is how far ahead "due soon" looks.
var DueSoonWindow = 24 * time.Hour

// CaseList is one page of cases. Staff lists show cases in full; public ones
// their public face.
type CaseList struct {
	Place *org.Place
	Queue Queue
	Cases []*cases.Case
	Next  cases.Cursor
	Staff bool
	Units map[int64]*org.Unit // the lead units named on the page
}

// MyCases lists the cases a person reported (or that were entered for them),
// newest first. Errors: unauthorized, invalid (cursor).
func (s *Service) MyCases(ctx context.Context, p *Principal, cursor cases.Cursor) (*CaseList, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	return s.listCases(ctx, &CaseList{Staff: true}, cases.Filter{ReporterID: p.User.ID, Cursor: cursor})
}

// NeighborhoodCases lists a neighborhood's cases, newest first: their public
// face for neighbors, in full for its staff. Errors: unauthorized, not_found, invalid.
func (s *Service) NeighborhoodCases(ctx context.Context, p *Principal, hoodID int64, cursor cases.Cursor) (*CaseList, error) {
	hood, err := s.placeFor(ctx, p, access.ViewNeighborhood, hoodID)
	if err != nil {
		return nil, err
	}
	if hood.Kind != org.Neighborhood {
		return nil, errs.New(errs.NotFound, "place.not_found")
	}
	l := &CaseList{Place: hood, Queue: QueueAll, Staff: access.Can(p.Actor, access.ViewCase, access.Target{Path: hood.Path})}
	return s.listCases(ctx, l, cases.Filter{NeighborhoodIDs: []int64{hood.ID}, Cursor: cursor})
}

// CaseQueue is a queue of the workbench (a neighborhood's cadres) or of
// oversight (a street's or district's admins). Errors: unauthorized,
// forbidden, not_found, invalid.
func (s *Service) CaseQueue(ctx context.Context, p *Principal, placeID int64, q Queue, cursor cases.Cursor) (*CaseList, error) {
	place, err := s.placeFor(ctx, p, access.ViewCase, placeID)
	if err != nil {
		return nil, err
	}
	f := cases.Filter{Cursor: cursor}
	level := ""
	switch place.Kind {
	case org.Neighborhood:
		f.NeighborhoodIDs = []int64{place.ID}
	case org.Street:
		f.StreetID, level = place.ID, cases.LevelStreet
	case org.District:
		f.DistrictID, level = place.ID, cases.LevelDistrict
	default:
		return nil, errs.New(errs.NotFound, "place.not_found")
	}
	now := s.Cases.Now()
	switch q {
	case QueueNew:
		f.States = []cases.State{cases.Submitted, cases.Reopened}
	case QueueMine:
		f.AssigneeID = p.User.ID
		f.States = cases.OpenStates
	case QueueDueSoon:
		f.DueAfter, f.DueBefore, f.Order = now, now.Add(DueSoonWindow), cases.Due
	case QueueOverdue:
		f.DueBefore, f.Order = now, cases.Due
	case QueueEscalated:
		if level == "" {
			f.Escalated = true
		} else {
			f.Level = level
		}
		f.States = cases.OpenStates
	case QueueOpen:
		f.States = cases.OpenStates
	case QueueAll:
	default:
		return nil, errs.Field("queue", "cases.bad_queue")
	}
	return s.listCases(ctx, &CaseList{Place: place, Queue: q, Staff: true}, f)
}

// UnitQueue lists the cases a unit handles, as lead or co-handler, for its
// staff. Errors: unauthorized, forbidden, invalid.
func (s *Service) UnitQueue(ctx context.Context, p *Principal, unitID int64, open bool, cursor cases.Cursor) (*CaseList, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	staff := false
	for _, g := range p.Actor.Grants {
		if g.Role == access.UnitStaff && (g.UnitID == unitID || unitID == 0) {
			staff, unitID = true, g.UnitID
			break
		}
	}
	if !staff {
		return nil, errs.New(errs.Forbidden, "error.forbidden")
	}
	f := cases.Filter{UnitID: unitID, Cursor: cursor}
	q := QueueAll
	if open {
		f.States, q = cases.OpenStates, QueueOpen
	}
	return s.listCases(ctx, &CaseList{Queue: q, Staff: true}, f)
}

// listCases fills l with one page and names the lead units in one query.
func (s *Service) listCases(ctx context.Context, l *CaseList, f cases.Filter) (*CaseList, error) {
	var err error
	if l.Cases, l.Next, err = s.Cases.List(ctx, f); err != nil {
		return nil, err
	}
	var ids []int64
	for i, c := range l.Cases {
		if c.LeadUnitID != 0 {
			ids = append(ids, c.LeadUnitID)
		}
		if !l.Staff {
			l.Cases[i] = publicCase(c)
		}
	}
	if l.Units, err = s.Org.UnitsByID(ctx, ids); err != nil {
		return nil, err
	}
	return l, nil
}

// CaseScopes are where a person works on cases: the places their roles cover
// (a neighborhood for cadres, a street or district for admins) and the units
// they staff. The workbench link starts from here.
func (s *Service) CaseScopes(ctx context.Context, p *Principal) ([]*org.Place, []int64, error) {
	if !p.LoggedIn() {
		return nil, nil, errs.New(errs.Unauthorized, "login.required")
	}
	var places []*org.Place
	seen := map[int64]bool{}
	for _, g := range p.Actor.Scopes(access.ViewCase) {
		if seen[g.PlaceID] {
			continue
		}
		seen[g.PlaceID] = true
		pl, err := s.Org.Place(ctx, g.PlaceID)
		if err != nil {
			return nil, nil, err
		}
		places = append(places, pl)
	}
	var units []int64
	for _, g := range p.Actor.Grants {
		if g.Role == access.UnitStaff && !contains64(units, g.UnitID) {
			units = append(units, g.UnitID)
		}
	}
	return places, units, nil
}

func contains64(list []int64, v int64) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// ReportForm is what the report form offers: the neighborhood's buildings,
// and, for those who enter offline input, the channels.
type ReportForm struct {
	Neighborhood *org.Place
	Buildings    []*org.Place
	CanEnter     bool // may enter offline input for a resident
}

// CaseReportForm prepares the report form for a neighborhood (0: one's own).
// Errors: unauthorized, forbidden, not_found.
func (s *Service) CaseReportForm(ctx context.Context, p *Principal, hoodID int64) (*ReportForm, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	if hoodID == 0 {
		hoodID = p.User.NeighborhoodID
	}
	if hoodID == 0 {
		return nil, errs.New(errs.Forbidden, "cases.verify_first")
	}
	hood, err := s.placeFor(ctx, p, access.ViewNeighborhood, hoodID)
	if err != nil {
		return nil, err
	}
	if hood.Kind != org.Neighborhood {
		return nil, errs.New(errs.NotFound, "place.not_found")
	}
	f := &ReportForm{Neighborhood: hood}
	all, err := s.Org.Subtree(ctx, hood)
	if err != nil {
		return nil, err
	}
	for _, pl := range all {
		if pl.Kind != org.Building {
			continue
		}
		f.Buildings = append(f.Buildings, pl)
		if access.Can(p.Actor, access.EnterOfflineCase, access.Target{Path: pl.Path}) {
			f.CanEnter = true
		}
	}
	return f, nil
}
