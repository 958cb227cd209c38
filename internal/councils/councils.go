// Package councils is deliberation (议事协商): a council per neighborhood (议事会,
// such as the "sunshine pavilion" 阳光议事亭) with members in roles and terms
// and the elections that chose them; meetings with an agenda naming proposals,
// cases and projects by id, invitations, sign-in, minutes and decisions with
// their vote counts; and action items with an owner and a due date, followed
// by progress reports until done. Open items head the next meeting's agenda.
package councils

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Role is a member's part in the council.
type Role string

// The roles, in the order the council page lists them.
const (
	Chair          Role = "chair"           // 亭长 / 议事会主任
	ViceChair      Role = "vice_chair"      // 副亭长
	BuildingLeader Role = "building_leader" // 楼组长代表
	ResidentRep    Role = "resident_rep"    // 居民代表
	UnitRep        Role = "unit_rep"        // 共建单位代表
)

// Roles lists the roles in page order.
var Roles = []Role{Chair, ViceChair, BuildingLeader, ResidentRep, UnitRep}

// Limits on what councils hold.
const (
	MaxNameRunes    = 60
	MaxTextRunes    = 500
	MaxMinutesRunes = 20000
	MaxAgendaItems  = 50
	MaxInvitations  = 200
	MaxVotes        = 10000
)

// Council is a neighborhood's deliberative council with its counters.
type Council struct {
	ID             int64
	DistrictID     int64
	NeighborhoodID int64
	Name           string
	MeetingCount   int
	OpenActions    int
	CreatedAt      time.Time
}

// Place is where a council sits: its neighborhood and district.
type Place struct{ DistrictID, NeighborhoodID int64 }

// Store keeps councils, meetings and action items.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{DB: d, Now: time.Now} }

