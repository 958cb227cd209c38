package service

import (
	"context"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/polls"
)

// Vote casts the person's online ballot and returns its receipt code. The
// electorate fixed at opening decides who votes; the first ballot recorded
// for a voter counts. Errors: unauthorized, not_found, forbidden (not in the
// electorate), invalid (choices), conflict (already voted, closed).
func (s *Service) Vote(ctx context.Context, p *Principal, id int64, choices []int) (string, error) {
	pl, _, err := s.pollIn(ctx, p, access.ViewNeighborhood, id, s.PollStore.Ballotable)
	if err != nil {
		return "", err
	}
	if pl.State == polls.Draft {
		return "", errs.New(errs.NotFound, "polls.not_found")
	}
	e, err := s.PollStore.VoterFor(ctx, pl.ID, p.User.ID)
	if err != nil {
		return "", err
	}
	return s.PollStore.Cast(ctx, pl, polls.Ballot{VoterKey: e.VoterKey, Channel: polls.Online, Choices: choices, VoterID: p.User.ID})
}

// enterFor loads a poll for someone entering a ballot for a voter: the
// committee for anyone, a building or grid leader for their own part of the
// neighborhood. Errors: unauthorized, forbidden, not_found, invalid.
func (s *Service) enterFor(ctx context.Context, p *Principal, id, voterKey int64) (*polls.Poll, *org.Place, error) {
	return s.enterWith(ctx, p, id, voterKey, s.PollStore.Poll)
}

// enterWith is enterFor reading the poll with load.
func (s *Service) enterWith(ctx context.Context, p *Principal, id, voterKey int64, load pollLoader) (*polls.Poll, *org.Place, error) {
	pl, hood, err := s.pollIn(ctx, p, access.ViewNeighborhood, id, load)
	if err != nil {
		return nil, nil, err
	}
	if access.Can(p.Actor, access.EnterBallots, access.Target{Path: hood.Path}) {
		return pl, hood, nil
	}
	if voterKey != 0 {
		e, err := s.PollStore.Elector(ctx, pl.ID, voterKey)
		if err != nil {
			return nil, nil, err
		}
		if h, err := s.Org.Household(ctx, e.HouseholdID); err == nil {
			if b, err := s.Org.Place(ctx, h.BuildingID); err == nil && access.Can(p.Actor, access.EnterBallots, access.Target{Path: b.Path}) {
				return pl, hood, nil
			}
		}
	}
	return nil, nil, s.authorize(ctx, p, access.EnterBallots, hood)
}

// EnterSheet records one clerk's entry of a paper sheet (see
// polls.Store.EnterSheet). Errors: unauthorized, forbidden, not_found,
// invalid, conflict.
func (s *Service) EnterSheet(ctx context.Context, p *Principal, id int64, serial string, voterKey int64, choices []int) (*polls.Sheet, error) {
	pl, _, err := s.enterFor(ctx, p, id, voterKey)
	if err != nil {
		return nil, err
	}
	return s.PollStore.EnterSheet(ctx, pl, serial, voterKey, choices, p.User.ID)
}

// CheckSheet is a second person's check of a sheet entered once. Errors:
// unauthorized, forbidden, not_found, conflict.
func (s *Service) CheckSheet(ctx context.Context, p *Principal, id int64, serial string) (*polls.Sheet, error) {
	pl, _, err := s.enterFor(ctx, p, id, 0)
	if err != nil {
		return nil, err
	}
	return s.PollStore.CheckSheet(ctx, pl, serial, p.User.ID)
}

// ResolveSheet is the committee's decision on a sheet whose two entries
// differ: count entry 1 or 2, or set it aside (0). Errors: unauthorized,
// forbidden, not_found, invalid, conflict.
func (s *Service) ResolveSheet(ctx context.Context, p *Principal, id int64, serial string, pick int) (*polls.Sheet, error) {
	pl, _, err := s.pollFor(ctx, p, access.ManagePolls, id)
	if err != nil {
		return nil, err
	}
	return s.PollStore.ResolveSheet(ctx, pl, serial, pick, p.User.ID)
}

