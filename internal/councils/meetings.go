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

// Mode is where a meeting happens.
type Mode string

// The modes.
const (
	InPerson Mode = "in_person"
	Online   Mode = "online"
	Both     Mode = "both"
)

// Modes lists the modes in form order.
var Modes = []Mode{InPerson, Online, Both}

// Meeting is one council meeting with its counters.
type Meeting struct {
	ID              int64
	CouncilID       int64
	DistrictID      int64
	NeighborhoodID  int64
	Title           string
	StartsAt        time.Time
	Mode            Mode
	Location        string
	OnlineLink      string
	Minutes         string
	MinutesAt       time.Time
	AttendanceCount int
	InvitedCount    int
	DecisionCount   int
	ActionCount     int
	CreatedBy       int64
}

// Held reports whether the meeting has started by now.
func (m *Meeting) Held(now time.Time) bool { return !m.StartsAt.After(now) }

// MeetingInput is what a cadre writes to call a meeting.
type MeetingInput struct {
	Title      string
	StartsAt   time.Time
	Mode       Mode
	Location   string
	OnlineLink string
}

// checkMeeting validates a meeting. Errors: invalid.
func checkMeeting(mi *MeetingInput) error {
	mi.Title, mi.Location, mi.OnlineLink = strings.TrimSpace(mi.Title), strings.TrimSpace(mi.Location), strings.TrimSpace(mi.OnlineLink)
	switch {
	case mi.Title == "" || utf8.RuneCountInString(mi.Title) > MaxNameRunes:
		return errs.Field("title", "councils.bad_title", MaxNameRunes)
	case mi.StartsAt.IsZero():
		return errs.Field("starts_at", "councils.bad_time")
	case !in(mi.Mode, Modes):
		return errs.Field("mode", "councils.bad_mode")
	case mi.Mode != Online && mi.Location == "":
		return errs.Field("location", "councils.location_required")
	case mi.Mode != InPerson && !strings.HasPrefix(mi.OnlineLink, "https://"):
		return errs.Field("online_link", "councils.link_required")
	case utf8.RuneCountInString(mi.Location) > MaxNameRunes || len(mi.OnlineLink) > 500:
		return errs.Field("location", "error.too_long", MaxNameRunes)
	}
	return nil
}

const meetingCols = `id, council_id, district_id, neighborhood_id, title, starts_at, mode, location, online_link, minutes, COALESCE(minutes_at, 0),
	attendance_count, invited_count, decision_count, action_count, created_by`

func scanMeeting(row interface{ Scan(...any) error }) (*Meeting, error) {
	var m Meeting
	var starts, minutesAt int64
	if err := row.Scan(&m.ID, &m.CouncilID, &m.DistrictID, &m.NeighborhoodID, &m.Title, &starts, &m.Mode, &m.Location, &m.OnlineLink, &m.Minutes,
		&minutesAt, &m.AttendanceCount, &m.InvitedCount, &m.DecisionCount, &m.ActionCount, &m.CreatedBy); err != nil {
		return nil, err
	}
	m.StartsAt = time.UnixMilli(starts)
	if minutesAt != 0 {
		m.MinutesAt = time.UnixMilli(minutesAt)
	}
	return &m, nil
}

// CreateMeeting calls a meeting of council c inside tx. Its agenda starts
// with every open action item of the council (the report-back loop), then
// the items given. Errors: invalid.
func (s *Store) CreateMeeting(ctx context.Context, tx *db.Tx, c *Council, by int64, in MeetingInput, items []AgendaInput) (*Meeting, error) {
	if err := checkMeeting(&in); err != nil {
		return nil, err
	}
	if len(items) > MaxAgendaItems {
		return nil, errs.Field("agenda", "councils.too_many_items", MaxAgendaItems)
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO meetings (council_id, district_id, neighborhood_id, title, starts_at, mode, location, online_link,
		created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.ID, c.DistrictID, c.NeighborhoodID, in.Title,
		in.StartsAt.UnixMilli(), in.Mode, in.Location, in.OnlineLink, by, s.Now().UnixMilli()).Scan(&id)
	if err != nil {
		return nil, errs.Internalf("councils: create meeting: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE councils SET meeting_count = meeting_count + 1 WHERE id = ?`, c.ID); err != nil {
		return nil, errs.Internalf("councils: count meetings: %w", err)
	}
	// Open action items first, in one statement, by due date.
	if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_agenda (meeting_id, district_id, position, kind, ref_id, title, private)
		SELECT ?, district_id, ROW_NUMBER() OVER (ORDER BY due_at, id), 'action', id, title, private
		FROM action_items WHERE council_id = ? AND done_at IS NULL`, id, c.ID); err != nil {
		return nil, errs.Internalf("councils: carry open items: %w", err)
	}
	for _, it := range items {
		if _, err := s.AddAgendaItem(ctx, tx, id, c.DistrictID, it); err != nil {
			return nil, err
		}
	}
	return s.meeting(ctx, tx, id)
}

// Meeting returns one meeting. Errors: not_found.
func (s *Store) Meeting(ctx context.Context, id int64) (*Meeting, error) {
	return s.meeting(ctx, s.DB, id)
}

func (s *Store) meeting(ctx context.Context, q db.Querier, id int64) (*Meeting, error) {
	m, err := scanMeeting(q.QueryRowContext(ctx, `SELECT `+meetingCols+` FROM meetings WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "councils.meeting_not_found")
	}
	if err != nil {
		return nil, errs.Internalf("councils: meeting %d: %w", id, err)
	}
	return m, nil
}

