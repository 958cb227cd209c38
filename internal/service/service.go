// Package service is what people can do in linli, once, for both surfaces: each
// method checks access with access.Can, writes the audit row where one is due,
// and calls the capability stores. The web pages and the JSON API are thin
// translations of HTTP onto these methods.
package service

import (
	"context"
	"strconv"
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/clocks"
	"github.com/linli-dev/linli/internal/councils"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/inbox"
	"github.com/linli-dev/linli/internal/messages"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/photo"
	"github.com/linli-dev/linli/internal/pii"
	"github.com/linli-dev/linli/internal/polls"
	"github.com/linli-dev/linli/internal/projects"
	"github.com/linli-dev/linli/internal/proposals"
	"github.com/linli-dev/linli/internal/roster"
	"github.com/linli-dev/linli/internal/verify"
)

// Service bundles the capabilities.
type Service struct {
	DB       *db.DB
	Keys     *pii.Keys
	Accounts *account.Store
	Access   *access.Store
	Org      *org.Store
	Roster   *roster.Store
	Verify   *verify.Service
	Audit    *audit.Log
	Throttle account.Throttle
	Imports  *Imports
	Board    *board.Store
	Inbox    *inbox.Store
	Clocks   *clocks.Store
	Screen   Screen
	Photos   photo.Store
	Messages *messages.Store
	Cases    *cases.Store
	Projects *projects.Store
	// Polls answers whether a poll approved a project's share; until it is
	// wired, owners' approvals are recorded as the cadre enters them (audited).
	Polls ApprovalCheck
	// Proposals and Councils are proposals (提案) and deliberation (议事协商).
	Proposals *proposals.Store
	Councils  *councils.Store
	// PollStore is the poll engine (tick lists, questions, owners' votes).
	PollStore *polls.Store
}

// New wires the capability stores over one database and one key set.
func New(d *db.DB, keys *pii.Keys) *Service {
	places := org.NewStore(d)
	rs := roster.NewStore(d, keys, places)
	s := &Service{
		DB: d, Keys: keys,
		Accounts: account.NewStore(d, keys),
		Access:   access.NewStore(d),
		Org:      places,
		Roster:   rs,
		Verify:   &verify.Service{DB: d, Keys: keys, Org: places, Roster: rs, Now: time.Now},
		Audit:    audit.New(d),
		Throttle: account.DefaultThrottle,
		Board:    board.NewStore(d),
		Clocks:   clocks.NewStore(d),
		Inbox:    inbox.NewStore(d),
		Messages: messages.NewStore(d),
		Cases:    cases.NewStore(d),
		Projects: projects.NewStore(d),
	}
	s.Proposals, s.Councils = proposals.NewStore(d), councils.NewStore(d)
	s.Imports = newImports(s)
	s.Cases.Deadlines = s.Clocks.Deadlines
	s.Cases.WorkTime = s.Clocks.WorkTime
	s.PollStore = polls.NewStore(d)
	s.Polls = s.PollStore.Approved
	return s
}

// SetClock makes every store read time from now; tests use it.
func (s *Service) SetClock(now func() time.Time) {
	s.Clocks.Now = now
	s.Accounts.Now, s.Access.Now, s.Org.Now, s.Roster.Now, s.Verify.Now, s.Audit.Now, s.Board.Now, s.Inbox.Now, s.Messages.Now = now, now, now, now, now, now, now, now, now
	s.Cases.Now = now
	s.Projects.Now = now
	s.Proposals.Now, s.Councils.Now = now, now
	s.PollStore.Now = now
}

// Principal is the person behind a request: their account and every role they hold.
type Principal struct {
	User  *account.User
	Actor *access.Actor
}

// Anonymous is the principal of a request without a login.
var Anonymous = &Principal{Actor: access.Anonymous}

// LoggedIn reports whether a person is behind the request.
func (p *Principal) LoggedIn() bool { return p != nil && p.User != nil }

// Load builds the principal for an account.
func (s *Service) Load(ctx context.Context, u *account.User) (*Principal, error) {
	a, err := s.Access.Actor(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return &Principal{User: u, Actor: a}, nil
}

// authorize is the one gate: it asks access.Can and, on refusal, leaves an audit
// row naming who tried what on which place. Errors: unauthorized, forbidden.
func (s *Service) authorize(ctx context.Context, p *Principal, action access.Action, place *org.Place) error {
	if !p.LoggedIn() {
		return errs.New(errs.Unauthorized, "login.required")
	}
	if access.Can(p.Actor, action, access.Target{Path: place.Path}) {
		return nil
	}
	_ = s.Audit.Record(ctx, audit.Entry{ActorID: p.User.ID, Action: audit.AccessDenied, ObjectType: "place", ObjectID: place.ID,
		DistrictID: place.DistrictID, NeighborhoodID: place.NeighborhoodID, Detail: string(action)})
	return errs.New(errs.Forbidden, "error.forbidden")
}

// placeFor loads a place and checks action on it. A place the person may not even
// view is reported as not found, so other neighborhoods' ids reveal nothing.
func (s *Service) placeFor(ctx context.Context, p *Principal, action access.Action, id int64) (*org.Place, error) {
	place, err := s.Org.Place(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, p, action, place); err != nil {
		if errs.Is(err, errs.Forbidden) && !access.Can(p.Actor, access.ViewNeighborhood, access.Target{Path: place.Path}) {
			return nil, errs.New(errs.NotFound, "place.not_found")
		}
		return nil, err
	}
	return place, nil
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
