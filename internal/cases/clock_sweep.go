package cases

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Clock stages: each happens to a case at most once per round (its reopen
// count), which case_alarms' primary key enforces.
const (
	StageRemindRespond    = "remind_respond"
	StageRemindResolve    = "remind_resolve"
	StageEscalateStreet   = "escalate_street"
	StageEscalateDistrict = "escalate_district"
	StageAutoClose        = "auto_close"
	StageFollowUp         = "follow_up"
)

// Inbox kinds the clocks send.
const (
	NoticeOverdue    = "case_overdue"     // to the handlers: a deadline passed
	NoticeEscalated  = "case_escalated"   // to the level above, and the committee
	NoticeAutoClosed = "case_auto_closed" // to the reporter: closed unrated, may still rate
	NoticeFollowUp   = "case_follow_up"   // to the reporter: is it still fixed?
)

// SweepPlan is one district's clock rules worked out for one instant, as
// cutoffs the stored times are compared with. Working-time arithmetic happens
// once here (internal/workclock), never per case, so the sweep is a handful
// of set-based statements whatever the number of cases. Each "After" is the
// same cutoff at Since, where the last sweep left off: only times between
// After and By are new to this sweep.
type SweepPlan struct {
	DistrictID int64
	Now        time.Time
	// Since is where the last sweep left off, less a margin for transactions
	// still open then; zero looks at every case (the first sweep, or the first
	// after the settings changed).
	Since time.Time
	// Cases whose deadline is at or before these escalate to the street, to
	// the district.
	EscalateStreetBy, EscalateDistrictBy       time.Time
	EscalateStreetAfter, EscalateDistrictAfter time.Time
	// Resolved cases resolved at or before AutoCloseBy close unrated.
	AutoCloseBy, AutoCloseAfter time.Time
	// Closed cases closed in (FollowUpAfter, FollowUpBy] get the follow-up
	// question; a zero FollowUpBy asks nothing.
	FollowUpAfter, FollowUpBy time.Time
	// Patrol is the patrol time whose lists are due, nil for none.
	Patrol *PatrolSlot
}

// PatrolSlot is one patrol time: lists show what was reported since Since,
// what falls due by DueUntil, and what is overdue at At.
type PatrolSlot struct{ At, Since, DueUntil time.Time }

// SweepResult counts what one sweep did.
type SweepResult struct {
	Reminded, EscalatedStreet, EscalatedDistrict, AutoClosed, FollowUps, Notices, PatrolLists int64
}

// Total is every row the sweep added, for the jobs log.
func (r SweepResult) Total() int64 {
	return r.Reminded + r.EscalatedStreet + r.EscalatedDistrict + r.AutoClosed + r.FollowUps + r.Notices + r.PatrolLists
}

// Sweep runs one district's clocks in one transaction: it reminds the
// handlers of cases past their deadline, escalates cases long past it to the
// street and then the district, auto-closes resolved cases nobody rated,
// asks reporters whether closed cases stayed fixed, and writes each cadre's
// patrol list. Every stage first claims its cases in case_alarms (ON
// CONFLICT DO NOTHING), then acts only on the rows this run claimed, so a
// sweep may run any number of times, on any number of nodes. Errors: internal.
func (s *Store) Sweep(ctx context.Context, p SweepPlan) (SweepResult, error) {
	var r SweepResult
	run := rand.Int64()
	now := p.Now.UnixMilli()
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		sw := &sweeper{tx: tx, run: run, now: now, district: p.DistrictID}
		var err error
		if r, err = sw.claimAll(p); err != nil {
			return err
		}
		if err := sw.act(); err != nil {
			return err
		}
		if r.Notices, err = sw.notify(); err != nil {
			return err
		}
		if p.Patrol != nil {
			if r.PatrolLists, err = sw.patrol(p.Patrol); err != nil {
				return err
			}
		}
		_, err = sw.exec("mark", markSwept, p.DistrictID, now)
		return err
	})
	if err != nil {
		return SweepResult{}, err
	}
	return r, nil
}

// sweeper is one sweep's transaction and run id.
type sweeper struct {
	tx       *db.Tx
	run, now int64
	district int64
}

