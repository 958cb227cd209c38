// Package dbtest gives store tests a fresh, migrated database on each dialect:
// a temporary SQLite file always, and PostgreSQL when LINLI_TEST_POSTGRES holds a
// URL (each test gets its own schema, dropped afterwards).
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/db"
)

// PostgresURL returns the test PostgreSQL URL, or "" when none is configured.
// Under CI=true a missing URL fails the test: CI must never skip PostgreSQL.
func PostgresURL(t testing.TB) string {
	u := os.Getenv("LINLI_TEST_POSTGRES")
	if u == "" && os.Getenv("CI") == "true" {
		t.Fatal("LINLI_TEST_POSTGRES must be set in CI")
	}
	return u
}

// Each runs fn once per available dialect, as subtests named "sqlite" and "postgres".
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) {
		if PostgresURL(t) == "" {
			t.Skip("PostgreSQL variant skipped: set LINLI_TEST_POSTGRES=postgres://... to run it")
		}
		fn(t, Postgres(t))
	})
}

// SQLite opens a migrated database in a temporary file.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "linli.db"))
}

// Postgres opens a migrated database in a fresh schema of the test server.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	base := PostgresURL(t)
	if base == "" {
		t.Skip("PostgreSQL variant skipped: LINLI_TEST_POSTGRES is not set")
	}
	schema := NewSchema(t, base)
	return open(t, WithSchema(base, schema))
}

// NewSchema creates a uniquely named schema on the server at base and drops it
// when the test ends.
func NewSchema(t testing.TB, base string) string {
	t.Helper()
	ctx := context.Background()
	admin, err := db.Open(ctx, base)
	if err != nil {
		t.Fatalf("connect to LINLI_TEST_POSTGRES: %v", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	return schema
}

// WithSchema returns base with search_path set to schema.
func WithSchema(base, schema string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func open(t testing.TB, dsn string) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", strings.SplitN(dsn, "?", 2)[0], err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return d
}
