// Package messages is private messaging from a resident to their
// neighborhood's committee or to a partner unit that serves it. Residents
// never message each other here: the board is where neighbors talk.
package messages

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

// Thread is one conversation between a resident and the committee (UnitID 0)
// or a unit.
type Thread struct {
	ID             int64
	DistrictID     int64
	NeighborhoodID int64
	ResidentID     int64
	ResidentName   string
	UnitID         int64
	Subject        string
	ResidentUnread int
	StaffUnread    int
	MessageCount   int
	LastMessageAt  time.Time
}

// Message is one message in a thread.
type Message struct {
	ID         int64
	AuthorID   int64
	AuthorName string
	FromStaff  bool
	Body       string
	CreatedAt  time.Time
}

// Store keeps threads and messages.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{DB: d, Now: time.Now} }

func check(subject, body string) (string, string, error) {
	subject, body = strings.TrimSpace(subject), strings.TrimSpace(body)
	if utf8.RuneCountInString(subject) > 60 {
		return "", "", errs.Field("subject", "error.too_long", 60)
	}
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		return "", "", errs.Field("body", "error.required")
	case n > 2000:
		return "", "", errs.Field("body", "error.too_long", 2000)
	}
	return subject, body, nil
}

// Start opens a thread with its first message. Errors: invalid.
func (s *Store) Start(ctx context.Context, districtID, hoodID, residentID, unitID int64, subject, body string) (int64, error) {
	subject, body, err := check(subject, body)
	if err != nil {
		return 0, err
	}
	if subject == "" {
		r := []rune(body)
		subject = string(r[:min(len(r), 20)])
	}
	now := s.Now().UnixMilli()
	var id int64
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		var unit any
		if unitID != 0 {
			unit = unitID
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO message_threads (district_id, neighborhood_id, resident_id, unit_id, subject,
			staff_unread, message_count, last_message_at, created_at) VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?) RETURNING id`,
			districtID, hoodID, residentID, unit, subject, now, now).Scan(&id); err != nil {
			return errs.Internalf("messages: start: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO messages (thread_id, district_id, author_id, from_staff, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			id, districtID, residentID, false, body, now)
		return err
	})
	return id, err
}

// Reply adds a message; the other side's unread counter moves in the same
// statement. Errors: invalid.
func (s *Store) Reply(ctx context.Context, t *Thread, authorID int64, fromStaff bool, body string) error {
	_, body, err := check("", body)
	if err != nil {
		return err
	}
	now := s.Now().UnixMilli()
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO messages (thread_id, district_id, author_id, from_staff, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			t.ID, t.DistrictID, authorID, fromStaff, body, now); err != nil {
			return errs.Internalf("messages: reply: %w", err)
		}
		q := `UPDATE message_threads SET staff_unread = staff_unread + 1, message_count = message_count + 1, last_message_at = ? WHERE id = ?`
		if fromStaff {
			q = `UPDATE message_threads SET resident_unread = resident_unread + 1, message_count = message_count + 1, last_message_at = ? WHERE id = ?`
		}
		_, err := tx.ExecContext(ctx, q, now, t.ID)
		return err
	})
}

const threadCols = `t.id, t.district_id, t.neighborhood_id, t.resident_id, u.nickname, COALESCE(t.unit_id, 0), t.subject,
	t.resident_unread, t.staff_unread, t.message_count, t.last_message_at`

func scanThread(row interface{ Scan(...any) error }) (*Thread, error) {
	var t Thread
	var last int64
	if err := row.Scan(&t.ID, &t.DistrictID, &t.NeighborhoodID, &t.ResidentID, &t.ResidentName, &t.UnitID, &t.Subject,
		&t.ResidentUnread, &t.StaffUnread, &t.MessageCount, &last); err != nil {
		return nil, err
	}
	t.LastMessageAt = time.UnixMilli(last)
	return &t, nil
}

// Thread returns one thread. Errors: not_found.
func (s *Store) Thread(ctx context.Context, id int64) (*Thread, error) {
	t, err := scanThread(s.DB.QueryRowContext(ctx, `SELECT `+threadCols+` FROM message_threads t JOIN users u ON u.id = t.resident_id WHERE t.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "messages.not_found")
	}
	if err != nil {
		return nil, errs.Internalf("messages: thread: %w", err)
	}
	return t, nil
}

// Mailbox selects threads: a resident's own, or those addressed to a
// committee (UnitID 0) or a unit in some neighborhoods.
type Mailbox struct {
	ResidentID      int64
	NeighborhoodIDs []int64 // committee threads of these neighborhoods
	UnitIDs         []int64 // threads to these units
}

// Threads lists a mailbox's threads, most recent first.
func (s *Store) Threads(ctx context.Context, m Mailbox) ([]*Thread, error) {
	var conds []string
	var args []any
	if m.ResidentID != 0 {
		conds = append(conds, `t.resident_id = ?`)
		args = append(args, m.ResidentID)
	}
	if len(m.NeighborhoodIDs) > 0 {
		conds = append(conds, `(t.unit_id IS NULL AND t.neighborhood_id IN (?`+strings.Repeat(`, ?`, len(m.NeighborhoodIDs)-1)+`))`)
		for _, id := range m.NeighborhoodIDs {
			args = append(args, id)
		}
	}
	if len(m.UnitIDs) > 0 {
		conds = append(conds, `t.unit_id IN (?`+strings.Repeat(`, ?`, len(m.UnitIDs)-1)+`)`)
		for _, id := range m.UnitIDs {
			args = append(args, id)
		}
	}
	if len(conds) == 0 {
		return nil, nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+threadCols+` FROM message_threads t JOIN users u ON u.id = t.resident_id
		WHERE `+strings.Join(conds, " OR ")+` ORDER BY t.last_message_at DESC LIMIT 100`, args...)
	if err != nil {
		return nil, errs.Internalf("messages: threads: %w", err)
	}
	defer rows.Close()
	var out []*Thread
	for rows.Next() {
		t, err := scanThread(rows)
		if err != nil {
			return nil, errs.Internalf("messages: scan: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Messages lists a thread's messages in order and clears the reader's side's
// unread counter.
func (s *Store) Messages(ctx context.Context, t *Thread, staffReading bool) ([]Message, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT m.id, m.author_id, u.nickname, m.from_staff, m.body, m.created_at
		FROM messages m JOIN users u ON u.id = m.author_id WHERE m.thread_id = ? ORDER BY m.id`, t.ID)
	if err != nil {
		return nil, errs.Internalf("messages: list: %w", err)
	}
	var out []Message
	for rows.Next() {
		var m Message
		var created int64
		if err := rows.Scan(&m.ID, &m.AuthorID, &m.AuthorName, &m.FromStaff, &m.Body, &created); err != nil {
			rows.Close()
			return nil, errs.Internalf("messages: scan: %w", err)
		}
		m.CreatedAt = time.UnixMilli(created)
		out = append(out, m)
	}
	rows.Close()
	col := "resident_unread"
	if staffReading {
		col = "staff_unread"
	}
	if (staffReading && t.StaffUnread > 0) || (!staffReading && t.ResidentUnread > 0) {
		if _, err := s.DB.ExecContext(ctx, `UPDATE message_threads SET `+col+` = 0 WHERE id = ?`, t.ID); err != nil {
			return nil, errs.Internalf("messages: mark read: %w", err)
		}
	}
	return out, nil
}
