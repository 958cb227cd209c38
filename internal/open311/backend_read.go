package open311

import (
	"context"
	"slices"
	"strconv"

	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/i18n"
	"github.com/linli-dev/linli/internal/org"
)

// The spec's two statuses over linli's states: a case is closed once the
// reporter confirmed it (or it auto-closed) or it was returned; anything
// else, resolved-awaiting-confirmation included, is still open.
var (
	openStates   = []cases.State{cases.Submitted, cases.Acknowledged, cases.Assigned, cases.InProgress, cases.Resolved, cases.Reopened}
	closedStates = []cases.State{cases.Closed, cases.Returned}
)

func statusOfState(s cases.State) string {
	if s == cases.Closed || s == cases.Returned {
		return Closed
	}
	return Open
}

// Requests lists a district's cases, newest first. service_request_id
// overrides everything; otherwise one query over the window. Errors:
// internal only.
func (b *Cases) Requests(ctx context.Context, j Jurisdiction, viewer *Partner, f Filter) ([]Request, error) {
	if f.IDs != nil {
		var ids []int64
		for _, s := range f.IDs {
			if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 {
				ids = append(ids, id)
			}
		}
		list, err := b.Cases.GetMany(ctx, ids)
		if err != nil {
			return nil, err
		}
		mine := list[:0]
		for _, c := range list {
			if c.DistrictID == j.DistrictID {
				mine = append(mine, c)
			}
		}
		return b.describe(ctx, viewer, mine)
	}
	w := cases.Window{DistrictID: j.DistrictID, From: f.Start, To: f.End, Limit: f.Limit}
	wantOpen, wantClosed := len(f.Statuses) == 0, len(f.Statuses) == 0
	for _, s := range f.Statuses {
		wantOpen, wantClosed = wantOpen || s == Open, wantClosed || s == Closed
	}
	if !wantOpen || !wantClosed {
		w.States = openStates
		if wantClosed {
			w.States = closedStates
		}
	}
	if len(f.ServiceCodes) > 0 {
		for _, code := range f.ServiceCodes {
			if validCategory(code) && !slices.Contains(w.Categories, code) {
				w.Categories = append(w.Categories, code)
			}
		}
		if len(w.Categories) == 0 {
			return []Request{}, nil // only codes that name no service
		}
	}
	list, err := b.Cases.ListWindow(ctx, w)
	if err != nil {
		return nil, err
	}
	return b.describe(ctx, viewer, list)
}

// Request is one case of the district. Errors: not_found.
func (b *Cases) Request(ctx context.Context, j Jurisdiction, viewer *Partner, id string) (*Request, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return nil, errs.New(errs.NotFound, "open311.request_unknown")
	}
	c, err := b.Cases.Get(ctx, n)
	if errs.Is(err, errs.NotFound) || (err == nil && c.DistrictID != j.DistrictID) {
		return nil, errs.New(errs.NotFound, "open311.request_unknown")
	}
	if err != nil {
		return nil, err
	}
	rs, err := b.describe(ctx, viewer, []*cases.Case{c})
	if err != nil {
		return nil, err
	}
	return &rs[0], nil
}

