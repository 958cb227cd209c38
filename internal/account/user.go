// Package account is people's accounts: registration, passwords, sessions, API
// tokens and login throttling. Phones are personal data: stored sealed, found
// through a blind index.
package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/pii"
)

// Status is where a person stands with real-name verification.
type Status string

// The verification states of an account.
const (
	Unverified Status = "unverified"
	Pending    Status = "pending"
	Verified   Status = "verified"
)

// User is an account as the rest of linli sees it: a nickname in public, the
// sealed personal data kept out of this struct.
type User struct {
	ID             int64
	Nickname       string
	Lang           string
	PartyMember    bool
	ShowBadge      bool
	Status         Status
	DistrictID     int64
	NeighborhoodID int64
	VerifiedAt     time.Time
	CreatedAt      time.Time
}

// Badge reports whether the party-member badge shows next to the nickname.
func (u *User) Badge() bool { return u.PartyMember && u.ShowBadge }

// Store keeps accounts.
type Store struct {
	DB     *db.DB
	Keys   *pii.Keys
	Now    func() time.Time
	Params Params
	// SessionIdle and SessionMax bound a session's life: idle since last use,
	// and absolute since login.
	SessionIdle, SessionMax time.Duration
}

// NewStore returns a Store with production defaults.
func NewStore(d *db.DB, keys *pii.Keys) *Store {
	return &Store{DB: d, Keys: keys, Now: time.Now, Params: DefaultParams,
		SessionIdle: 14 * 24 * time.Hour, SessionMax: 60 * 24 * time.Hour}
}

const userColsFmt = `%[1]sid, %[1]snickname, %[1]slang, %[1]sparty_member, %[1]sshow_badge, %[1]sstatus,
	COALESCE(%[1]sdistrict_id, 0), COALESCE(%[1]sneighborhood_id, 0), COALESCE(%[1]sverified_at, 0), %[1]screated_at`

// userCols and userColsU select a User, bare and from a join aliased "u".
var (
	userCols  = fmt.Sprintf(userColsFmt, "")
	userColsU = fmt.Sprintf(userColsFmt, "u.")
)

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var verified, created int64
	if err := row.Scan(&u.ID, &u.Nickname, &u.Lang, &u.PartyMember, &u.ShowBadge, &u.Status, &u.DistrictID,
		&u.NeighborhoodID, &verified, &created); err != nil {
		return nil, err
	}
	if verified > 0 {
		u.VerifiedAt = time.UnixMilli(verified)
	}
	u.CreatedAt = time.UnixMilli(created)
	return &u, nil
}

// User returns one account. Errors: not_found.
func (s *Store) User(ctx context.Context, id int64) (*User, error) {
	u, err := scanUser(s.DB.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "user.not_found")
	}
	if err != nil {
		return nil, errs.Internalf("account: user %d: %w", id, err)
	}
	return u, nil
}

// phoneIndex is the blind index that finds an account by phone.
func (s *Store) phoneIndex(phone string) []byte { return s.Keys.Index("phone", phone) }

// CheckNickname validates a public name. Errors: invalid.
func CheckNickname(nick string) (string, error) {
	nick = strings.TrimSpace(nick)
	n := utf8.RuneCountInString(nick)
	if n == 0 {
		return "", errs.Field("nickname", "error.required")
	}
	if n > 20 {
		return "", errs.Field("nickname", "error.too_long", 20)
	}
	return nick, nil
}

// Registration is what a person gives to open an account.
type Registration struct {
	Phone, Password, Nickname, Lang string
}

// Register opens an account. Errors: invalid, conflict (phone already registered).
func (s *Store) Register(ctx context.Context, r Registration) (*User, error) {
	phone, err := NormalizePhone(r.Phone)
	if err != nil {
		return nil, err
	}
	if err := CheckPassword(r.Password); err != nil {
		return nil, err
	}
	nick, err := CheckNickname(r.Nickname)
	if err != nil {
		return nil, err
	}
	return s.insert(ctx, s.DB, phone, HashPassword(r.Password, s.Params), nick, r.Lang)
}

