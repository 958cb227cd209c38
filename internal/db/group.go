package db

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// Group commit. A durable commit costs an fsync, and the machine does about
// 3,000 of them a second; a like costs far less than that. So small write
// units from many requests share one transaction and one commit: a single
// committer goroutine takes the first waiting unit, begins a transaction,
// gathers every unit that is waiting by then (up to groupMaxBatch), runs each
// under a savepoint, commits once, and only then answers the callers whose
// units succeeded. With one writer a unit commits at once; under load the
// units that arrive while a commit is in flight make up the next batch.
// Units normally run without savepoints; see batch.

// groupMaxBatch bounds the units in one shared transaction, so one batch
// cannot hold the writer, or make its first caller wait, for long.
const groupMaxBatch = 128

// ErrClosed is returned to a unit that could not run because the DB closed.
var ErrClosed = errors.New("db: closed")

// A unit moves from queued to started (by the committer) or to cancelled (by
// its caller, or by the committer on finding the caller's context done), once.
const (
	queued int32 = iota
	started
	cancelled
)

type unit struct {
	ctx      context.Context
	fn       func(tx *Tx) error
	state    atomic.Int32
	done     chan struct{}
	err      error
	panicked any
	// rerun marks a unit that already ran in a batch that was rolled back;
	// it runs again in the next one. Only the committer touches it.
	rerun bool
}

func (u *unit) finish(err error) {
	u.err = err
	close(u.done)
}

// call runs the unit, turning a panic into an error for the batch and keeping
// the value to re-panic on the caller's goroutine.
func (u *unit) call(tx *Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			u.panicked = p
			err = fmt.Errorf("db: group unit panicked: %v", p)
		}
	}()
	return u.fn(tx)
}

// group is a DB's committer, started on first use.
type group struct {
	db        *DB
	in        chan *unit
	quit      chan struct{}
	exited    chan struct{}
	start     sync.Once
	stop      sync.Once
	batches   atomic.Uint64
	units     atomic.Uint64
	rollbacks atomic.Uint64
}

func newGroup(d *DB) *group {
	return &group{
		db:     d,
		in:     make(chan *unit, groupMaxBatch),
		quit:   make(chan struct{}),
		exited: make(chan struct{}),
	}
}

// GroupStats counts what group commit has done: committed transactions and
// the units they carried (the average batch is Units/Batches), optimistic
// batches rolled back and run again because a unit failed after writing, and
// the units waiting for the next batch now.
type GroupStats struct {
	Batches, Units, Rollbacks uint64
	Waiting                   int
}

// GroupStats reports group commit's counters, for /metrics and measurements.
func (d *DB) GroupStats() GroupStats {
	g := d.group
	return GroupStats{Batches: g.batches.Load(), Units: g.units.Load(), Rollbacks: g.rollbacks.Load(), Waiting: len(g.in)}
}