func (sw *sweeper) exec(what, q string, args ...any) (int64, error) {
	res, err := sw.tx.ExecContext(context.Background(), q, args...)
	if err != nil {
		return 0, errs.Internalf("cases: sweep %s: %w", what, err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// claimStep is one claim statement: what it counts into, its stage for
// claimStage ("" for claim), its own arguments, and whether it only looks at
// changed cases (skipped on a full sweep, whose ranges cover them).
type claimStep struct {
	into        *int64
	q           string
	stage       string
	args        []any
	whenChanged bool
}

// claimAll claims the cases each stage is due for, counting them.
func (sw *sweeper) claimAll(p SweepPlan) (SweepResult, error) {
	var r SweepResult
	since, changed := p.Since.UnixMilli(), !p.Since.IsZero()
	steps := []claimStep{
		{&r.Reminded, claimReminders, "", []any{sw.now, since}, false},
		{&r.Reminded, claimRemindersChanged, "", []any{since, sw.now}, true},
		{&r.EscalatedStreet, claimEscalation, StageEscalateStreet, []any{LevelNeighborhood, p.EscalateStreetBy.UnixMilli(), p.EscalateStreetAfter.UnixMilli()}, false},
		{&r.EscalatedStreet, claimEscalationChanged, StageEscalateStreet, []any{since, LevelNeighborhood, p.EscalateStreetBy.UnixMilli()}, true},
		{&r.EscalatedDistrict, claimEscalation, StageEscalateDistrict, []any{LevelStreet, p.EscalateDistrictBy.UnixMilli(), p.EscalateDistrictAfter.UnixMilli()}, false},
		{&r.EscalatedDistrict, claimEscalationChanged, StageEscalateDistrict, []any{since, LevelStreet, p.EscalateDistrictBy.UnixMilli()}, true},
		{&r.AutoClosed, claimAutoClose, "", []any{p.AutoCloseBy.UnixMilli(), p.AutoCloseAfter.UnixMilli()}, false},
	}
	if !p.FollowUpBy.IsZero() {
		steps = append(steps, claimStep{&r.FollowUps, claimFollowUp, "", []any{p.FollowUpBy.UnixMilli(), p.FollowUpAfter.UnixMilli()}, false})
	}
	for _, st := range steps {
		if st.whenChanged && !changed {
			continue // a full sweep's range claims already cover them
		}
		var n int64
		var err error
		if st.stage != "" {
			n, err = sw.claimStage(st.q, st.stage, st.args...)
		} else {
			n, err = sw.claim(st.q, st.args...)
		}
		if err != nil {
			return SweepResult{}, err
		}
		*st.into += n
	}
	return r, nil
}

// claim runs one of the claim statements: run, now, district, then args.
func (sw *sweeper) claim(q string, args ...any) (int64, error) {
	return sw.exec("claim", q, append([]any{sw.run, sw.now, sw.district}, args...)...)
}

func (sw *sweeper) claimStage(q, stage string, args ...any) (int64, error) {
	return sw.exec("claim "+stage, q, append([]any{stage, sw.run, sw.now, sw.district}, args...)...)
}

// act changes the cases this run claimed for escalation and auto-close and
// writes their timeline events, and the reminders' events. On PostgreSQL the
// claimed cases are locked first, so a move committed by someone else after
// the claim is seen by both the event and the update, which test the same
// condition: the event is written exactly when the update happens.
func (sw *sweeper) act() error {
	if sw.tx.Dialect() == db.Postgres {
		if _, err := sw.exec("lock", lockClaimed, sw.run); err != nil {
			return err
		}
	}
	steps := []struct {
		what string
		q    string
		args []any
	}{
		{"remind events", remindEvents, []any{sw.now, sw.run}},
		{"escalate events", escalateEvents, []any{sw.now, sw.run, StageEscalateStreet, LevelNeighborhood}},
		{"escalate", escalate, []any{LevelStreet, sw.now, sw.run, StageEscalateStreet, LevelNeighborhood}},
		{"escalate events", escalateEvents, []any{sw.now, sw.run, StageEscalateDistrict, LevelStreet}},
		{"escalate", escalate, []any{LevelDistrict, sw.now, sw.run, StageEscalateDistrict, LevelStreet}},
		{"auto-close events", autoCloseEvents, []any{sw.now, sw.run}},
		{"auto-close", autoClose, []any{sw.now, sw.now, sw.run}},
	}
	for _, st := range steps {
		if _, err := sw.exec(st.what, st.q, st.args...); err != nil {
			return err
		}
	}
	return nil
}

// notify writes the inbox entries for what this run did.
func (sw *sweeper) notify() (int64, error) {
	var total int64
	for _, st := range []struct {
		q    string
		args []any
	}{
		{notifyRespond, []any{NoticeOverdue, sw.now, sw.run, sw.run}},
		{notifyResolve, []any{NoticeOverdue, sw.now, sw.run, sw.run, sw.run, sw.run}},
		{notifyEscalated, []any{NoticeEscalated, sw.now, sw.run, StageEscalateStreet, LevelStreet, sw.run, StageEscalateStreet, LevelStreet}},
		{notifyEscalatedDistrict, []any{NoticeEscalated, sw.now, sw.run}},
		{notifyReporter, []any{NoticeAutoClosed, sw.now, sw.run, StageAutoClose, Closed}},
		{notifyReporter, []any{NoticeFollowUp, sw.now, sw.run, StageFollowUp, Closed}},
	} {
		n, err := sw.exec("notify", st.q, st.args...)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// patrol writes each cadre's list for a patrol time, once per cadre,
// neighborhood and time (patrol_runs' unique key).
func (sw *sweeper) patrol(p *PatrolSlot) (int64, error) {
	at, since, until := p.At.UnixMilli(), p.Since.UnixMilli(), p.DueUntil.UnixMilli()
	return sw.exec("patrol", patrolInsert, at, since, until, since, at, at, until, at, sw.now, sw.district, at)
}

// LastSweep is when a district's last successful sweep ran (its plan's Now),
// zero if none has. Errors: internal.
func (s *Store) LastSweep(ctx context.Context, districtID int64) (time.Time, error) {
	var at int64
	err := s.DB.QueryRowContext(ctx, `SELECT swept_at FROM clock_sweeps WHERE district_id = ?`, districtID).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, errs.Internalf("cases: last sweep: %w", err)
	}
	return time.UnixMilli(at), nil
}
