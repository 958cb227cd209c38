package service

import (
	"context"
	"strings"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/inbox"
	"github.com/linli-dev/linli/internal/org"
)

// sight is how much of a case a person may see.
type sight int

const (
	sightNone     sight = iota
	sightPublic         // a neighbor: the public face, nickname only
	sightReporter       // the reporter, or the leader who entered it for them
	sightStaff          // committee, supervisors, handling units, the assignee
)

// caseAccess is what one person may see and do on one case.
type caseAccess struct {
	hood     *org.Place
	sight    sight
	actor    cases.Actor
	handlers []cases.Handler
}

// accessCase works out the parts p plays for c: committee (cadres of its
// neighborhood), supervisor (street and district admins above it), handler
// (staff of a unit handling it, or the person it is assigned to). The store
// finds the reporter itself.
func (s *Service) accessCase(ctx context.Context, p *Principal, c *cases.Case) (*caseAccess, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	hood, err := s.Org.Place(ctx, c.NeighborhoodID)
	if err != nil {
		return nil, err
	}
	a := &caseAccess{hood: hood, actor: cases.Actor{UserID: p.User.ID}}
	if a.handlers, err = s.Cases.Handlers(ctx, c.ID); err != nil {
		return nil, err
	}
	target := access.Target{Path: hood.Path}
	if access.Can(p.Actor, access.HandleCase, target) {
		a.actor.Roles = append(a.actor.Roles, cases.RoleCommittee)
	}
	if access.Can(p.Actor, access.SuperviseCase, target) {
		a.actor.Roles = append(a.actor.Roles, cases.RoleSupervisor)
	}
	handler := c.AssigneeID == p.User.ID
	for _, g := range p.Actor.Grants {
		if g.Role != access.UnitStaff {
			continue
		}
		for _, h := range a.handlers {
			if h.UnitID == g.UnitID && !handler {
				handler, a.actor.UnitID = true, g.UnitID
			}
		}
	}
	if handler {
		a.actor.Roles = append(a.actor.Roles, cases.RoleHandler)
	}
	switch {
	case handler || access.Can(p.Actor, access.ViewCase, target):
		a.sight = sightStaff
	case c.ReporterID == p.User.ID || c.EnteredBy == p.User.ID:
		a.sight = sightReporter
	case access.Can(p.Actor, access.ViewNeighborhood, target):
		a.sight = sightPublic
	}
	return a, nil
}

// caseFor loads a case a person may at least see. Other neighborhoods' cases
// are not found, so their ids reveal nothing. Errors: unauthorized, not_found.
func (s *Service) caseFor(ctx context.Context, p *Principal, id int64) (*cases.Case, *caseAccess, error) {
	c, err := s.Cases.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	a, err := s.accessCase(ctx, p, c)
	if err != nil {
		return nil, nil, err
	}
	if a.sight == sightNone {
		return nil, nil, errs.New(errs.NotFound, "cases.not_found")
	}
	return c, a, nil
}

// publicCase is the face of a case neighbors see: who reported it by
// nickname only, no person behind the offline entry or assignment.
func publicCase(c *cases.Case) *cases.Case {
	out := *c
	out.ReporterID, out.EnteredBy, out.AssigneeID = 0, 0, 0
	maskHeld(&out)
	return &out
}

// CaseReport is a new case as a person reports it, or as a cadre or building
// leader enters it for a resident (Channel box, visit, phone, wechat, hotline).
type CaseReport struct {
	NeighborhoodID int64 // 0: the reporter's own neighborhood
	PlaceID        int64 // a building (or grid) of it; 0 = the neighborhood
	Category       string
	Title          string
	Description    string
	Address        string
	Lat, Lng       *float64
	Photos         []cases.Photo
	Channel        cases.Channel // "" or app for one's own report
	ForPhone       string        // offline entry: the resident's mobile number, "" if unknown
}