// Meetings lists a council's meetings, latest first, starting before a time
// (0 = any); next is the cursor for the following page.
func (s *Store) Meetings(ctx context.Context, councilID int64, before int64, limit int) (out []*Meeting, next int64, err error) {
	if before <= 0 {
		before = 1 << 62
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+meetingCols+` FROM meetings WHERE council_id = ? AND starts_at < ? ORDER BY starts_at DESC, id DESC LIMIT ?`,
		councilID, before, limit+1)
	if err != nil {
		return nil, 0, errs.Internalf("councils: meetings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, 0, errs.Internalf("councils: scan meeting: %w", err)
		}
		out = append(out, m)
	}
	if len(out) > limit {
		out = out[:limit]
		next = out[len(out)-1].StartsAt.UnixMilli()
	}
	return out, next, rows.Err()
}

// AgendaKind is what an agenda item is about.
type AgendaKind string

// The kinds; all but Other name a record by id.
const (
	AboutProposal AgendaKind = "proposal"
	AboutCase     AgendaKind = "case"
	AboutProject  AgendaKind = "project"
	AboutAction   AgendaKind = "action"
	AboutOther    AgendaKind = "other"
)

// AgendaKinds lists the kinds a cadre may add (open action items come by themselves).
var AgendaKinds = []AgendaKind{AboutProposal, AboutCase, AboutProject, AboutOther}

// AgendaInput is one item a cadre puts on the agenda.
type AgendaInput struct {
	Kind    AgendaKind
	RefID   int64
	Title   string
	Private bool
}

// AgendaItem is one item of a meeting's agenda.
type AgendaItem struct {
	ID       int64
	Position int
	Kind     AgendaKind
	RefID    int64
	Title    string
	Private  bool
}

// AddAgendaItem appends an item to a meeting's agenda. The service checks
// that a named proposal, case or project belongs to the neighborhood.
// Errors: invalid.
func (s *Store) AddAgendaItem(ctx context.Context, tx *db.Tx, meetingID, districtID int64, it AgendaInput) (*AgendaItem, error) {
	it.Title = strings.TrimSpace(it.Title)
	if !in(it.Kind, AgendaKinds) && it.Kind != AboutAction {
		return nil, errs.Field("kind", "councils.bad_agenda_kind")
	}
	if (it.Kind == AboutOther) != (it.RefID == 0) {
		return nil, errs.Field("ref_id", "councils.bad_agenda_ref")
	}
	if it.Title == "" || utf8.RuneCountInString(it.Title) > MaxNameRunes*2 {
		return nil, errs.Field("title", "councils.bad_title", MaxNameRunes*2)
	}
	a := &AgendaItem{Kind: it.Kind, RefID: it.RefID, Title: it.Title, Private: it.Private}
	err := tx.QueryRowContext(ctx, `INSERT INTO meeting_agenda (meeting_id, district_id, position, kind, ref_id, title, private)
		VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM meeting_agenda WHERE meeting_id = ?), ?, ?, ?, ?) RETURNING id, position`,
		meetingID, districtID, meetingID, it.Kind, nullable(it.RefID), it.Title, boolInt(it.Private)).Scan(&a.ID, &a.Position)
	if err != nil {
		return nil, errs.Internalf("councils: agenda item: %w", err)
	}
	return a, nil
}

