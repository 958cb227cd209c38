package polls

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
)

// benchBallots is how many ballots the tally and verify benchmarks count;
// LINLI_BENCH_BALLOTS overrides the 1,000,000 for a quick look.
func benchBallots() int {
	if n, err := strconv.Atoi(os.Getenv("LINLI_BENCH_BALLOTS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// bigPoll makes a closed three-option poll with n ballots, written by one
// INSERT ... SELECT over a counting CTE (setup only; ballots in use come one
// at a time through Cast), its counters and hash set from them.
func bigPoll(b *testing.B, d *db.DB, n int) (*Store, int64) {
	b.Helper()
	ctx := context.Background()
	s := NewStore(d)
	now := time.Now()
	var p *Poll
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var hood, user int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO places (kind, district_id, name, path, created_at) VALUES ('neighborhood', 1, '基准小区', '/1/', 0) RETURNING id`).Scan(&hood); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO users (phone_index, phone_enc, password_hash, nickname, created_at) VALUES (?, ?, '', '社工', 0) RETURNING id`,
			[]byte("bench"), []byte("bench")).Scan(&user); err != nil {
			return err
		}
		var err error
		p, err = s.Create(ctx, tx, 1, hood, user, NewPoll{Kind: Tick, Title: "基准", Electorate: Households, MinChoices: 1, MaxChoices: 2, PaperCheck: DoubleEntry,
			Options: []NewOption{{Label: "甲"}, {Label: "乙"}, {Label: "丙"}}, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(-time.Minute)})
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	receipt := "printf('%010d', n)"
	if d.Dialect() == db.Postgres {
		receipt = "lpad(n::text, 10, '0')"
	}
	start := time.Now()
	if _, err := d.ExecContext(ctx, `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < `+strconv.Itoa(n)+`)
		INSERT INTO poll_ballots (poll_id, voter_key, district_id, channel, serial, choices, area, receipt, created_at)
		SELECT `+strconv.FormatInt(p.ID, 10)+`, n, 1, CASE WHEN n % 10 = 0 THEN 'paper' WHEN n % 10 = 1 THEN 'door' ELSE 'online' END, '',
		n % 7 + 1 - (CASE WHEN n % 7 = 6 THEN 1 ELSE 0 END), 6000 + n % 9000, `+receipt+`, 0 FROM seq`); err != nil {
		b.Fatal(err)
	}
	t, err := s.Recount(ctx, p.ID, 3)
	if err != nil {
		b.Fatal(err)
	}
	for i := range 3 {
		if _, err := d.ExecContext(ctx, `UPDATE poll_options SET votes = ?, area = ? WHERE poll_id = ? AND position = ?`, t.Votes[i], t.Areas[i], p.ID, i); err != nil {
			b.Fatal(err)
		}
	}
	hash, _, err := s.Hash(ctx, p.ID)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := d.ExecContext(ctx, `UPDATE polls SET state = 'closed', ballot_count = ?, ballot_area = ?, online_count = ?, paper_count = ?, door_count = ?,
		result_hash = ? WHERE id = ?`, t.Ballots, t.Area, t.Online, t.Paper, t.Door, hash, p.ID); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d ballots written and counted in %v", d.Dialect(), t.Ballots, time.Since(start).Round(time.Millisecond))
	return s, p.ID
}

// eachDialect runs a benchmark on SQLite, and on PostgreSQL when configured.
func eachDialect(b *testing.B, fn func(b *testing.B, d *db.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, dbtest.SQLite(b)) })
	if dbtest.PostgresURL(b) != "" {
		b.Run("postgres", func(b *testing.B) { fn(b, dbtest.Postgres(b)) })
	}
}

// BenchmarkTally recounts a poll of 1,000,000 ballots from the stored ballots
// (one scan, every option's votes and area summed from the choice mask);
// target < 1 s per op. Reading the result (the counters) is the other figure.
func BenchmarkTally(b *testing.B) {
	eachDialect(b, func(b *testing.B, d *db.DB) {
		s, id := bigPoll(b, d, benchBallots())
		b.Run("recount", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Recount(context.Background(), id, 3); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("counters", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Result(context.Background(), id); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

// BenchmarkVerify is `linli poll verify` over 1,000,000 ballots: the recount
// and the SHA-256 over the canonical ballot list in receipt order; target < 5 s.
func BenchmarkVerify(b *testing.B) {
	eachDialect(b, func(b *testing.B, d *db.DB) {
		s, id := bigPoll(b, d, benchBallots())
		for b.Loop() {
			v, err := s.Verify(context.Background(), id)
			if err != nil || !v.OK() {
				b.Fatal(fmt.Sprint(v), err)
			}
		}
	})
}
