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

// Decision is what a meeting decided, with its in-meeting vote count.
type Decision struct {
	ID       int64
	AgendaID int64
	Body     string
	For      int
	Against  int
	Abstain  int
	Private  bool
}

// Passed reports whether more voted for than against.
func (d *Decision) Passed() bool { return d.For > d.Against }

// AddDecision records a decision, optionally on an agenda item of the same
// meeting, and returns it with that item (nil when none). Errors: invalid.
func (s *Store) AddDecision(ctx context.Context, tx *db.Tx, m *Meeting, d Decision) (*Decision, *AgendaItem, error) {
	d.Body = strings.TrimSpace(d.Body)
	if d.Body == "" || utf8.RuneCountInString(d.Body) > MaxTextRunes*4 {
		return nil, nil, errs.Field("body", "councils.bad_decision", MaxTextRunes*4)
	}
	if d.For < 0 || d.Against < 0 || d.Abstain < 0 || d.For+d.Against+d.Abstain > MaxVotes {
		return nil, nil, errs.Field("votes", "councils.bad_votes")
	}
	var item *AgendaItem
	if d.AgendaID != 0 {
		var a AgendaItem
		var private int
		err := tx.QueryRowContext(ctx, `SELECT id, position, kind, COALESCE(ref_id, 0), title, private FROM meeting_agenda WHERE id = ? AND meeting_id = ?`,
			d.AgendaID, m.ID).Scan(&a.ID, &a.Position, &a.Kind, &a.RefID, &a.Title, &private)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil, errs.Field("agenda_id", "councils.bad_agenda_item")
		}
		if err != nil {
			return nil, nil, errs.Internalf("councils: decision item: %w", err)
		}
		a.Private = private != 0
		d.Private = d.Private || a.Private
		item = &a
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO meeting_decisions (meeting_id, district_id, agenda_id, body, votes_for, votes_against, votes_abstain,
		private, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.ID, m.DistrictID, nullable(d.AgendaID), d.Body, d.For, d.Against,
		d.Abstain, boolInt(d.Private), s.Now().UnixMilli()).Scan(&d.ID)
	if err != nil {
		return nil, nil, errs.Internalf("councils: decision: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meetings SET decision_count = decision_count + 1 WHERE id = ?`, m.ID); err != nil {
		return nil, nil, errs.Internalf("councils: count decisions: %w", err)
	}
	return &d, item, nil
}

// Decisions lists a meeting's decisions in order.
func (s *Store) Decisions(ctx context.Context, meetingID int64) ([]Decision, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, COALESCE(agenda_id, 0), body, votes_for, votes_against, votes_abstain, private
		FROM meeting_decisions WHERE meeting_id = ? ORDER BY id`, meetingID)
	if err != nil {
		return nil, errs.Internalf("councils: decisions: %w", err)
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var d Decision
		var private int
		if err := rows.Scan(&d.ID, &d.AgendaID, &d.Body, &d.For, &d.Against, &d.Abstain, &private); err != nil {
			return nil, errs.Internalf("councils: scan decision: %w", err)
		}
		d.Private = private != 0
		out = append(out, d)
	}
	return out, rows.Err()
}

// ActionItem is work a meeting assigned: an owner, a due date, progress
// reports, done or open.
type ActionItem struct {
	ID            int64
	CouncilID     int64
	MeetingID     int64
	DistrictID    int64
	Title         string
	OwnerID       int64
	OwnerName     string
	DueAt         time.Time
	DoneAt        time.Time
	Private       bool
	ProgressCount int
	CreatedAt     time.Time
}

// Done reports whether the item is finished.
func (a *ActionItem) Done() bool { return !a.DoneAt.IsZero() }

// Overdue reports whether the item is open past its due date.
func (a *ActionItem) Overdue(now time.Time) bool { return !a.Done() && a.DueAt.Before(now) }

// AddAction assigns an action item at a meeting. Errors: invalid.
func (s *Store) AddAction(ctx context.Context, tx *db.Tx, m *Meeting, title string, owner int64, due time.Time, private bool) (*ActionItem, error) {
	title = strings.TrimSpace(title)
	if title == "" || utf8.RuneCountInString(title) > MaxNameRunes*2 {
		return nil, errs.Field("title", "councils.bad_title", MaxNameRunes*2)
	}
	if owner <= 0 {
		return nil, errs.Field("owner_id", "councils.owner_required")
	}
	if due.IsZero() {
		return nil, errs.Field("due_at", "councils.bad_time")
	}
	a := &ActionItem{CouncilID: m.CouncilID, MeetingID: m.ID, DistrictID: m.DistrictID, Title: title, OwnerID: owner, DueAt: due, Private: private,
		CreatedAt: s.Now()}
	err := tx.QueryRowContext(ctx, `INSERT INTO action_items (council_id, meeting_id, district_id, title, owner_id, due_at, private, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.CouncilID, m.ID, m.DistrictID, title, owner, due.UnixMilli(), boolInt(private),
		a.CreatedAt.UnixMilli()).Scan(&a.ID)
	if err != nil {
		return nil, errs.Internalf("councils: add action: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meetings SET action_count = action_count + 1 WHERE id = ?`, m.ID); err != nil {
		return nil, errs.Internalf("councils: count actions: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE councils SET open_actions = open_actions + 1 WHERE id = ?`, m.CouncilID); err != nil {
		return nil, errs.Internalf("councils: count open actions: %w", err)
	}
	return a, nil
}

const actionCols = `a.id, a.council_id, a.meeting_id, a.district_id, a.title, a.owner_id, COALESCE(u.nickname, ''), a.due_at, COALESCE(a.done_at, 0),
	a.private, a.progress_count, a.created_at`

const actionFrom = ` FROM action_items a LEFT JOIN users u ON u.id = a.owner_id`

func scanAction(row interface{ Scan(...any) error }) (*ActionItem, error) {
	var a ActionItem
	var due, done, created int64
	var private int
	if err := row.Scan(&a.ID, &a.CouncilID, &a.MeetingID, &a.DistrictID, &a.Title, &a.OwnerID, &a.OwnerName, &due, &done, &private,
		&a.ProgressCount, &created); err != nil {
		return nil, err
	}
	a.DueAt, a.CreatedAt, a.Private = time.UnixMilli(due), time.UnixMilli(created), private != 0
	if done != 0 {
		a.DoneAt = time.UnixMilli(done)
	}
	return &a, nil
}

// Action returns one action item. Errors: not_found.
func (s *Store) Action(ctx context.Context, id int64) (*ActionItem, error) {
	a, err := scanAction(s.DB.QueryRowContext(ctx, `SELECT `+actionCols+actionFrom+` WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "councils.action_not_found")
	}
	if err != nil {
		return nil, errs.Internalf("councils: action %d: %w", id, err)
	}
	return a, nil
}

func (s *Store) actions(ctx context.Context, where string, args ...any) ([]*ActionItem, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+actionCols+actionFrom+` WHERE `+where, args...)
	if err != nil {
		return nil, errs.Internalf("councils: actions: %w", err)
	}
	defer rows.Close()
	var out []*ActionItem
	for rows.Next() {
		a, err := scanAction(rows)
		if err != nil {
			return nil, errs.Internalf("councils: scan action: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// MeetingActions lists the action items a meeting assigned.
func (s *Store) MeetingActions(ctx context.Context, meetingID int64) ([]*ActionItem, error) {
	return s.actions(ctx, `a.meeting_id = ? ORDER BY a.id`, meetingID)
}

// OpenActions lists a council's open action items, soonest due first (the
// overdue ones lead), at most limit.
func (s *Store) OpenActions(ctx context.Context, councilID int64, limit int) ([]*ActionItem, error) {
	return s.actions(ctx, `a.council_id = ? AND a.done_at IS NULL ORDER BY a.due_at, a.id LIMIT ?`, councilID, limit)
}

// CountOverdue counts a council's open items past due at now.
func (s *Store) CountOverdue(ctx context.Context, councilID int64, now time.Time) (int, error) {
	var n int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM action_items WHERE council_id = ? AND done_at IS NULL AND due_at < ?`,
		councilID, now.UnixMilli()).Scan(&n); err != nil {
		return 0, errs.Internalf("councils: overdue: %w", err)
	}
	return n, nil
}

// Progress is one report on an action item.
type Progress struct {
	ID         int64
	AuthorID   int64
	AuthorName string
	Body       string
	CreatedAt  time.Time
}

// Report adds a progress report to an open action item; done closes it. A
// closed item takes no more reports. Errors: invalid, conflict (already done).
func (s *Store) Report(ctx context.Context, tx *db.Tx, a *ActionItem, author int64, body string, done bool) error {
	body = strings.TrimSpace(body)
	if body == "" || utf8.RuneCountInString(body) > MaxTextRunes*2 {
		return errs.Field("body", "councils.bad_report", MaxTextRunes*2)
	}
	now := s.Now().UnixMilli()
	set := `progress_count = progress_count + 1`
	if done {
		set += `, done_at = ?`
	}
	args := []any{}
	if done {
		args = append(args, now)
	}
	res, err := tx.ExecContext(ctx, `UPDATE action_items SET `+set+` WHERE id = ? AND done_at IS NULL`, append(args, a.ID)...)
	if err != nil {
		return errs.Internalf("councils: report: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.Conflict, "councils.action_done")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO action_progress (action_id, district_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)`,
		a.ID, a.DistrictID, author, body, now); err != nil {
		return errs.Internalf("councils: progress: %w", err)
	}
	if done {
		if _, err := tx.ExecContext(ctx, `UPDATE councils SET open_actions = open_actions - 1 WHERE id = ?`, a.CouncilID); err != nil {
			return errs.Internalf("councils: count open actions: %w", err)
		}
	}
	return nil
}

// ProgressOf lists an action item's reports, oldest first.
func (s *Store) ProgressOf(ctx context.Context, actionID int64) ([]Progress, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT p.id, p.author_id, COALESCE(u.nickname, ''), p.body, p.created_at FROM action_progress p
		LEFT JOIN users u ON u.id = p.author_id WHERE p.action_id = ? ORDER BY p.id LIMIT 200`, actionID)
	if err != nil {
		return nil, errs.Internalf("councils: progress: %w", err)
	}
	defer rows.Close()
	var out []Progress
	for rows.Next() {
		var p Progress
		var at int64
		if err := rows.Scan(&p.ID, &p.AuthorID, &p.AuthorName, &p.Body, &at); err != nil {
			return nil, errs.Internalf("councils: scan progress: %w", err)
		}
		p.CreatedAt = time.UnixMilli(at)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Reminder is an overdue action item whose owner is to be reminded.
type Reminder struct {
	ActionID, CouncilID, DistrictID, OwnerID int64
	Title                                    string
}

// MarkOverdue claims every open item past due at now that has not been
// reminded, in one statement, and returns them: each owner is reminded once
// per item, however often the sweep runs.
func (s *Store) MarkOverdue(ctx context.Context, tx *db.Tx, now time.Time) ([]Reminder, error) {
	rows, err := tx.QueryContext(ctx, `UPDATE action_items SET reminded_at = ? WHERE done_at IS NULL AND reminded_at IS NULL AND due_at < ?
		RETURNING id, council_id, district_id, owner_id, title`, now.UnixMilli(), now.UnixMilli())
	if err != nil {
		return nil, errs.Internalf("councils: mark overdue: %w", err)
	}
	defer rows.Close()
	var out []Reminder
	for rows.Next() {
		var r Reminder
		if err := rows.Scan(&r.ActionID, &r.CouncilID, &r.DistrictID, &r.OwnerID, &r.Title); err != nil {
			return nil, errs.Internalf("councils: scan overdue: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