// GroupTx runs fn as one unit of a write transaction shared with other
// callers' units, and returns only after that transaction committed durably
// (or with the error that kept fn's writes out of the database). When fn returns
// an error, just its writes are rolled back and the error comes back to this
// caller alone. Units run one at a time, in arrival order, on the committer's
// goroutine; a unit sees the writes of the units before it in its batch. A
// unit that succeeded may run again when a later one forces its batch to roll
// back (see batch), so fn must set its results afresh on every run.
//
// Cancelling ctx before fn starts returns ctx.Err() and changes nothing. Once
// fn has started, it runs to the end and its statements ignore cancellation
// (interrupting one would abort the whole shared transaction), and the caller
// waits for the commit.
//
// Use it for small, independent writes (a like, a reader counted); fn must not
// begin transactions of its own, wait for other requests, or rely on deferred
// constraints, which would fail the whole batch at commit.
func (d *DB) GroupTx(ctx context.Context, fn func(tx *Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	g := d.group
	g.start.Do(func() { go g.run() })
	u := &unit{ctx: ctx, fn: fn, done: make(chan struct{})}
	select {
	case g.in <- u:
	case <-ctx.Done():
		return ctx.Err()
	case <-g.quit:
		return ErrClosed
	}
	select {
	case <-u.done:
	case <-ctx.Done():
		if u.state.CompareAndSwap(queued, cancelled) {
			return ctx.Err()
		}
		<-u.done
	case <-g.exited:
		if u.state.CompareAndSwap(queued, cancelled) {
			return ErrClosed
		}
		<-u.done
	}
	if u.panicked != nil {
		panic(u.panicked)
	}
	return u.err
}

// close stops the committer after the batch in flight; units still queued
// are refused with ErrClosed.
func (g *group) close() {
	g.start.Do(func() { go g.run() })
	g.stop.Do(func() { close(g.quit) })
	<-g.exited
}

func (g *group) run() {
	defer close(g.exited)
	for {
		select {
		case u := <-g.in:
			pending, safe := []*unit{u}, false
			for len(pending) > 0 {
				pending, safe = g.batch(pending, safe)
			}
		case <-g.quit:
			return
		}
	}
}

// batch runs one shared transaction over pending and the units waiting once
// it has begun, and answers them. It returns the units still to run, and
// whether their batch must be safe.
//
// A batch is optimistic first: units run without savepoints, since a
// savepoint costs a round trip per unit on PostgreSQL and most units succeed,
// or fail before writing anything (a refused move, a closed poll). When a
// unit fails after it may have written (Tx.tainted), the whole transaction
// is rolled back, the unit gets its error, and the units that had succeeded
// run again, with those not yet reached, in a safe batch: each under its own
// savepoint, as a failing unit there loses only its own writes.
func (g *group) batch(pending []*unit, safe bool) ([]*unit, bool) {
	ctx := context.Background()
	tx, err := g.db.begin(ctx)
	// Units that queued while BEGIN waited for the writer join this batch.
drain:
	for len(pending) < groupMaxBatch {
		select {
		case u := <-g.in:
			pending = append(pending, u)
		default:
			break drain
		}
	}
	if err == nil {
		defer tx.closeStmts()
		tx.detached = true
		if safe {
			err = tx.savepoint(ctx, "SAVEPOINT unit")
		}
	}
	if err != nil {
		if tx != nil {
			_ = tx.tx.Rollback()
		}
		g.fail(pending, nil, err)
		return nil, false
	}
	var ok []*unit // ran without error; answered after the commit
	for i, u := range pending {
		if !u.rerun {
			if u.ctx.Err() != nil && u.state.CompareAndSwap(queued, cancelled) {
				u.finish(u.ctx.Err())
				continue
			}
			if !u.state.CompareAndSwap(queued, started) {
				continue // its caller gave up before it started
			}
		}
		mark := len(tx.after)
		tx.tainted = false
		err := u.call(tx)
		if err == nil {
			ok = append(ok, u)
			if safe {
				// Keep this unit's writes and mark where the next one starts.
				if err := tx.savepoint(ctx, "RELEASE SAVEPOINT unit", "SAVEPOINT unit"); err != nil {
					_ = tx.tx.Rollback()
					g.fail(nil, ok, err)
					return pending[i+1:], false
				}
			}
			continue
		}
		tx.after = tx.after[:mark] // its writes are rolled back
		u.finish(err)              // nothing of it will commit, so it may know now
		if !safe && tx.tainted {
			// Only a rollback of everything undoes what it may have written.
			_ = tx.tx.Rollback()
			g.rollbacks.Add(1)
			again := append(ok, pending[i+1:]...)
			for _, v := range ok {
				v.rerun = true
			}
			return again, true
		}
		if safe {
			// ROLLBACK TO keeps the savepoint, ready for the next unit.
			if err := tx.savepoint(ctx, "ROLLBACK TO SAVEPOINT unit"); err != nil {
				_ = tx.tx.Rollback()
				g.fail(nil, ok, err)
				return pending[i+1:], false
			}
		}
	}
	if err := tx.tx.Commit(); err != nil {
		g.fail(nil, ok, fmt.Errorf("db: commit: %w", err))
		return nil, false
	}
	tx.runAfter()
	g.batches.Add(1)
	g.units.Add(uint64(len(ok)))
	for _, u := range ok {
		u.finish(nil)
	}
	return nil, false
}

// fail answers err to the units of a transaction that will not commit: those
// that ran (ok) and those not yet started (waiting).
func (g *group) fail(waiting, ok []*unit, err error) {
	err = fmt.Errorf("db: group transaction: %w", err)
	for _, u := range ok {
		u.finish(err)
	}
	for _, u := range waiting {
		if u.rerun || u.state.CompareAndSwap(queued, started) {
			u.finish(err)
		}
	}
}

// savepoint runs savepoint statements. On PostgreSQL they go together in one
// round trip (a statement without arguments uses the simple protocol, which
// takes several); on SQLite each is a prepared statement, so none is parsed
// twice.
func (t *Tx) savepoint(ctx context.Context, stmts ...string) error {
	if t.db.dialect == Postgres {
		q := stmts[0]
		for _, s := range stmts[1:] {
			q += "; " + s
		}
		_, err := t.tx.ExecContext(ctx, q)
		return err
	}
	for _, s := range stmts {
		if _, err := t.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}
