package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Session is a server-side login. The cookie holds a random token; the
// database holds only its SHA-256, so a leaked dump logs nobody in.
type Session struct {
	UserID    int64
	CreatedAt time.Time
	SeenAt    time.Time
	ExpiresAt time.Time
}

// seenResolution limits how often a busy session is written back: the idle
// clock moves at most once a minute, not on every page.
const seenResolution = time.Minute

func newToken() (token string, hash []byte) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// StartSession creates a session for a fresh login and ends the one the browser
// held before (rotation), returning the new token.
func (s *Store) StartSession(ctx context.Context, userID int64, oldToken, ip, userAgent string) (string, error) {
	token, hash := newToken()
	now := s.Now()
	if len(userAgent) > 200 {
		userAgent = userAgent[:200]
	}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		if oldToken != "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(oldToken)); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, seen_at, expires_at, ip, user_agent)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, hash, userID, now.UnixMilli(), now.UnixMilli(), now.Add(s.SessionMax).UnixMilli(), ip, userAgent)
		return err
	})
	if err != nil {
		return "", errs.Internalf("account: start session: %w", err)
	}
	return token, nil
}

// SessionUser returns the account behind a session token, moving its idle
// clock. Errors: unauthorized (unknown, idle too long or past its absolute end).
func (s *Store) SessionUser(ctx context.Context, token string) (*User, error) {
	if token == "" {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	hash := hashToken(token)
	var seen, expires int64
	row := s.DB.QueryRowContext(ctx, `SELECT s.seen_at, s.expires_at, `+userColsU+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, hash)
	u, err := scanUser(scanPrefix{row, []any{&seen, &expires}})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.Unauthorized, "login.required")
	}
	if err != nil {
		return nil, errs.Internalf("account: session: %w", err)
	}
	now := s.Now()
	if now.UnixMilli() >= expires || now.Sub(time.UnixMilli(seen)) >= s.SessionIdle {
		_, _ = s.DB.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash)
		return nil, errs.New(errs.Unauthorized, "login.expired")
	}
	if now.Sub(time.UnixMilli(seen)) >= seenResolution {
		if _, err := s.DB.ExecContext(ctx, `UPDATE sessions SET seen_at = ? WHERE token_hash = ?`, now.UnixMilli(), hash); err != nil {
			return nil, errs.Internalf("account: touch session: %w", err)
		}
	}
	return u, nil
}

// EndSession logs a session out; ending an unknown one is not an error.
func (s *Store) EndSession(ctx context.Context, token string) error {
	if _, err := s.DB.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(token)); err != nil {
		return errs.Internalf("account: end session: %w", err)
	}
	return nil
}

// PurgeSessions deletes expired sessions; a background job calls it.
func (s *Store) PurgeSessions(ctx context.Context) (int64, error) {
	now := s.Now()
	res, err := s.DB.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ? OR seen_at <= ?`,
		now.UnixMilli(), now.Add(-s.SessionIdle).UnixMilli())
	if err != nil {
		return 0, errs.Internalf("account: purge sessions: %w", err)
	}
	return res.RowsAffected()
}

// scanPrefix scans leading columns into extra before handing the rest on, so a
// joined query can reuse scanUser.
type scanPrefix struct {
	row   interface{ Scan(...any) error }
	extra []any
}

func (p scanPrefix) Scan(dest ...any) error { return p.row.Scan(append(p.extra, dest...)...) }