// ReportCase opens a case: a resident's own report, or offline input entered
// for a resident (the channel says which). Errors: unauthorized, forbidden,
// not_found, invalid.
func (s *Service) ReportCase(ctx context.Context, p *Principal, r CaseReport) (*cases.Case, error) {
	if !p.LoggedIn() {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	if r.NeighborhoodID == 0 {
		r.NeighborhoodID = p.User.NeighborhoodID
	}
	if r.NeighborhoodID == 0 {
		return nil, errs.New(errs.Forbidden, "cases.verify_first")
	}
	hood, err := s.placeFor(ctx, p, access.ViewNeighborhood, r.NeighborhoodID)
	if err != nil {
		return nil, err
	}
	if hood.Kind != org.Neighborhood {
		return nil, errs.New(errs.NotFound, "place.not_found")
	}
	place := hood
	if r.PlaceID != 0 && r.PlaceID != hood.ID {
		if place, err = s.Org.Place(ctx, r.PlaceID); err != nil || !hood.Contains(place) {
			return nil, errs.Field("place", "place.not_found")
		}
	}
	n := cases.NewCase{NeighborhoodID: hood.ID, PlaceID: place.ID, Category: r.Category, Title: r.Title, Description: r.Description,
		Address: r.Address, Lat: r.Lat, Lng: r.Lng, Photos: r.Photos, Channel: r.Channel}
	if r.Channel == "" || r.Channel == cases.App {
		if err := s.authorize(ctx, p, access.ReportCase, hood); err != nil {
			return nil, err
		}
		n.Channel, n.ReporterID = cases.App, p.User.ID
	} else {
		if !offline(r.Channel) {
			return nil, errs.Field("channel", "cases.bad_channel")
		}
		if err := s.authorize(ctx, p, access.EnterOfflineCase, place); err != nil {
			return nil, err
		}
		n.EnteredBy = p.User.ID
		if phone := strings.TrimSpace(r.ForPhone); phone != "" {
			if n.ReporterID, err = s.residentOf(ctx, hood, phone); err != nil {
				return nil, err
			}
		}
	}
	n.HeldWord = s.screenWord(n.Title + "\n" + n.Description + "\n" + n.Address)
	n.Also = s.openedAlso(p)
	return s.Cases.Open(ctx, n)
}

func offline(ch cases.Channel) bool {
	for _, c := range cases.OfflineChannels {
		if c == ch {
			return true
		}
	}
	return false
}

// residentOf finds a verified resident of hood by mobile number, for offline
// entry. Errors: invalid (no such resident there).
func (s *Service) residentOf(ctx context.Context, hood *org.Place, phone string) (int64, error) {
	id, err := s.Accounts.UserIDByPhone(ctx, phone)
	if err != nil {
		return 0, errs.Field("for_phone", "cases.no_such_resident")
	}
	u, err := s.Accounts.User(ctx, id)
	if err != nil || u.NeighborhoodID != hood.ID {
		return 0, errs.Field("for_phone", "cases.no_such_resident")
	}
	return id, nil
}

// openedAlso audits an opening and, for offline input, tells the resident
// their issue was recorded, in the opening transaction.
func (s *Service) openedAlso(p *Principal) func(ctx context.Context, q db.Querier, c *cases.Case) error {
	return func(ctx context.Context, q db.Querier, c *cases.Case) error {
		if err := s.Audit.RecordIn(ctx, q, audit.Entry{ActorID: p.User.ID, Action: audit.CaseOpened, ObjectType: "case", ObjectID: c.ID,
			DistrictID: c.DistrictID, NeighborhoodID: c.NeighborhoodID, Detail: string(c.Channel)}); err != nil {
			return err
		}
		if c.ReporterID != 0 && c.ReporterID != p.User.ID {
			return s.Inbox.Notify(ctx, q, inbox.Notification{UserID: c.ReporterID, DistrictID: c.DistrictID, Kind: inbox.CaseMoved + "." + cases.KindSubmit,
				CaseID: c.ID, ActorID: p.User.ID, Detail: c.Title})
		}
		return nil
	}
}

// CaseFromTopic makes a topic a case: its author may, and so may the
// neighborhood's cadres. The topic's text, place and photos carry over; the
// resident it was written for (offline) or its author is the reporter.
// Errors: unauthorized, forbidden, not_found, conflict (already a case).
func (s *Service) CaseFromTopic(ctx context.Context, p *Principal, topicID int64) (*cases.Case, error) {
	t, hood, err := s.topicFor(ctx, p, topicID)
	if err != nil {
		return nil, err
	}
	committee := access.Can(p.Actor, access.HandleCase, access.Target{Path: hood.Path})
	if t.AuthorID != p.User.ID && !committee {
		return nil, errs.New(errs.Forbidden, "cases.not_your_topic")
	}
	photos, err := s.Board.Photos(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	n := cases.NewCase{NeighborhoodID: hood.ID, PlaceID: t.BuildingID, TopicID: t.ID, Category: t.Category, Title: t.Title,
		Description: t.Body, Address: t.PlaceNote, ReporterID: t.AuthorID, Channel: cases.Topic, Also: s.openedAlso(p)}
	n.HeldWord = s.screenWord(n.Title + "\n" + n.Description + "\n" + n.Address)
	if t.ForUserID != 0 {
		n.ReporterID = t.ForUserID
	}
	if n.ReporterID != p.User.ID {
		n.EnteredBy = p.User.ID
	}
	for _, ph := range photos {
		n.Photos = append(n.Photos, cases.Photo{Key: ph.Key, ThumbKey: ph.ThumbKey, ContentType: ph.ContentType, Width: ph.Width, Height: ph.Height})
	}
	return s.Cases.Open(ctx, n)
}

// CaseHandler is a unit handling a case, named; Unit nil is the committee.
type CaseHandler struct {
	Unit *org.Unit
	Lead bool
}

// CaseView is a case as one person may see it, with what they may do.
type CaseView struct {
	Case         *cases.Case
	Neighborhood *org.Place
	Place        *org.Place
	Events       []*cases.Event
	Handlers     []CaseHandler
	LeadUnit     *org.Unit // the lead (or routed) unit, nil for the committee
	Staff        bool      // the full view
	Reporter     bool
	Actions      []cases.Action
	CanNote      bool
	CanSupervise bool
	CanRate      bool
	CanRelease   bool        // some text is held and this person may release it
	Units        []*org.Unit // units that may be assigned
}

// CasePage shows a case with its timeline: in full to staff, the public face
// (moves only, nickname only) to neighbors. Errors: unauthorized, not_found.
func (s *Service) CasePage(ctx context.Context, p *Principal, id int64) (*CaseView, error) {
	c, a, err := s.caseFor(ctx, p, id)
	if err != nil {
		return nil, err
	}
	v := &CaseView{Case: c, Neighborhood: a.hood, Staff: a.sight == sightStaff, Reporter: c.ReporterID == p.User.ID}
	if v.Place, err = s.Org.Place(ctx, c.PlaceID); err != nil {
		return nil, err
	}
	events, err := s.Cases.Events(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		switch {
		case v.Staff:
			v.Events = append(v.Events, e)
		case e.Public():
			v.Events = append(v.Events, publicEvent(e, p.User.ID))
		}
	}
	ids := []int64{c.LeadUnitID}
	for _, h := range a.handlers {
		ids = append(ids, h.UnitID)
	}
	units, err := s.Org.UnitsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	v.LeadUnit = units[c.LeadUnitID]
	for _, h := range a.handlers {
		v.Handlers = append(v.Handlers, CaseHandler{Unit: units[h.UnitID], Lead: h.Role == "lead"})
	}
	now := s.Cases.Now()
	v.Actions = s.Cases.Available(c, a.actor, now)
	v.CanNote = v.Staff
	v.CanSupervise = access.Can(p.Actor, access.SuperviseCase, access.Target{Path: a.hood.Path})
	v.CanRate = v.Reporter && c.State == cases.Closed && c.Rating == 0
	for _, act := range v.Actions {
		if act == cases.Assign {
			if v.Units, err = s.assignableUnits(ctx, a.hood); err != nil {
				return nil, err
			}
		}
	}
	if !v.Staff {
		v.Case = publicCase(c)
		if a.sight == sightReporter { // the author sees their own text and why it is held
			v.Case.Title, v.Case.Description, v.Case.RatingComment, v.Case.HeldWord = c.Title, c.Description, c.RatingComment, c.HeldWord
		}
	}
	v.CanRelease = c.Held() && access.Can(p.Actor, access.Moderate, access.Target{Path: a.hood.Path})
	return v, nil
}

// assignableUnits are the units serving the neighborhood, its street or its
// district: who a case there may be assigned to.
func (s *Service) assignableUnits(ctx context.Context, hood *org.Place) ([]*org.Unit, error) {
	var out []*org.Unit
	for _, id := range []int64{hood.ID, hood.ParentID, hood.DistrictID} {
		us, err := s.Org.UnitsServing(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, us...)
	}
	return out, nil
}
