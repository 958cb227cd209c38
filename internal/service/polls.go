package service

import (
	"context"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/polls"
	"github.com/linli-dev/linli/internal/projects"
)

const pollAuditObject = "poll"

// pollFor loads a poll and its neighborhood for a person who may take action
// on it; other neighborhoods' polls are not found. Errors: unauthorized,
// forbidden, not_found.
func (s *Service) pollFor(ctx context.Context, p *Principal, action access.Action, id int64) (*polls.Poll, *org.Place, error) {
	return s.pollIn(ctx, p, action, id, s.PollStore.Poll)
}

// pollLoader reads a poll: polls.Store.Poll, or Ballotable for the ballot
// paths, which need no fresh counters.
type pollLoader func(ctx context.Context, id int64) (*polls.Poll, error)

// pollIn is pollFor reading the poll with load.
func (s *Service) pollIn(ctx context.Context, p *Principal, action access.Action, id int64, load pollLoader) (*polls.Poll, *org.Place, error) {
	pl, err := load(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	hood, err := s.placeFor(ctx, p, action, pl.NeighborhoodID)
	if errs.Is(err, errs.NotFound) {
		return nil, nil, errs.New(errs.NotFound, "polls.not_found")
	}
	if err != nil {
		return nil, nil, err
	}
	return pl, hood, nil
}

// PollListView is a neighborhood's polls.
type PollListView struct {
	Neighborhood *org.Place
	Polls        []*polls.Poll
	CanManage    bool
	Now          time.Time
}

// PollList lists a neighborhood's polls; drafts only for its committee.
// Errors: unauthorized, not_found.
func (s *Service) PollList(ctx context.Context, p *Principal, hoodID int64) (*PollListView, error) {
	hood, err := s.neighborhoodFor(ctx, p, access.ViewNeighborhood, hoodID)
	if err != nil {
		return nil, err
	}
	v := &PollListView{Neighborhood: hood, CanManage: access.Can(p.Actor, access.ManagePolls, access.Target{Path: hood.Path}), Now: s.PollStore.Now()}
	all, err := s.PollStore.List(ctx, hood.ID)
	if err != nil {
		return nil, err
	}
	for _, pl := range all {
		if pl.State != polls.Draft || v.CanManage {
			v.Polls = append(v.Polls, pl)
		}
	}
	return v, nil
}

// CreatePoll writes a draft poll in a neighborhood. Places must lie inside
// it; a linked project (of the poll, or of a tick list's candidate) must be
// the neighborhood's, and a tick list's candidates must be listed.
// Errors: unauthorized, forbidden, not_found, invalid.
func (s *Service) CreatePoll(ctx context.Context, p *Principal, hoodID int64, d polls.NewPoll) (*polls.Poll, error) {
	hood, err := s.neighborhoodFor(ctx, p, access.ManagePolls, hoodID)
	if err != nil {
		return nil, err
	}
	if err := polls.Check(&d); err != nil {
		return nil, err
	}
	for _, id := range d.PlaceIDs {
		pl, err := s.Org.Place(ctx, id)
		if err != nil || !hood.Contains(pl) {
			return nil, errs.Field("places", "polls.bad_place")
		}
	}
	if d.ProjectID != 0 {
		if err := s.pollProject(ctx, hood, d.ProjectID, ""); err != nil {
			return nil, err
		}
	}
	for i, o := range d.Options {
		if o.ProjectID == 0 {
			continue
		}
		want := projects.State("")
		if d.Kind == polls.Tick {
			want = projects.Listed
		}
		if err := s.pollProject(ctx, hood, o.ProjectID, want); err != nil {
			return nil, err
		}
		if o.Label == "" {
			pr, _ := s.Projects.Project(ctx, o.ProjectID)
			d.Options[i].Label = pr.Title
		}
	}
	var out *polls.Poll
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if out, err = s.PollStore.Create(ctx, tx, hood.DistrictID, hood.ID, p.User.ID, d); err != nil {
			return err
		}
		return s.auditPoll(ctx, tx, p, hood, out.ID, "poll.created", out.Title)
	})
	return out, err
}

// pollProject checks that a project belongs to hood (and is in state want,
// when given). Errors: invalid.
func (s *Service) pollProject(ctx context.Context, hood *org.Place, id int64, want projects.State) error {
	pr, err := s.Projects.Project(ctx, id)
	if err != nil || pr.NeighborhoodID != hood.ID {
		return errs.Field("project_id", "polls.bad_project")
	}
	if want != "" && pr.State != want {
		return errs.Field("options", "polls.project_not_listed", pr.Title)
	}
	return nil
}

// OpenPoll fixes the electorate and opens the poll. Errors: unauthorized,
// forbidden, not_found, conflict.
func (s *Service) OpenPoll(ctx context.Context, p *Principal, id int64) (*polls.Poll, error) {
	pl, hood, err := s.pollFor(ctx, p, access.ManagePolls, id)
	if err != nil {
		return nil, err
	}
	var out *polls.Poll
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if out, err = s.PollStore.Open(ctx, tx, pl.ID); err != nil {
			return err
		}
		return s.auditPoll(ctx, tx, p, hood, pl.ID, "poll.opened", "")
	})
	return out, err
}