// RecordDoor records a door-to-door ballot: the cadre read the choices back
// and the voter confirmed them by signing the slip with this number.
// Errors: unauthorized, forbidden, not_found, invalid, conflict.
func (s *Service) RecordDoor(ctx context.Context, p *Principal, id, voterKey int64, choices []int, slip string, confirmed bool) (string, error) {
	pl, _, err := s.enterWith(ctx, p, id, voterKey, s.PollStore.Ballotable)
	if err != nil {
		return "", err
	}
	if !confirmed {
		return "", errs.Field("confirmed", "polls.needs_confirmation")
	}
	slip, err = polls.CheckSerial(slip)
	if err != nil {
		return "", err
	}
	return s.PollStore.Cast(ctx, pl, polls.Ballot{VoterKey: voterKey, Channel: polls.Door, Serial: slip, Choices: choices, EnteredBy: p.User.ID})
}

// ElectorRow is one member of the electorate as the committee sees it: who
// voted and by which channel, never how.
type ElectorRow struct {
	polls.Elector
	Voted polls.Channel
}

// PollDesk is the committee's and clerks' desk for a poll: the electorate
// with who has voted, sheets waiting, and refused second ballots.
type PollDesk struct {
	Poll       *polls.Poll
	Options    []polls.Option
	Electors   []ElectorRow
	Pending    []*polls.Sheet
	Mismatched []*polls.Sheet
	Rejects    []polls.Reject
	CanManage  bool
}

// PollDesk shows the desk to those who enter ballots or run the poll.
// Errors: unauthorized, forbidden, not_found.
func (s *Service) PollDesk(ctx context.Context, p *Principal, id int64) (*PollDesk, error) {
	pl, hood, err := s.pollFor(ctx, p, access.ViewNeighborhood, id)
	if err != nil {
		return nil, err
	}
	target := access.Target{Path: hood.Path}
	d := &PollDesk{Poll: pl, CanManage: access.Can(p.Actor, access.ManagePolls, target)}
	if !d.CanManage && !s.mayEnterSomewhere(p, hood) {
		return nil, s.authorize(ctx, p, access.EnterBallots, hood)
	}
	if d.Options, err = s.PollStore.Options(ctx, pl.ID); err != nil {
		return nil, err
	}
	electors, err := s.PollStore.Electors(ctx, pl.ID)
	if err != nil {
		return nil, err
	}
	voted, err := s.PollStore.Voted(ctx, pl.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range electors {
		d.Electors = append(d.Electors, ElectorRow{Elector: e, Voted: voted[e.VoterKey]})
	}
	if d.Pending, err = s.PollStore.Sheets(ctx, pl.ID, polls.SheetPending); err != nil {
		return nil, err
	}
	if d.Mismatched, err = s.PollStore.Sheets(ctx, pl.ID, polls.SheetMismatch); err != nil {
		return nil, err
	}
	if d.Rejects, err = s.PollStore.Rejects(ctx, pl.ID); err != nil {
		return nil, err
	}
	return d, nil
}

// PublishedBallots is one page of a closed poll's published ballot list
// (receipt, channel, choices, area; no voter). Errors: unauthorized,
// not_found, forbidden (not closed yet).
func (s *Service) PublishedBallots(ctx context.Context, p *Principal, id int64, after string, limit int) (*polls.Poll, []polls.PublicBallot, error) {
	pl, _, err := s.pollFor(ctx, p, access.ViewNeighborhood, id)
	if err != nil {
		return nil, nil, err
	}
	if pl.State != polls.Closed {
		return nil, nil, errs.New(errs.Forbidden, "polls.results_hidden")
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	list, err := s.PollStore.Ballots(ctx, pl.ID, after, limit)
	return pl, list, err
}

// LookupReceipt finds a ballot on a closed poll's published list by its
// receipt code. Errors: unauthorized, not_found, forbidden (not closed yet).
func (s *Service) LookupReceipt(ctx context.Context, p *Principal, id int64, code string) (*polls.PublicBallot, error) {
	pl, _, err := s.pollFor(ctx, p, access.ViewNeighborhood, id)
	if err != nil {
		return nil, err
	}
	if pl.State != polls.Closed {
		return nil, errs.New(errs.Forbidden, "polls.results_hidden")
	}
	return s.PollStore.Receipt(ctx, pl.ID, code)
}