// Ensure returns a neighborhood's council, creating it with name when it has
// none (one per neighborhood, by a unique key). Errors: invalid.
func (s *Store) Ensure(ctx context.Context, tx *db.Tx, at Place, name string) (*Council, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > MaxNameRunes {
		return nil, errs.Field("name", "councils.bad_name", MaxNameRunes)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO councils (district_id, neighborhood_id, name, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (neighborhood_id) DO NOTHING`, at.DistrictID, at.NeighborhoodID, name, s.Now().UnixMilli()); err != nil {
		return nil, errs.Internalf("councils: ensure: %w", err)
	}
	return s.byNeighborhood(ctx, tx, at.NeighborhoodID)
}

// ByNeighborhood returns a neighborhood's council. Errors: not_found.
func (s *Store) ByNeighborhood(ctx context.Context, hoodID int64) (*Council, error) {
	return s.byNeighborhood(ctx, s.DB, hoodID)
}

func (s *Store) byNeighborhood(ctx context.Context, q db.Querier, hoodID int64) (*Council, error) {
	var c Council
	var created int64
	err := q.QueryRowContext(ctx, `SELECT id, district_id, neighborhood_id, name, meeting_count, open_actions, created_at FROM councils
		WHERE neighborhood_id = ?`, hoodID).Scan(&c.ID, &c.DistrictID, &c.NeighborhoodID, &c.Name, &c.MeetingCount, &c.OpenActions, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "councils.not_found")
	}
	if err != nil {
		return nil, errs.Internalf("councils: council: %w", err)
	}
	c.CreatedAt = time.UnixMilli(created)
	return &c, nil
}

// Election is one election of council members: when, and how it went.
type Election struct {
	ID     int64
	HeldOn time.Time
	Note   string
}

// AddElection records an election. Errors: invalid.
func (s *Store) AddElection(ctx context.Context, tx *db.Tx, c *Council, heldOn time.Time, note string) (*Election, error) {
	note = strings.TrimSpace(note)
	if note == "" || utf8.RuneCountInString(note) > MaxTextRunes {
		return nil, errs.Field("note", "councils.bad_election_note", MaxTextRunes)
	}
	e := &Election{HeldOn: heldOn, Note: note}
	err := tx.QueryRowContext(ctx, `INSERT INTO council_elections (council_id, district_id, held_on, note, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		c.ID, c.DistrictID, heldOn.UnixMilli(), note, s.Now().UnixMilli()).Scan(&e.ID)
	if err != nil {
		return nil, errs.Internalf("councils: election: %w", err)
	}
	return e, nil
}

// Elections lists a council's elections, latest first.
func (s *Store) Elections(ctx context.Context, councilID int64) ([]Election, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, held_on, note FROM council_elections WHERE council_id = ? ORDER BY held_on DESC LIMIT 20`, councilID)
	if err != nil {
		return nil, errs.Internalf("councils: elections: %w", err)
	}
	defer rows.Close()
	var out []Election
	for rows.Next() {
		var e Election
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Note); err != nil {
			return nil, errs.Internalf("councils: scan election: %w", err)
		}
		e.HeldOn = time.UnixMilli(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Member is a person serving on the council for a term.
type Member struct {
	ID         int64
	UserID     int64
	Nickname   string
	Role       Role
	UnitID     int64
	UnitName   string
	ElectionID int64
	TermStart  time.Time
	TermEnd    time.Time
}

// AddMember seats a person in a role for a term (a unit representative names
// their unit). Errors: invalid.
func (s *Store) AddMember(ctx context.Context, tx *db.Tx, c *Council, m Member) (*Member, error) {
	if !in(m.Role, Roles) {
		return nil, errs.Field("role", "councils.bad_role")
	}
	if m.UserID <= 0 {
		return nil, errs.Field("user_id", "councils.bad_member")
	}
	if !m.TermEnd.After(m.TermStart) {
		return nil, errs.Field("term_end", "councils.bad_term")
	}
	if m.Role != UnitRep {
		m.UnitID = 0
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO council_members (council_id, district_id, user_id, role, unit_id, election_id, term_start, term_end)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.ID, c.DistrictID, m.UserID, m.Role, nullable(m.UnitID), nullable(m.ElectionID),
		m.TermStart.UnixMilli(), m.TermEnd.UnixMilli()).Scan(&m.ID)
	if err != nil {
		return nil, errs.Internalf("councils: add member: %w", err)
	}
	return &m, nil
}

// Members lists the members whose term includes at, by role.
func (s *Store) Members(ctx context.Context, councilID int64, at time.Time) ([]Member, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT m.id, m.user_id, COALESCE(u.nickname, ''), m.role, COALESCE(m.unit_id, 0), COALESCE(un.name, ''),
		COALESCE(m.election_id, 0), m.term_start, m.term_end FROM council_members m LEFT JOIN users u ON u.id = m.user_id
		LEFT JOIN units un ON un.id = m.unit_id WHERE m.council_id = ? AND m.term_start <= ? AND m.term_end > ?
		ORDER BY CASE m.role WHEN 'chair' THEN 0 WHEN 'vice_chair' THEN 1 WHEN 'building_leader' THEN 2 WHEN 'resident_rep' THEN 3 ELSE 4 END, m.id`,
		councilID, at.UnixMilli(), at.UnixMilli())
	if err != nil {
		return nil, errs.Internalf("councils: members: %w", err)
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		var from, to int64
		if err := rows.Scan(&m.ID, &m.UserID, &m.Nickname, &m.Role, &m.UnitID, &m.UnitName, &m.ElectionID, &from, &to); err != nil {
			return nil, errs.Internalf("councils: scan member: %w", err)
		}
		m.TermStart, m.TermEnd = time.UnixMilli(from), time.UnixMilli(to)
		out = append(out, m)
	}
	return out, rows.Err()
}

// IsMember reports whether a person serves on a council at a time.
func (s *Store) IsMember(ctx context.Context, councilID, userID int64, at time.Time) (bool, error) {
	if userID == 0 {
		return false, nil
	}
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM council_members WHERE council_id = ? AND user_id = ? AND term_start <= ? AND term_end > ?`,
		councilID, userID, at.UnixMilli(), at.UnixMilli()).Scan(&n)
	if err != nil {
		return false, errs.Internalf("councils: is member: %w", err)
	}
	return n > 0, nil
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func in[T comparable](x T, list []T) bool {
	for _, y := range list {
		if x == y {
			return true
		}
	}
	return false
}
