package polls

import (
	"context"
	"strconv"
	"strings"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Result is a closed poll's count.
type Result struct {
	Poll       *Poll
	Options    []Option
	Ranked     []Option    // by votes, most first
	Winners    []Option    // a tick list's top Winners (with at least one vote)
	Resolution *Resolution // an owners' resolution's count and outcome
}

// Close ends a poll inside tx once its closing time has passed: no ballot
// lands after the state moves, the ballot list's hash and the outcome are
// stored, and the result comes back for the caller's notice and project
// moves. Errors: not_found, conflict (not open, still before closes_at).
func (s *Store) Close(ctx context.Context, tx *db.Tx, id int64) (*Result, error) {
	now := s.Now().UnixMilli()
	res, err := tx.ExecContext(ctx, `UPDATE polls SET state = 'closed', closed_at = ? WHERE id = ? AND state = 'open' AND closes_at <= ?`, now, id, now)
	if err != nil {
		return nil, errs.Internalf("polls: close: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		p, err := s.poll(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if p.State == Open {
			return nil, errs.New(errs.Conflict, "polls.still_open")
		}
		return nil, errs.New(errs.Conflict, "polls.not_open")
	}
	tx.AfterCommit(func() { s.forget(id) })
	hash, _, err := s.hash(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	r, err := s.result(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	outcome := ""
	switch {
	case r.Resolution != nil && r.Resolution.Passed():
		outcome = "passed"
	case r.Resolution != nil:
		var f []string
		for _, t := range r.Resolution.Failed {
			f = append(f, string(t))
		}
		outcome = "failed:" + strings.Join(f, ",")
	default:
		var w []string
		for _, o := range r.Winners {
			w = append(w, strconv.Itoa(o.Position))
		}
		outcome = "winners:" + strings.Join(w, ",")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE polls SET result_hash = ?, outcome = ? WHERE id = ?`, hash, outcome, id); err != nil {
		return nil, errs.Internalf("polls: store result: %w", err)
	}
	r.Poll.ResultHash, r.Poll.Outcome = hash, outcome
	return r, nil
}

// Result reads a poll's count from its counters (cheap: no ballot is read).
func (s *Store) Result(ctx context.Context, id int64) (*Result, error) {
	return s.result(ctx, s.DB, id)
}

func (s *Store) result(ctx context.Context, q db.Querier, id int64) (*Result, error) {
	p, err := s.poll(ctx, q, id)
	if err != nil {
		return nil, err
	}
	opts, err := s.options(ctx, q, id)
	if err != nil {
		return nil, err
	}
	r := &Result{Poll: p, Options: opts, Ranked: Ranked(opts)}
	if p.Kind == Assembly {
		r.Resolution = ResolutionOf(p, opts)
	}
	if p.Kind == Tick {
		for _, o := range r.Ranked {
			if len(r.Winners) < p.Winners && o.Votes > 0 {
				r.Winners = append(r.Winners, o)
			}
		}
	}
	return r, nil
}

// SetNotice records the board topic that published the result.
func (s *Store) SetNotice(ctx context.Context, tx *db.Tx, id, topicID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE polls SET notice_topic_id = ? WHERE id = ?`, topicID, id); err != nil {
		return errs.Internalf("polls: notice: %w", err)
	}
	return nil
}

// Approved reports whether an owners' resolution on a project passed: the
// check projects make before spending the owners' money. Errors: not_found,
// invalid (the poll did not approve this project).
func (s *Store) Approved(ctx context.Context, projectID, pollID int64) error {
	p, err := s.Poll(ctx, pollID)
	if err != nil {
		return err
	}
	if p.Kind != Assembly || p.ProjectID != projectID || p.State != Closed || p.Outcome != "passed" {
		return errs.Field("poll_id", "polls.did_not_approve")
	}
	return nil
}
