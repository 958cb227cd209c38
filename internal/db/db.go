// Package db is linli's thin storage layer: one API over SQLite and PostgreSQL.
//
// Store code writes portable SQL with ? placeholders; this package rewrites them
// for PostgreSQL, sends writes through the write pool and reads through the read
// pool, and runs the embedded, per-dialect migrations.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Dialect names the SQL database behind a DB.
type Dialect string

// The dialects linli runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Querier is what store code needs from a DB or a Tx, so one function can run
// inside or outside a transaction.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	Dialect() Dialect
}

// DB holds the two pools. On SQLite the write pool has exactly one connection so
// writers queue in Go instead of spinning on SQLITE_BUSY; on PostgreSQL each
// pool has its own connections, so writes never wait behind reads.
type DB struct {
	dialect Dialect
	write   *sql.DB
	read    *sql.DB
	url     string
	rebinds sync.Map // query string -> rewritten query for PostgreSQL
	reads   sync.Map // query string -> *sql.Stmt on the read pool
	writes  sync.Map // query string -> *sql.Stmt on the write pool
	group   *group   // group commit, see GroupTx
}

// prepared returns q prepared on pool, preparing it once: store queries are a
// fixed set of constants, and parsing them on every request was a measurable
// share of a page's time.
func (d *DB) prepared(ctx context.Context, cache *sync.Map, pool *sql.DB, q string) (*sql.Stmt, error) {
	if st, ok := cache.Load(q); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := pool.PrepareContext(ctx, d.rebind(q))
	if err != nil {
		return nil, err
	}
	if prev, loaded := cache.LoadOrStore(q, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

// Open connects to url: "postgres://..." or "postgresql://..." selects PostgreSQL,
// anything else is a SQLite file path (or "file:" URI).
func Open(ctx context.Context, url string) (*DB, error) {
	var (
		d   *DB
		err error
	)
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		d, err = openPostgres(url)
	} else {
		d, err = openSQLite(url)
	}
	if err != nil {
		return nil, err
	}
	d.url = url
	d.group = newGroup(d)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := d.write.PingContext(pingCtx); err != nil {
		d.Close()
		return nil, fmt.Errorf("db: connect %s: %w", redact(url), err)
	}
	return d, nil
}

// Dialect reports which database this is.
func (d *DB) Dialect() Dialect { return d.dialect }

// Close stops group commit after the batch in flight, then closes both pools.
func (d *DB) Close() error {
	d.group.close()
	for _, cache := range []*sync.Map{&d.reads, &d.writes} {
		cache.Range(func(_, st any) bool {
			st.(*sql.Stmt).Close()
			return true
		})
	}
	err := d.write.Close()
	if d.read != d.write {
		err = errors.Join(err, d.read.Close())
	}
	return err
}

// Ping checks that the database answers; /readyz uses it.
func (d *DB) Ping(ctx context.Context) error { return d.read.PingContext(ctx) }

// Stats reports the pools' statistics for /metrics.
func (d *DB) Stats() (write, read sql.DBStats) { return d.write.Stats(), d.read.Stats() }

// QueryContext runs a read on the read pool.
func (d *DB) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := d.prepared(ctx, &d.reads, d.read, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs a single-row read on the read pool.
func (d *DB) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := d.prepared(ctx, &d.reads, d.read, q)
	if err != nil {
		return d.read.QueryRowContext(ctx, d.rebind(q), args...) // reports err
	}
	return st.QueryRowContext(ctx, args...)
}

// ExecContext runs one write, in its own transaction, on the write pool.
// Statements that are not store constants (DDL in tests, say) go unprepared.
func (d *DB) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if len(args) == 0 {
		return d.write.ExecContext(ctx, d.rebind(q))
	}
	st, err := d.prepared(ctx, &d.writes, d.write, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// WriteQueryRow runs a write that returns a row (INSERT ... RETURNING) on the write pool.
func (d *DB) WriteQueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := d.prepared(ctx, &d.writes, d.write, q)
	if err != nil {
		return d.write.QueryRowContext(ctx, d.rebind(q), args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// Tx runs fn in a write transaction and commits when fn returns nil. On SQLite
// the transaction begins IMMEDIATE, so it holds the write lock from the start and
// can never fail half-way with SQLITE_BUSY on upgrade.
func (d *DB) Tx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.closeStmts()
	if err := fn(tx); err != nil {
		_ = tx.tx.Rollback()
		return err
	}
	if err := tx.tx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	tx.runAfter()
	return nil
}

// begin starts a write transaction (IMMEDIATE on SQLite).
func (d *DB) begin(ctx context.Context) (*Tx, error) {
	sqlTx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("db: begin: %w", err)
	}
	return &Tx{tx: sqlTx, db: d}, nil
}

// Tx is a write transaction. It keeps each statement it runs prepared until
// it ends, so a batch that repeats a statement thousands of times (a roster
// import) parses it once.
type Tx struct {
	tx    *sql.Tx
	db    *DB
	stmts map[string]*sql.Stmt
	// detached makes statements ignore their context's cancellation: in a
	// shared transaction (GroupTx) one caller giving up must not interrupt a
	// statement, which would abort everyone's writes.
	detached bool
	// after holds what AfterCommit registered, run once the commit is durable.
	after []func()
	// tainted records that a statement may have changed rows, or failed
	// (which on PostgreSQL aborts the transaction): a group unit that then
	// fails cannot be undone without a savepoint or a rollback.
	tainted bool
}

// readOnly reports whether q is a plain read, which cannot change rows.
func readOnly(q string) bool {
	q = strings.TrimLeft(q, " \t\r\n(")
	return len(q) >= 6 && strings.EqualFold(q[:6], "SELECT")
}

// AfterCommit runs f after the transaction commits, and never if it rolls
// back. Caches use it to drop what the transaction changed only once the
// change is visible, so a reader can never cache the state before it.
func (t *Tx) AfterCommit(f func()) { t.after = append(t.after, f) }

func (t *Tx) runAfter() {
	for _, f := range t.after {
		f()
	}
	t.after = nil
}

// ctx returns the context a statement runs under.
func (t *Tx) ctx(ctx context.Context) context.Context {
	if t.detached {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// stmt returns the prepared form of q, preparing it on first use. On
// PostgreSQL it returns nil: pgx already keeps every statement prepared on its
// connection across transactions, while a statement prepared here would cost
// a round trip to prepare and another to deallocate in every transaction,
// which group commit pays on its single committer.
func (t *Tx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if t.db.dialect == Postgres {
		return nil, nil
	}
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, t.db.rebind(q))
	if err != nil {
		return nil, err
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[q] = st
	return st, nil
}

func (t *Tx) closeStmts() {
	for _, st := range t.stmts {
		_ = st.Close()
	}
}

// Dialect reports which database this is.
func (t *Tx) Dialect() Dialect { return t.db.dialect }

// QueryContext reads inside the transaction.
func (t *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	ctx = t.ctx(ctx)
	st, err := t.stmt(ctx, q)
	var rows *sql.Rows
	if err == nil {
		if st == nil {
			rows, err = t.tx.QueryContext(ctx, t.db.rebind(q), args...)
		} else {
			rows, err = st.QueryContext(ctx, args...)
		}
	}
	if err != nil || !readOnly(q) {
		t.tainted = true
	}
	return rows, err
}

// QueryRowContext reads one row inside the transaction.
func (t *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	ctx = t.ctx(ctx)
	st, err := t.stmt(ctx, q)
	var row *sql.Row
	if err != nil || st == nil {
		// database/sql offers no way to build a Row holding an error, so let
		// the unprepared path report it.
		row = t.tx.QueryRowContext(ctx, t.db.rebind(q), args...)
	} else {
		row = st.QueryRowContext(ctx, args...)
	}
	if row.Err() != nil || !readOnly(q) {
		t.tainted = true
	}
	return row
}

// ExecContext writes inside the transaction.
func (t *Tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	ctx = t.ctx(ctx)
	st, err := t.stmt(ctx, q)
	var res sql.Result
	if err == nil {
		if st == nil {
			res, err = t.tx.ExecContext(ctx, t.db.rebind(q), args...)
		} else {
			res, err = st.ExecContext(ctx, args...)
		}
	}
	// An UPDATE or DELETE that matched nothing leaves nothing to undo.
	if err != nil {
		t.tainted = true
	} else if n, nerr := res.RowsAffected(); nerr != nil || n > 0 {
		t.tainted = true
	}
	return res, err
}

// execScript runs several statements at once (a migration); they cannot be
// prepared as one.
func (t *Tx) execScript(ctx context.Context, script string) error {
	_, err := t.tx.ExecContext(ctx, script)
	return err
}

// PrepareContext prepares a statement for bulk work such as roster imports.
func (t *Tx) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	ctx = t.ctx(ctx)
	t.tainted = true // what runs through the statement is not seen here
	return t.tx.PrepareContext(ctx, t.db.rebind(q))
}

// rebind turns ? placeholders into $1, $2, ... for PostgreSQL. Question marks
// inside single-quoted literals are left alone. Results are cached because store
// queries are a fixed set of constants.
func (d *DB) rebind(q string) string {
	if d.dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	if v, ok := d.rebinds.Load(q); ok {
		return v.(string)
	}
	out := Rebind(q)
	d.rebinds.Store(q, out)
	return out
}

// Rebind rewrites ? placeholders to PostgreSQL's numbered form.
func Rebind(q string) string {
	var b strings.Builder
	b.Grow(len(q) + 8)
	n, inQuote := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			fmt.Fprintf(&b, "$%d", n)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// redact hides a password in a connection URL before it reaches a log line.
func redact(url string) string {
	at := strings.LastIndex(url, "@")
	scheme := strings.Index(url, "://")
	if at < 0 || scheme < 0 {
		return url
	}
	userinfo := url[scheme+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return url[:scheme+3] + userinfo[:i] + ":***" + url[at:]
	}
	return url
}
