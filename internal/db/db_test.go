package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
)

func TestRebindLeavesQuotedQuestionMarks(t *testing.T) {
	got := db.Rebind(`SELECT '?' , a FROM t WHERE b = ? AND c = ?`)
	want := `SELECT '?' , a FROM t WHERE b = $1 AND c = $2`
	if got != want {
		t.Fatalf("Rebind = %q, want %q", got, want)
	}
}

func TestMigrationsMatchAcrossDialects(t *testing.T) {
	lite, err := db.Migrations(db.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := db.Migrations(db.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 || len(lite) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].Version != pg[i].Version || lite[i].Name != pg[i].Name {
			t.Errorf("migration %d: sqlite %s, postgres %s", i, lite[i].Name, pg[i].Name)
		}
	}
}

func TestMigrateIsIdempotentAndTxRollsBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		n, err := d.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second Migrate applied %d, err %v; want 0, nil", n, err)
		}
		v, err := d.Version(ctx)
		if err != nil || v < 1 {
			t.Fatalf("Version = %d, %v", v, err)
		}
		boom := errors.New("boom")
		err = d.Tx(ctx, func(tx *db.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_throttle (key, window_start, failures) VALUES (?, ?, ?)`, "k", 1, 1); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Tx returned %v", err)
		}
		var count int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_throttle`).Scan(&count); err != nil {
			t.Fatal(err)
		}
		if count != 0 {
			t.Fatalf("rolled-back insert is visible: %d rows", count)
		}
	})
}

func TestUniqueViolationIsRecognized(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		q := `INSERT INTO login_throttle (key, window_start, failures) VALUES (?, ?, ?)`
		if _, err := d.ExecContext(ctx, q, "dup", 1, 1); err != nil {
			t.Fatal(err)
		}
		_, err := d.ExecContext(ctx, q, "dup", 1, 1)
		if !db.IsUniqueViolation(err) {
			t.Fatalf("second insert: %v, want a unique violation", err)
		}
	})
}

func TestSQLitePragmasForAServer(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	checks := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "synchronous": "2"}
	for pragma, want := range checks {
		var got string
		if err := d.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
}
