package open311

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Key is a partner's api_key as stored: never the key itself.
type Key struct {
	ID         int64
	Name       string
	DistrictID int64
	CreatedBy  int64 // 0 when made from the command line without -by
	CreatedAt  time.Time
	RevokedAt  time.Time // zero while the key works
}

// Keys keeps partner keys.
type Keys struct {
	DB  *db.DB
	Now func() time.Time
}

// NewKeys returns a key store on d.
func NewKeys(d *db.DB) *Keys { return &Keys{DB: d, Now: time.Now} }

// keyPrefix marks linli Open311 keys so a key pasted in the wrong place is recognizable.
const keyPrefix = "o311_"

func hashKey(plain string) []byte {
	h := sha256.Sum256([]byte(plain))
	return h[:]
}

// Create makes a key for a partner in a district and returns it, the only
// time it is ever visible. Errors: invalid (name, district), conflict (a live
// key with that name exists in the district).
func (k *Keys) Create(ctx context.Context, districtID int64, name string, createdBy int64) (string, *Key, error) {
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n == 0 || n > 60 {
		return "", nil, errs.Field("name", "open311.key_name")
	}
	var kind string
	err := k.DB.QueryRowContext(ctx, `SELECT kind FROM places WHERE id = ?`, districtID).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && kind != "district") {
		return "", nil, errs.Field("district", "open311.key_district")
	}
	if err != nil {
		return "", nil, errs.Internalf("open311: key district: %w", err)
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	plain := keyPrefix + base64.RawURLEncoding.EncodeToString(b)
	now := k.Now()
	key := &Key{Name: name, DistrictID: districtID, CreatedBy: createdBy, CreatedAt: now}
	var by any
	if createdBy != 0 {
		by = createdBy
	}
	err = k.DB.WriteQueryRow(ctx, `INSERT INTO open311_keys (key_hash, name, district_id, created_by, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, hashKey(plain), name, districtID, by, now.UnixMilli()).Scan(&key.ID)
	if db.IsUniqueViolation(err) {
		return "", nil, errs.Field("name", "open311.key_name_taken", name)
	}
	if err != nil {
		return "", nil, errs.Internalf("open311: create key: %w", err)
	}
	return plain, key, nil
}

// Check returns the partner holding a live key for the district.
// Errors: forbidden (unknown, revoked, or another district's key).
func (k *Keys) Check(ctx context.Context, districtID int64, plain string) (Partner, error) {
	var p Partner
	var revoked sql.NullInt64
	if !strings.HasPrefix(plain, keyPrefix) {
		return p, errs.New(errs.Forbidden, "open311.key_invalid")
	}
	err := k.DB.QueryRowContext(ctx, `SELECT id, name, district_id, revoked_at FROM open311_keys WHERE key_hash = ?`,
		hashKey(plain)).Scan(&p.KeyID, &p.Name, &p.DistrictID, &revoked)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (revoked.Valid || p.DistrictID != districtID)) {
		return Partner{}, errs.New(errs.Forbidden, "open311.key_invalid")
	}
	if err != nil {
		return Partner{}, errs.Internalf("open311: check key: %w", err)
	}
	return p, nil
}

// List returns the keys of a district (every district when 0), newest first.
func (k *Keys) List(ctx context.Context, districtID int64) ([]Key, error) {
	rows, err := k.DB.QueryContext(ctx, `SELECT id, name, district_id, COALESCE(created_by, 0), created_at, COALESCE(revoked_at, 0)
		FROM open311_keys WHERE district_id = ? OR ? = 0 ORDER BY id DESC`, districtID, districtID)
	if err != nil {
		return nil, errs.Internalf("open311: list keys: %w", err)
	}
	defer rows.Close()
	var out []Key
	for rows.Next() {
		var key Key
		var created, revoked int64
		if err := rows.Scan(&key.ID, &key.Name, &key.DistrictID, &key.CreatedBy, &created, &revoked); err != nil {
			return nil, errs.Internalf("open311: list keys: %w", err)
		}
		key.CreatedAt = time.UnixMilli(created)
		if revoked != 0 {
			key.RevokedAt = time.UnixMilli(revoked)
		}
		out = append(out, key)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Internalf("open311: list keys: %w", err)
	}
	return out, nil
}

// Revoke stops a key working at once. Errors: not_found (no such live key).
func (k *Keys) Revoke(ctx context.Context, id int64) (*Key, error) {
	var key Key
	var created int64
	err := k.DB.WriteQueryRow(ctx, `UPDATE open311_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL
		RETURNING id, name, district_id, created_at`, k.Now().UnixMilli(), id).Scan(&key.ID, &key.Name, &key.DistrictID, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "open311.key_not_found", id)
	}
	if err != nil {
		return nil, errs.Internalf("open311: revoke key: %w", err)
	}
	key.CreatedAt, key.RevokedAt = time.UnixMilli(created), k.Now()
	return &key, nil
}
