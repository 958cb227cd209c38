package account

import (
	"context"
	"encoding/hex"
	"time"

	"github.com/linli-dev/linli/internal/errs"
)

// Throttle limits failed logins per account and per address, in the database
// so that every app node sees the same counts.
type Throttle struct {
	Window     time.Duration
	PerAccount int
	PerAddress int
}

// DefaultThrottle allows 5 failures per account and 30 per address in 15 minutes.
var DefaultThrottle = Throttle{Window: 15 * time.Minute, PerAccount: 5, PerAddress: 30}

func (s *Store) throttleKeys(phone, ip string) (acct, addr string) {
	if p, err := NormalizePhone(phone); err == nil {
		phone = p
	}
	return "acct:" + hex.EncodeToString(s.phoneIndex(phone)[:12]), "ip:" + ip
}

// CheckThrottle refuses a login attempt while either key is over its limit.
// Errors: too_many_requests, with the minutes to wait.
func (s *Store) CheckThrottle(ctx context.Context, t Throttle, phone, ip string) error {
	acct, addr := s.throttleKeys(phone, ip)
	now := s.Now()
	rows, err := s.DB.QueryContext(ctx, `SELECT key, window_start, failures FROM login_throttle WHERE key IN (?, ?) AND window_start > ?`,
		acct, addr, now.Add(-t.Window).UnixMilli())
	if err != nil {
		return errs.Internalf("account: throttle: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var start int64
		var failures int
		if err := rows.Scan(&key, &start, &failures); err != nil {
			return errs.Internalf("account: throttle: %w", err)
		}
		limit := t.PerAccount
		if key == addr {
			limit = t.PerAddress
		}
		if failures >= limit {
			wait := time.UnixMilli(start).Add(t.Window).Sub(now)
			minutes := int((wait + time.Minute - 1) / time.Minute) // round up: never say 0
			return errs.New(errs.TooMany, "login.throttled", minutes)
		}
	}
	return rows.Err()
}

// RecordFailure counts a failed login against the account and the address. A
// window that has run out starts over.
func (s *Store) RecordFailure(ctx context.Context, t Throttle, phone, ip string) error {
	acct, addr := s.throttleKeys(phone, ip)
	now := s.Now().UnixMilli()
	stale := now - t.Window.Milliseconds()
	for _, key := range []string{acct, addr} {
		_, err := s.DB.ExecContext(ctx, `INSERT INTO login_throttle (key, window_start, failures) VALUES (?, ?, 1)
			ON CONFLICT (key) DO UPDATE SET
			failures = CASE WHEN login_throttle.window_start <= ? THEN 1 ELSE login_throttle.failures + 1 END,
			window_start = CASE WHEN login_throttle.window_start <= ? THEN excluded.window_start ELSE login_throttle.window_start END`,
			key, now, stale, stale)
		if err != nil {
			return errs.Internalf("account: record failure: %w", err)
		}
	}
	return nil
}

// ClearFailures forgets an account's failures after a successful login.
func (s *Store) ClearFailures(ctx context.Context, phone string) error {
	acct, _ := s.throttleKeys(phone, "")
	if _, err := s.DB.ExecContext(ctx, `DELETE FROM login_throttle WHERE key = ?`, acct); err != nil {
		return errs.Internalf("account: clear failures: %w", err)
	}
	return nil
}

// PurgeThrottle forgets failure windows that have run out; a background job calls it.
func (s *Store) PurgeThrottle(ctx context.Context, t Throttle) (int64, error) {
	res, err := s.DB.ExecContext(ctx, `DELETE FROM login_throttle WHERE window_start <= ?`, s.Now().Add(-t.Window).UnixMilli())
	if err != nil {
		return 0, errs.Internalf("account: purge throttle: %w", err)
	}
	return res.RowsAffected()
}
