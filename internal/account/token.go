package account

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/linli-dev/linli/internal/errs"
)

// TokenLife is how long an API token lasts.
const TokenLife = 90 * 24 * time.Hour

// CreateToken issues a bearer token for API clients; like sessions, only its
// hash is stored. Errors: invalid.
func (s *Store) CreateToken(ctx context.Context, userID int64, name string) (string, time.Time, error) {
	name, err := CheckNickname(name)
	if err != nil {
		return "", time.Time{}, errs.Field("name", "error.required")
	}
	token, hash := newToken()
	now := s.Now()
	exp := now.Add(TokenLife)
	_, err = s.DB.ExecContext(ctx, `INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		hash, userID, name, now.UnixMilli(), exp.UnixMilli())
	if err != nil {
		return "", time.Time{}, errs.Internalf("account: create token: %w", err)
	}
	return "lt_" + token, exp, nil
}

// TokenUser returns the account behind a bearer token. Errors: unauthorized.
func (s *Store) TokenUser(ctx context.Context, token string) (*User, error) {
	if len(token) < 4 || token[:3] != "lt_" {
		return nil, errs.New(errs.Unauthorized, "token.invalid")
	}
	var expires int64
	u, err := scanUser(scanPrefix{s.DB.QueryRowContext(ctx, `SELECT t.expires_at, `+userColsU+`
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`, hashToken(token[3:])), []any{&expires}})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.Unauthorized, "token.invalid")
	}
	if err != nil {
		return nil, errs.Internalf("account: token: %w", err)
	}
	if s.Now().UnixMilli() >= expires {
		return nil, errs.New(errs.Unauthorized, "token.invalid")
	}
	return u, nil
}

// RevokeToken deletes a token the caller presents.
func (s *Store) RevokeToken(ctx context.Context, token string) error {
	if len(token) < 4 {
		return nil
	}
	if _, err := s.DB.ExecContext(ctx, `DELETE FROM api_tokens WHERE token_hash = ?`, hashToken(token[3:])); err != nil {
		return errs.Internalf("account: revoke token: %w", err)
	}
	return nil
}