func (s *Service) auditPoll(ctx context.Context, tx *db.Tx, p *Principal, hood *org.Place, id int64, action, detail string) error {
	var actor int64
	if p != nil && p.User != nil {
		actor = p.User.ID
	}
	return s.Audit.RecordIn(ctx, tx, audit.Entry{ActorID: actor, Action: action, ObjectType: pollAuditObject, ObjectID: id,
		DistrictID: hood.DistrictID, NeighborhoodID: hood.ID, Detail: detail})
}

// PollView is a poll's page: the poll, its options (counts only when the
// results may be shown), the viewer's part, and the result once closed.
type PollView struct {
	Poll         *polls.Poll
	Neighborhood *org.Place
	Options      []polls.Option
	Result       *polls.Result
	Elector      *polls.Elector // the viewer's place in the electorate, nil when they have no vote
	Voted        polls.Channel  // how the viewer's household or person voted ("" = not yet)
	CanVote      bool
	CanManage    bool
	CanEnter     bool
	ShowCounts   bool
	Now          time.Time
}

// PollPage shows a poll to a person of its neighborhood; drafts only to the
// committee. Errors: unauthorized, not_found.
func (s *Service) PollPage(ctx context.Context, p *Principal, id int64) (*PollView, error) {
	pl, hood, err := s.pollFor(ctx, p, access.ViewNeighborhood, id)
	if err != nil {
		return nil, err
	}
	target := access.Target{Path: hood.Path}
	v := &PollView{Poll: pl, Neighborhood: hood, Now: s.PollStore.Now(), CanManage: access.Can(p.Actor, access.ManagePolls, target)}
	if pl.State == polls.Draft && !v.CanManage {
		return nil, errs.New(errs.NotFound, "polls.not_found")
	}
	v.CanEnter = pl.State == polls.Open && s.mayEnterSomewhere(p, hood)
	v.ShowCounts = pl.ResultsVisible()
	if v.Options, err = s.PollStore.Options(ctx, pl.ID); err != nil {
		return nil, err
	}
	if pl.State == polls.Closed {
		if v.Result, err = s.PollStore.Result(ctx, pl.ID); err != nil {
			return nil, err
		}
	}
	if pl.State != polls.Draft {
		e, err := s.PollStore.VoterFor(ctx, pl.ID, p.User.ID)
		if err != nil && !errs.Is(err, errs.Forbidden) {
			return nil, err
		}
		if e != nil {
			v.Elector = e
			if v.Voted, err = s.PollStore.BallotChannel(ctx, pl.ID, e.VoterKey); err != nil {
				return nil, err
			}
			v.CanVote = v.Voted == "" && pl.IsOpenAt(v.Now)
		}
	}
	return v, nil
}

// mayEnterSomewhere reports whether a person may enter ballots for some part
// of the neighborhood (a building leader for their building).
func (s *Service) mayEnterSomewhere(p *Principal, hood *org.Place) bool {
	if p.Actor == nil {
		return false
	}
	for _, g := range p.Actor.Grants {
		path := ""
		switch {
		case strings.HasPrefix(g.PlacePath, hood.Path):
			path = g.PlacePath
		case strings.HasPrefix(hood.Path, g.PlacePath):
			path = hood.Path
		}
		if path != "" && access.Can(p.Actor, access.EnterBallots, access.Target{Path: path}) {
			return true
		}
	}
	return false
}

// PollResult is a poll's result from its counters. Before close it is given
// only to live polls and to the committee. Errors: unauthorized, not_found,
// forbidden (hidden until close).
func (s *Service) PollResult(ctx context.Context, p *Principal, id int64) (*polls.Result, error) {
	pl, hood, err := s.pollFor(ctx, p, access.ViewNeighborhood, id)
	if err != nil {
		return nil, err
	}
	if !pl.ResultsVisible() && !access.Can(p.Actor, access.ManagePolls, access.Target{Path: hood.Path}) {
		return nil, errs.New(errs.Forbidden, "polls.results_hidden")
	}
	return s.PollStore.Result(ctx, pl.ID)
}

// PollForm is what the new-poll form offers: the neighborhood, its listed
// projects (tick-list candidates), its other projects (an owners' vote or a
// later round links to one), and its buildings and grids.
type PollForm struct {
	Neighborhood *org.Place
	Listed       []*projects.Project
	Projects     []*projects.Project
	Places       []*org.Place
	Now          time.Time
}

// NewPollForm loads the form for the committee. Errors: unauthorized,
// forbidden, not_found.
func (s *Service) NewPollForm(ctx context.Context, p *Principal, hoodID int64) (*PollForm, error) {
	hood, err := s.neighborhoodFor(ctx, p, access.ManagePolls, hoodID)
	if err != nil {
		return nil, err
	}
	f := &PollForm{Neighborhood: hood, Now: s.PollStore.Now()}
	page, err := s.Projects.List(ctx, projects.ListQuery{NeighborhoodID: hood.ID, Limit: 100})
	if err != nil {
		return nil, err
	}
	for _, pr := range page.Projects {
		if pr.State == projects.Listed {
			f.Listed = append(f.Listed, pr)
		}
		if pr.State != projects.Dropped {
			f.Projects = append(f.Projects, pr)
		}
	}
	places, err := s.Org.Subtree(ctx, hood)
	if err != nil {
		return nil, err
	}
	for _, pl := range places {
		if pl.ID != hood.ID {
			f.Places = append(f.Places, pl)
		}
	}
	return f, nil
}
