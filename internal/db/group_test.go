package db_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
)

const insertKey = `INSERT INTO login_throttle (key, window_start, failures) VALUES (?, ?, ?)`

// insert is a unit that writes one row keyed k.
func insert(k string) func(tx *db.Tx) error {
	return func(tx *db.Tx) error {
		_, err := tx.ExecContext(context.Background(), insertKey, k, 1, 1)
		return err
	}
}

// holdCommitter starts a unit that waits inside the committer until release
// is called, so the units queued meanwhile all go into the next batch.
func holdCommitter(t *testing.T, d *db.DB) (release func() error) {
	t.Helper()
	entered, proceed := make(chan struct{}), make(chan struct{})
	result := make(chan error, 1)
	go func() {
		result <- d.GroupTx(context.Background(), func(tx *db.Tx) error {
			close(entered)
			<-proceed
			return insert("holder")(tx)
		})
	}()
	<-entered
	return func() error {
		close(proceed)
		return <-result
	}
}

// waitQueued waits until n units wait for the next batch.
func waitQueued(t *testing.T, d *db.DB, n int) {
	t.Helper()
	for d.GroupStats().Waiting < n {
		runtime.Gosched()
	}
}

func keys(t *testing.T, d *db.DB) map[string]bool {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), `SELECT key FROM login_throttle`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		out[k] = true
	}
	return out
}

func TestGroupTxSharesOneCommitAmongWaitingUnits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// With nobody else writing, a unit commits at once, alone.
		if err := d.GroupTx(ctx, insert("alone")); err != nil {
			t.Fatal(err)
		}
		if s := d.GroupStats(); s.Batches != 1 || s.Units != 1 {
			t.Fatalf("stats after one unit: %+v", s)
		}
		release := holdCommitter(t, d)
		const n = 50
		errc := make(chan error, n)
		for i := range n {
			go func() { errc <- d.GroupTx(ctx, insert(fmt.Sprint("k", i))) }()
		}
		waitQueued(t, d, n)
		if err := release(); err != nil {
			t.Fatal(err)
		}
		for range n {
			if err := <-errc; err != nil {
				t.Fatal(err)
			}
		}
		if s := d.GroupStats(); s.Batches != 3 || s.Units != n+2 {
			t.Fatalf("stats: %+v, want 3 batches (alone, holder, the %d waiting) of %d units", s, n, n+2)
		}
		if got := len(keys(t, d)); got != n+2 {
			t.Fatalf("%d rows, want %d", got, n+2)
		}
	})
}

func TestGroupTxFailingUnitsLoseOnlyTheirOwnWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := d.GroupTx(ctx, insert("taken")); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		units := map[string]func(tx *db.Tx) error{
			"ok1": insert("ok1"),
			// writes, then fails: its write must go
			"injected": func(tx *db.Tx) error {
				if err := insert("injected")(tx); err != nil {
					return err
				}
				return boom
			},
			// writes, then the database refuses a duplicate (on PostgreSQL
			// this aborts the transaction until the savepoint is rolled back)
			"duplicate": func(tx *db.Tx) error {
				if err := insert("duplicate")(tx); err != nil {
					return err
				}
				return insert("taken")(tx)
			},
			"ok2": insert("ok2"),
		}
		release := holdCommitter(t, d)
		var mu sync.Mutex
		got := map[string]error{}
		var wg sync.WaitGroup
		for name, fn := range units {
			wg.Go(func() {
				err := d.GroupTx(ctx, fn)
				mu.Lock()
				got[name] = err
				mu.Unlock()
			})
		}
		waitQueued(t, d, len(units))
		if err := release(); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		if got["ok1"] != nil || got["ok2"] != nil || !errors.Is(got["injected"], boom) || !db.IsUniqueViolation(got["duplicate"]) {
			t.Fatalf("results: %v", got)
		}
		rows := keys(t, d)
		for k, want := range map[string]bool{"taken": true, "holder": true, "ok1": true, "ok2": true, "injected": false, "duplicate": false} {
			if rows[k] != want {
				t.Errorf("row %q present %v, want %v", k, rows[k], want)
			}
		}
		if s := d.GroupStats(); s.Batches != 3 || s.Rollbacks != 1 {
			t.Fatalf("stats %+v: want the four units in one batch, rolled back once and run again safely", s)
		}
	})
}