// Agenda lists a meeting's agenda in order.
func (s *Store) Agenda(ctx context.Context, q db.Querier, meetingID int64) ([]AgendaItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, position, kind, COALESCE(ref_id, 0), title, private FROM meeting_agenda WHERE meeting_id = ? ORDER BY position`, meetingID)
	if err != nil {
		return nil, errs.Internalf("councils: agenda: %w", err)
	}
	defer rows.Close()
	var out []AgendaItem
	for rows.Next() {
		var a AgendaItem
		var private int
		if err := rows.Scan(&a.ID, &a.Position, &a.Kind, &a.RefID, &a.Title, &private); err != nil {
			return nil, errs.Internalf("councils: scan agenda: %w", err)
		}
		a.Private = private != 0
		out = append(out, a)
	}
	return out, rows.Err()
}

// Invite invites people to a meeting; those already invited are left as
// they are. It returns the ones newly invited. Errors: invalid.
func (s *Store) Invite(ctx context.Context, tx *db.Tx, m *Meeting, users []int64) ([]int64, error) {
	if len(users) > MaxInvitations {
		return nil, errs.Field("invitees", "councils.too_many_invitations", MaxInvitations)
	}
	var added []int64
	now := s.Now().UnixMilli()
	for _, u := range users {
		res, err := tx.ExecContext(ctx, `INSERT INTO meeting_invitations (meeting_id, user_id, district_id, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, m.ID, u, m.DistrictID, now)
		if err != nil {
			return nil, errs.Internalf("councils: invite: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			added = append(added, u)
		}
	}
	if len(added) > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET invited_count = invited_count + ? WHERE id = ?`, len(added), m.ID); err != nil {
			return nil, errs.Internalf("councils: count invitations: %w", err)
		}
	}
	return added, nil
}

// SignIn records that a person attended, signed in by themselves or by the
// cadre at the door; signing in twice counts once. It reports whether the
// person was newly signed in.
func (s *Store) SignIn(ctx context.Context, tx *db.Tx, m *Meeting, user, by int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO meeting_attendance (meeting_id, user_id, district_id, signed_by, signed_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, m.ID, user, m.DistrictID, by, s.Now().UnixMilli())
	if err != nil {
		return false, errs.Internalf("councils: sign in: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meetings SET attendance_count = attendance_count + 1 WHERE id = ?`, m.ID); err != nil {
		return false, errs.Internalf("councils: count attendance: %w", err)
	}
	return true, nil
}

// Person is someone invited to or present at a meeting.
type Person struct {
	UserID   int64
	Nickname string
	Invited  bool
	SignedIn bool
	At       time.Time
}

// People lists everyone invited or signed in, invited first.
func (s *Store) People(ctx context.Context, meetingID int64) ([]Person, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT x.user_id, COALESCE(u.nickname, ''), MAX(x.invited), MAX(x.signed), MAX(x.at) FROM (
		SELECT user_id, 1 AS invited, 0 AS signed, 0 AS at FROM meeting_invitations WHERE meeting_id = ?
		UNION ALL SELECT user_id, 0, 1, signed_at FROM meeting_attendance WHERE meeting_id = ?) x
		LEFT JOIN users u ON u.id = x.user_id GROUP BY x.user_id, u.nickname ORDER BY MAX(x.invited) DESC, x.user_id`, meetingID, meetingID)
	if err != nil {
		return nil, errs.Internalf("councils: people: %w", err)
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		var p Person
		var inv, signed int
		var at int64
		if err := rows.Scan(&p.UserID, &p.Nickname, &inv, &signed, &at); err != nil {
			return nil, errs.Internalf("councils: scan person: %w", err)
		}
		p.Invited, p.SignedIn = inv != 0, signed != 0
		if at != 0 {
			p.At = time.UnixMilli(at)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SetMinutes writes a meeting's minutes, during or after it. Errors: invalid.
func (s *Store) SetMinutes(ctx context.Context, tx *db.Tx, m *Meeting, text string) error {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if utf8.RuneCountInString(text) > MaxMinutesRunes {
		return errs.Field("minutes", "error.too_long", MaxMinutesRunes)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meetings SET minutes = ?, minutes_at = ? WHERE id = ?`, text, s.Now().UnixMilli(), m.ID); err != nil {
		return errs.Internalf("councils: minutes: %w", err)
	}
	return nil
}