// Insert creates an account with a precomputed hash; the demo and tests use it
// to avoid hashing the same password hundreds of times.
func (s *Store) Insert(ctx context.Context, q db.Querier, phone, hash, nick string) (*User, error) {
	phone, err := NormalizePhone(phone)
	if err != nil {
		return nil, err
	}
	return s.insert(ctx, q, phone, hash, nick, "")
}

func (s *Store) insert(ctx context.Context, q db.Querier, phone, hash, nick, lang string) (*User, error) {
	if lang != "en" {
		lang = "zh-CN"
	}
	now := s.Now().UnixMilli()
	u, err := scanUser(q.QueryRowContext(ctx, `INSERT INTO users (phone_index, phone_enc, password_hash, nickname, lang, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING `+userCols,
		s.phoneIndex(phone), s.Keys.Seal(phone, "users.phone"), hash, nick, lang, now))
	if db.IsUniqueViolation(err) {
		return nil, errs.Field("phone", "phone.taken")
	}
	if err != nil {
		return nil, errs.Internalf("account: register: %w", err)
	}
	return u, nil
}

// Phone returns an account's phone number in the clear; callers must hold the
// right to see personal data and write the audit row.
func (s *Store) Phone(ctx context.Context, userID int64) (string, error) {
	var sealed []byte
	if err := s.DB.QueryRowContext(ctx, `SELECT phone_enc FROM users WHERE id = ?`, userID).Scan(&sealed); err != nil {
		return "", errs.Internalf("account: phone: %w", err)
	}
	return s.Keys.Open(sealed, "users.phone")
}

// SetLang remembers a person's language.
func (s *Store) SetLang(ctx context.Context, userID int64, lang string) error {
	if _, err := s.DB.ExecContext(ctx, `UPDATE users SET lang = ? WHERE id = ?`, lang, userID); err != nil {
		return errs.Internalf("account: set lang: %w", err)
	}
	return nil
}

// SetProfile changes the public nickname and the party-member badge choice.
// Errors: invalid.
func (s *Store) SetProfile(ctx context.Context, userID int64, nickname string, partyMember, showBadge bool) error {
	nick, err := CheckNickname(nickname)
	if err != nil {
		return err
	}
	_, err = s.DB.ExecContext(ctx, `UPDATE users SET nickname = ?, party_member = ?, show_badge = ? WHERE id = ?`,
		nick, partyMember, showBadge && partyMember, userID)
	if err != nil {
		return errs.Internalf("account: set profile: %w", err)
	}
	return nil
}

// Authenticate checks a phone and password and returns the account. Unknown
// phones cost the same time as wrong passwords. Errors: invalid, unauthorized.
func (s *Store) Authenticate(ctx context.Context, phone, password string) (*User, error) {
	phone, err := NormalizePhone(phone)
	if err != nil {
		return nil, err
	}
	var hash string
	var id int64
	err = s.DB.QueryRowContext(ctx, `SELECT id, password_hash FROM users WHERE phone_index = ?`, s.phoneIndex(phone)).Scan(&id, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		VerifyPassword(password, dummyHash)
		return nil, errs.New(errs.Unauthorized, "login.failed")
	}
	if err != nil {
		return nil, errs.Internalf("account: authenticate: %w", err)
	}
	if !VerifyPassword(password, hash) {
		return nil, errs.New(errs.Unauthorized, "login.failed")
	}
	return s.User(ctx, id)
}

// UserIDByPhone finds an account by phone, for granting roles. Errors: invalid, not_found.
func (s *Store) UserIDByPhone(ctx context.Context, phone string) (int64, error) {
	p, err := NormalizePhone(phone)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.DB.QueryRowContext(ctx, `SELECT id FROM users WHERE phone_index = ?`, s.phoneIndex(p)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errs.Field("phone", "user.not_found")
	}
	if err != nil {
		return 0, errs.Internalf("account: by phone: %w", err)
	}
	return id, nil
}
