package access

import (
	"context"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Store loads actors and keeps role grants and residences.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{DB: d, Now: time.Now} }

// Actor loads every role a person holds: granted roles with their place paths,
// and resident/owner roles from their verified households. One query.
func (s *Store) Actor(ctx context.Context, userID int64) (*Actor, error) {
	rows, err := s.DB.QueryContext(ctx, `
		SELECT g.role, g.place_id, p.path, COALESCE(g.unit_id, 0), 0
		FROM grants g JOIN places p ON p.id = g.place_id WHERE g.user_id = ?
		UNION ALL
		SELECT 'resident', n.id, n.path, 0, r.household_id
		FROM residences r JOIN places n ON n.id = r.neighborhood_id WHERE r.user_id = ?
		UNION ALL
		SELECT 'owner', b.id, b.path, 0, r.household_id
		FROM residences r JOIN households h ON h.id = r.household_id JOIN places b ON b.id = h.building_id
		WHERE r.user_id = ? AND r.is_owner`, userID, userID, userID)
	if err != nil {
		return nil, errs.Internalf("access: actor %d: %w", userID, err)
	}
	defer rows.Close()
	a := &Actor{UserID: userID}
	for rows.Next() {
		var g Grant
		if err := rows.Scan(&g.Role, &g.PlaceID, &g.PlacePath, &g.UnitID, &g.HouseholdID); err != nil {
			return nil, errs.Internalf("access: scan grant: %w", err)
		}
		a.Grants = append(a.Grants, g)
	}
	return a, rows.Err()
}

// GrantRole gives a person a role at a place; granting the same role twice is a
// conflict the database enforces. Errors: invalid, conflict.
func (s *Store) GrantRole(ctx context.Context, q db.Querier, userID int64, role Role, placeID, districtID, unitID, by int64) error {
	if _, ok := rank[role]; !ok {
		return errs.Field("role", "role.invalid")
	}
	if (role == UnitStaff) != (unitID != 0) {
		return errs.Field("unit", "role.unit_required")
	}
	var unit any
	if unitID != 0 {
		unit = unitID
	}
	var grantedBy any
	if by != 0 {
		grantedBy = by
	}
	_, err := q.ExecContext(ctx, `INSERT INTO grants (user_id, role, place_id, unit_id, district_id, granted_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, userID, role, placeID, unit, districtID, grantedBy, s.Now().UnixMilli())
	if db.IsUniqueViolation(err) {
		return errs.New(errs.Conflict, "role.duplicate")
	}
	if err != nil {
		return errs.Internalf("access: grant: %w", err)
	}
	return nil
}

// RevokeRole removes a grant. Errors: not_found.
func (s *Store) RevokeRole(ctx context.Context, userID int64, role Role, placeID int64) error {
	res, err := s.DB.ExecContext(ctx, `DELETE FROM grants WHERE user_id = ? AND role = ? AND place_id = ?`, userID, role, placeID)
	if err != nil {
		return errs.Internalf("access: revoke: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.NotFound, "role.not_found")
	}
	return nil
}

// Holder is one person holding a role at a place, for the people pages.
type Holder struct {
	UserID   int64
	Nickname string
	Role     Role
	PlaceID  int64
	Place    string
}

// Holders lists the grants at and below a place path.
func (s *Store) Holders(ctx context.Context, districtID int64, path string) ([]Holder, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT g.user_id, u.nickname, g.role, p.id, p.name
		FROM grants g JOIN places p ON p.id = g.place_id JOIN users u ON u.id = g.user_id
		WHERE g.district_id = ? AND p.path >= ? AND p.path < ? ORDER BY p.path, g.role, u.nickname`,
		districtID, path, path+"~")
	if err != nil {
		return nil, errs.Internalf("access: holders: %w", err)
	}
	defer rows.Close()
	var out []Holder
	for rows.Next() {
		var h Holder
		if err := rows.Scan(&h.UserID, &h.Nickname, &h.Role, &h.PlaceID, &h.Place); err != nil {
			return nil, errs.Internalf("access: scan holder: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// StaffOfUnits lists the people who staff any of the units (to tell them a
// case is theirs), each once.
func (s *Store) StaffOfUnits(ctx context.Context, unitIDs []int64) ([]int64, error) {
	if len(unitIDs) == 0 {
		return nil, nil
	}
	args := make([]any, len(unitIDs))
	for i, id := range unitIDs {
		args[i] = id
	}
	return s.userIDs(ctx, `SELECT DISTINCT user_id FROM grants WHERE role = 'unit_staff' AND unit_id IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(args)), ",")+`) ORDER BY user_id`, args...)
}

// HoldersAt lists the people holding one of roles at exactly placeID, each once.
func (s *Store) HoldersAt(ctx context.Context, placeID int64, roles ...Role) ([]int64, error) {
	if len(roles) == 0 {
		return nil, nil
	}
	args := []any{placeID}
	for _, r := range roles {
		args = append(args, r)
	}
	return s.userIDs(ctx, `SELECT DISTINCT user_id FROM grants WHERE place_id = ? AND role IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(roles)), ",")+`) ORDER BY user_id`, args...)
}

func (s *Store) userIDs(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, errs.Internalf("access: users: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, errs.Internalf("access: scan user: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
