// Package roster is the committee's household roster: who lives in which room,
// who owns it, with real names and ID numbers sealed at rest. Verification
// matches residents against it; imports fill it from CSV.
package roster

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/idcard"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/pii"
)

// Store keeps roster people.
type Store struct {
	DB   *db.DB
	Keys *pii.Keys
	Org  *org.Store
	Now  func() time.Time
}

// NewStore returns a Store.
func NewStore(d *db.DB, keys *pii.Keys, places *org.Store) *Store {
	return &Store{DB: d, Keys: keys, Org: places, Now: time.Now}
}

// NormalizeName folds spacing and the middle dots of minority and foreign names
// so that "阿卜杜·热合曼" and "阿卜杜 · 热合曼" match.
func NormalizeName(name string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u3000', '\t', '·', '•', '・', '.':
			return -1
		}
		return r
	}, strings.TrimSpace(name))
}

// NameIndex and IDIndex are the blind indexes roster rows are matched by.
func NameIndex(k *pii.Keys, name string) []byte { return k.Index("real_name", NormalizeName(name)) }

// IDIndex fingerprints a valid ID number.
func IDIndex(k *pii.Keys, n idcard.Number) []byte { return k.Index("id_number", string(n)) }

// Person is one roster row as the verification step needs it.
type Person struct {
	ID          int64
	HouseholdID int64
	IsOwner     bool
	NameMatches bool
}

// Match looks for an ID number on a household's roster and says whether the
// name given matches too. Errors: not_found.
func (s *Store) Match(ctx context.Context, householdID int64, id idcard.Number, name string) (*Person, error) {
	var p Person
	var nameIdx []byte
	err := s.DB.QueryRowContext(ctx, `SELECT id, household_id, is_owner, name_index FROM roster_people WHERE household_id = ? AND id_index = ?`,
		householdID, IDIndex(s.Keys, id)).Scan(&p.ID, &p.HouseholdID, &p.IsOwner, &nameIdx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "roster.no_match")
	}
	if err != nil {
		return nil, errs.Internalf("roster: match: %w", err)
	}
	p.NameMatches = string(nameIdx) == string(NameIndex(s.Keys, name))
	return &p, nil
}

// Entry is a roster row to write.
type Entry struct {
	Household *org.Household
	Name      string
	ID        idcard.Number
	Phone     string
	IsOwner   bool
}

// Upsert writes a roster row; the same person in the same household is
// updated, not duplicated. It reports whether it inserted a new row.
func (s *Store) Upsert(ctx context.Context, q db.Querier, e Entry) (bool, error) {
	h := e.Household
	var inserted bool
	err := q.QueryRowContext(ctx, `INSERT INTO roster_people (district_id, neighborhood_id, household_id, name_enc, name_index,
		id_number_enc, id_index, phone_enc, is_owner, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (household_id, id_index) DO UPDATE SET name_enc = excluded.name_enc, name_index = excluded.name_index,
		phone_enc = excluded.phone_enc, is_owner = excluded.is_owner
		RETURNING (created_at = ?)`,
		h.DistrictID, h.NeighborhoodID, h.ID, s.Keys.Seal(e.Name, "roster_people.name"), NameIndex(s.Keys, e.Name),
		s.Keys.Seal(string(e.ID), "roster_people.id_number"), IDIndex(s.Keys, e.ID), s.Keys.Seal(e.Phone, "roster_people.phone"),
		e.IsOwner, s.Now().UnixMilli(), s.Now().UnixMilli()).Scan(&inserted)
	if err != nil {
		return false, errs.Internalf("roster: upsert: %w", err)
	}
	return inserted, nil
}

// Resident is a roster row for display, with personal data masked unless the
// caller asked for it in the clear (and audited that).
type Resident struct {
	ID       int64
	Room     string
	Name     string
	IDNumber string
	Phone    string
	IsOwner  bool
}

// Residents lists a building's roster. reveal=false masks names, ID numbers and
// phones; callers pass true only for roles allowed to see personal data, and
// write the audit row.
func (s *Store) Residents(ctx context.Context, buildingID int64, reveal bool) ([]Resident, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT r.id, h.room, r.name_enc, r.id_number_enc, r.phone_enc, r.is_owner
		FROM roster_people r JOIN households h ON h.id = r.household_id
		WHERE h.building_id = ? ORDER BY LENGTH(h.room), h.room, r.id`, buildingID)
	if err != nil {
		return nil, errs.Internalf("roster: residents: %w", err)
	}
	defer rows.Close()
	var out []Resident
	for rows.Next() {
		var r Resident
		var name, id, phone []byte
		if err := rows.Scan(&r.ID, &r.Room, &name, &id, &phone, &r.IsOwner); err != nil {
			return nil, errs.Internalf("roster: scan: %w", err)
		}
		if r.Name, err = s.Keys.Open(name, "roster_people.name"); err != nil {
			return nil, errs.Internalf("roster: open name: %w", err)
		}
		if r.IDNumber, err = s.Keys.Open(id, "roster_people.id_number"); err != nil {
			return nil, errs.Internalf("roster: open id: %w", err)
		}
		if r.Phone, err = s.Keys.Open(phone, "roster_people.phone"); err != nil {
			return nil, errs.Internalf("roster: open phone: %w", err)
		}
		if !reveal {
			r.Name, r.IDNumber, r.Phone = pii.MaskName(r.Name), maskID(r.IDNumber), pii.MaskPhone(r.Phone)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func maskID(s string) string {
	if len(s) != 18 {
		return strings.Repeat("*", len(s))
	}
	return idcard.Number(s).Masked()
}

// upsertIfChanged writes a roster row only when something differs from what is
// stored, so re-importing the same file leaves every row untouched (sealing
// afresh would change the bytes even when nothing changed).
func (s *Store) upsertIfChanged(ctx context.Context, q db.Querier, e Entry) (inserted, changed bool, err error) {
	var id int64
	var nameIdx, phoneEnc []byte
	var owner bool
	err = q.QueryRowContext(ctx, `SELECT id, name_index, phone_enc, is_owner FROM roster_people WHERE household_id = ? AND id_index = ?`,
		e.Household.ID, IDIndex(s.Keys, e.ID)).Scan(&id, &nameIdx, &phoneEnc, &owner)
	if errors.Is(err, sql.ErrNoRows) {
		_, err := s.Upsert(ctx, q, e)
		return err == nil, false, err
	}
	if err != nil {
		return false, false, errs.Internalf("roster: read row: %w", err)
	}
	phone, err := s.Keys.Open(phoneEnc, "roster_people.phone")
	if err != nil {
		return false, false, errs.Internalf("roster: open phone: %w", err)
	}
	if string(nameIdx) == string(NameIndex(s.Keys, e.Name)) && owner == e.IsOwner && phone == e.Phone {
		return false, false, nil
	}
	_, err = s.Upsert(ctx, q, e)
	return false, err == nil, err
}