// describe turns cases into requests with a fixed number of queries however
// long the list: their places, their lead units, and (for partners) their
// latest public events.
func (b *Cases) describe(ctx context.Context, viewer *Partner, list []*cases.Case) ([]Request, error) {
	if len(list) == 0 {
		return []Request{}, nil
	}
	var placeIDs, unitIDs, caseIDs []int64
	for _, c := range list {
		placeIDs = append(placeIDs, c.PlaceID, c.NeighborhoodID, c.StreetID, c.DistrictID)
		unitIDs = append(unitIDs, c.LeadUnitID)
		caseIDs = append(caseIDs, c.ID)
	}
	places, err := b.Org.PlacesByID(ctx, placeIDs)
	if err != nil {
		return nil, err
	}
	units, err := b.Org.UnitNames(ctx, unitIDs)
	if err != nil {
		return nil, err
	}
	var latest map[int64]*cases.Event
	if viewer != nil {
		if latest, err = b.Cases.LatestPublic(ctx, caseIDs); err != nil {
			return nil, err
		}
	}
	lang := Lang(ctx)
	out := make([]Request, len(list))
	for i, c := range list {
		r := &out[i]
		r.ID = strconv.FormatInt(c.ID, 10)
		r.Status = statusOfState(c.State)
		r.ServiceCode = c.Category
		r.ServiceName = i18n.T(lang, "category."+c.Category)
		r.Agency = agency(lang, c, units, places)
		r.Requested, r.Updated, r.Expected = c.CreatedAt, c.UpdatedAt, c.ResolveBy
		if c.State == cases.Closed && !c.ClosedAt.IsZero() {
			r.Updated = c.ClosedAt
		}
		r.StatusNotes = i18n.T(lang, "open311.state."+string(c.State))
		if viewer == nil {
			r.Address = addressOf(places, c.NeighborhoodID, c.StreetID, c.DistrictID)
			r.AddressID = strconv.FormatInt(c.NeighborhoodID, 10)
			continue
		}
		if e := latest[c.ID]; e != nil && e.Note != "" {
			r.StatusNotes = e.Note
		}
		if !c.Held() { // held text stays with the committee until released
			r.Description = c.Description
		}
		r.Address = c.Address
		if r.Address == "" {
			r.Address = addressOf(places, c.PlaceID, c.NeighborhoodID, c.StreetID, c.DistrictID)
		}
		r.AddressID = strconv.FormatInt(c.PlaceID, 10)
		r.Lat, r.Long = c.Lat, c.Lng
	}
	return out, nil
}

// agency names who handles a case: its lead unit, or the neighborhood's
// committee when the committee handles it itself.
func agency(lang i18n.Lang, c *cases.Case, units map[int64]string, places map[int64]*org.Place) string {
	if name := units[c.LeadUnitID]; c.LeadUnitID != 0 && name != "" {
		return name
	}
	if h := places[c.NeighborhoodID]; h != nil {
		return i18n.T(lang, "open311.committee", h.Name)
	}
	return ""
}

// addressOf writes places from the most specific to the most general, as
// the spec asks, skipping grids (an internal division) and repeats.
func addressOf(places map[int64]*org.Place, ids ...int64) string {
	out := ""
	var last int64
	for _, id := range ids {
		p := places[id]
		if p == nil || id == last || p.Kind == org.Grid {
			continue
		}
		last = id
		if out != "" {
			out += ", "
		}
		out += p.Name
	}
	return out
}

// extended maps a timeline event to mySociety's extended status, which says
// more than open/closed: what just happened.
func extended(e *cases.Event) string {
	switch cases.Action(e.Kind) {
	case cases.Acknowledge:
		return "investigating"
	case cases.Assign:
		return "action_scheduled"
	case cases.Start:
		return "in_progress"
	case cases.Resolve:
		return "fixed"
	case cases.Confirm, cases.AutoClose:
		return "closed"
	case cases.Reopen:
		return "reopen"
	case cases.Return:
		return "no_further_action"
	case cases.Escalate:
		return "internal_referral"
	}
	if e.Kind == cases.KindSubmit {
		return "open"
	}
	return statusOfState(e.To)
}

// Updates is the district's public timeline in the window, oldest first.
// Everyone sees what happened; partners also read the handlers' notes.
func (b *Cases) Updates(ctx context.Context, j Jurisdiction, viewer *Partner, f UpdateFilter) ([]Update, error) {
	events, err := b.Cases.PublicEvents(ctx, j.DistrictID, f.Start, f.End, f.Limit)
	if err != nil {
		return nil, err
	}
	lang := Lang(ctx)
	out := make([]Update, len(events))
	for i, e := range events {
		u := &out[i]
		u.ID = strconv.FormatInt(e.ID, 10)
		u.RequestID = strconv.FormatInt(e.CaseID, 10)
		u.Status = extended(e)
		u.Updated = e.CreatedAt
		u.Description = i18n.T(lang, "open311.event."+e.Kind)
		if viewer != nil && e.Note != "" {
			u.Description = e.Note
		}
	}
	return out, nil
}