// A unit refused before it writes (a closed poll, a case moved by someone
// else) must not cost the batch a rollback: the others commit as they ran.
func TestGroupTxUnitRefusedBeforeWritingCostsNoRollback(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		refused := errors.New("refused")
		runs := map[string]int{}
		var mu sync.Mutex
		counted := func(name string, fn func(tx *db.Tx) error) func(tx *db.Tx) error {
			return func(tx *db.Tx) error {
				mu.Lock()
				runs[name]++
				mu.Unlock()
				return fn(tx)
			}
		}
		units := map[string]func(tx *db.Tx) error{
			"ok1": counted("ok1", insert("ok1")),
			"reads then refuses": counted("reads then refuses", func(tx *db.Tx) error {
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM login_throttle`).Scan(&n); err != nil {
					return err
				}
				return refused
			}),
			"updates nothing then refuses": counted("updates nothing then refuses", func(tx *db.Tx) error {
				if _, err := tx.ExecContext(ctx, `UPDATE login_throttle SET failures = 9 WHERE key = ?`, "nobody"); err != nil {
					return err
				}
				return refused
			}),
			"ok2": counted("ok2", insert("ok2")),
		}
		release := holdCommitter(t, d)
		got := map[string]error{}
		var wg sync.WaitGroup
		for name, fn := range units {
			wg.Go(func() {
				err := d.GroupTx(ctx, fn)
				mu.Lock()
				got[name] = err
				mu.Unlock()
			})
		}
		waitQueued(t, d, len(units))
		if err := release(); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		if got["ok1"] != nil || got["ok2"] != nil || !errors.Is(got["reads then refuses"], refused) ||
			!errors.Is(got["updates nothing then refuses"], refused) {
			t.Fatalf("results: %v", got)
		}
		if s := d.GroupStats(); s.Rollbacks != 0 || s.Batches != 2 {
			t.Fatalf("stats %+v: want no rollback, the holder's batch and one more", s)
		}
		for name, n := range runs {
			if n != 1 {
				t.Errorf("%s ran %d times, want once", name, n)
			}
		}
		if rows := keys(t, d); !rows["ok1"] || !rows["ok2"] || len(rows) != 3 {
			t.Fatalf("rows %v", rows)
		}
	})
}

// When a unit fails after writing, the units before it in the batch run
// again in a safe batch: each is acknowledged once, with its writes once.
func TestGroupTxUnitsBeforeAFailureRunAgainAndCommitOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		release := holdCommitter(t, d)
		var mu sync.Mutex
		runs := 0
		first := make(chan error, 1)
		go func() {
			first <- d.GroupTx(ctx, func(tx *db.Tx) error {
				mu.Lock()
				runs++
				mu.Unlock()
				return insert("first")(tx)
			})
		}()
		waitQueued(t, d, 1)
		second := make(chan error, 1)
		go func() {
			second <- d.GroupTx(ctx, func(tx *db.Tx) error {
				if err := insert("second")(tx); err != nil {
					return err
				}
				return boom
			})
		}()
		waitQueued(t, d, 2)
		if err := release(); err != nil {
			t.Fatal(err)
		}
		if err := <-first; err != nil {
			t.Fatal(err)
		}
		if err := <-second; !errors.Is(err, boom) {
			t.Fatalf("second: %v", err)
		}
		if runs != 2 {
			t.Fatalf("first ran %d times, want twice (once rolled back)", runs)
		}
		if rows := keys(t, d); !rows["first"] || rows["second"] || len(rows) != 2 {
			t.Fatalf("rows %v", rows)
		}
		if s := d.GroupStats(); s.Rollbacks != 1 || s.Units != 2 {
			t.Fatalf("stats %+v", s)
		}
	})
}

func TestGroupTxPanicReachesItsCallerOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		release := holdCommitter(t, d)
		panicked := make(chan any, 1)
		go func() {
			defer func() { panicked <- recover() }()
			_ = d.GroupTx(ctx, func(tx *db.Tx) error {
				_ = insert("panicky")(tx)
				panic("bad unit")
			})
		}()
		okc := make(chan error, 1)
		waitQueued(t, d, 1)
		go func() { okc <- d.GroupTx(ctx, insert("fine")) }()
		waitQueued(t, d, 2)
		if err := release(); err != nil {
			t.Fatal(err)
		}
		if p := <-panicked; p != "bad unit" {
			t.Fatalf("caller recovered %v, want the unit's panic", p)
		}
		if err := <-okc; err != nil {
			t.Fatal(err)
		}
		if rows := keys(t, d); !rows["fine"] || rows["panicky"] {
			t.Fatalf("rows %v", rows)
		}
	})
}

func TestGroupTxCancelledBeforeStartChangesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		done, cancel := context.WithCancel(context.Background())
		cancel()
		ran := false
		if err := d.GroupTx(done, func(tx *db.Tx) error { ran = true; return nil }); !errors.Is(err, context.Canceled) || ran {
			t.Fatalf("already cancelled: err %v, ran %v", err, ran)
		}

		release := holdCommitter(t, d)
		ctx, cancel := context.WithCancel(context.Background())
		var started sync.Mutex // guards ran
		errc := make(chan error, 1)
		go func() {
			errc <- d.GroupTx(ctx, func(tx *db.Tx) error {
				started.Lock()
				ran = true
				started.Unlock()
				return insert("cancelled")(tx)
			})
		}()
		waitQueued(t, d, 1)
		cancel()
		// The caller returns while the committer is still busy.
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled while queued: %v", err)
		}
		if err := release(); err != nil {
			t.Fatal(err)
		}
		if err := d.GroupTx(context.Background(), insert("after")); err != nil {
			t.Fatal(err)
		}
		started.Lock()
		defer started.Unlock()
		if rows := keys(t, d); ran || rows["cancelled"] || !rows["after"] {
			t.Fatalf("ran %v, rows %v", ran, rows)
		}
	})
}

func TestGroupTxStartedUnitOutlivesItsCallersCancel(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		err := d.GroupTx(ctx, func(tx *db.Tx) error {
			if err := insert("before")(tx); err != nil {
				return err
			}
			cancel() // the caller gives up half-way through the unit
			_, err := tx.ExecContext(ctx, insertKey, "after", 1, 1)
			return err
		})
		if err != nil {
			t.Fatalf("a started unit must finish and report its commit: %v", err)
		}
		if rows := keys(t, d); !rows["before"] || !rows["after"] {
			t.Fatalf("rows %v", rows)
		}
	})
}

// A caller hears of success only after the commit: a reader on another
// connection sees the row the moment GroupTx returns, and when the commit
// fails, no unit of the batch is told it succeeded.
func TestGroupTxAnswersOnlyAfterTheCommit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				k := fmt.Sprint("seen", i)
				if err := d.GroupTx(ctx, insert(k)); err != nil {
					t.Error(err)
					return
				}
				var n int
				if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_throttle WHERE key = ?`, k).Scan(&n); err != nil || n != 1 {
					t.Errorf("right after GroupTx returned, %s: count %d, err %v", k, n, err)
				}
			})
		}
		wg.Wait()

		// A deferred foreign key is checked only at COMMIT, so this batch
		// fails as a whole; its innocent unit must hear the failure too.
		for _, q := range []string{
			`CREATE TABLE gc_parent (id INTEGER PRIMARY KEY)`,
			`CREATE TABLE gc_child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES gc_parent (id) DEFERRABLE INITIALLY DEFERRED)`,
		} {
			if _, err := d.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		release := holdCommitter(t, d)
		innocent, orphan := make(chan error, 1), make(chan error, 1)
		go func() { innocent <- d.GroupTx(ctx, insert("innocent")) }()
		waitQueued(t, d, 1)
		go func() {
			orphan <- d.GroupTx(ctx, func(tx *db.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO gc_child (id, parent_id) VALUES (?, ?)`, 1, 42)
				return err
			})
		}()
		waitQueued(t, d, 2)
		if err := release(); err != nil {
			t.Fatal(err)
		}
		if err1, err2 := <-innocent, <-orphan; err1 == nil || err2 == nil {
			t.Fatalf("commit failed, yet a unit was told it succeeded: %v, %v", err1, err2)
		}
		if rows := keys(t, d); rows["innocent"] {
			t.Fatal("the failed batch's row is visible")
		}
	})
}

func TestGroupTxAfterCloseRefuses(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "closed.db")
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := d.GroupTx(ctx, insert("before")); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if err := d.GroupTx(ctx, insert("after")); !errors.Is(err, db.ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
	// Reopened, the database holds what was acknowledged.
	d, err = db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if rows := keys(t, d); !rows["before"] || rows["after"] {
		t.Fatalf("rows %v", rows)
	}
}

// A cache drops an entry only once the write is durable: AfterCommit runs
// after the commit, never after a rollback, and a group unit that failed
// loses its hooks with its writes.
func TestAfterCommitRunsOnlyForWritesThatCommitted(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var ran []string
		_ = d.Tx(ctx, func(tx *db.Tx) error {
			tx.AfterCommit(func() { ran = append(ran, "committed") })
			return insert("a")(tx)
		})
		_ = d.Tx(ctx, func(tx *db.Tx) error {
			tx.AfterCommit(func() { ran = append(ran, "rolled back") })
			return errors.New("no")
		})
		_ = d.GroupTx(ctx, func(tx *db.Tx) error {
			tx.AfterCommit(func() { ran = append(ran, "unit") })
			return insert("b")(tx)
		})
		_ = d.GroupTx(ctx, func(tx *db.Tx) error {
			tx.AfterCommit(func() { ran = append(ran, "failed unit") })
			return insert("b")(tx) // a duplicate key
		})
		if fmt.Sprint(ran) != "[committed unit]" {
			t.Fatalf("hooks ran: %v", ran)
		}
	})
}
