// Package inbox records every notification a person gets (a reply, a comment
// on their topic, a moderation decision). Pages read it; later channels (push,
// mail) will deliver from it.
package inbox

import (
	"context"
	"strconv"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Kinds of notification.
const (
	CommentOnTopic = "comment_on_topic"
	ReplyToComment = "reply_to_comment"
	Moderated      = "moderated" // followed by "." and the action: moderated.hide
	// CaseMoved tells a reporter their case moved: "case_moved." and the
	// action (case_moved.acknowledge); Detail holds the case's title.
	CaseMoved = "case_moved"
	// CaseAssigned tells handlers a case is theirs; CaseSupervised that the
	// street or district wrote a supervision note (督办) on it.
	CaseAssigned   = "case_assigned"
	CaseSupervised = "case_supervised"
)

// ProjectMoved tells a project's followers where it now stands; it is
// followed by "." and the new state: project_moved.selected.
const ProjectMoved = "project_moved"

// Notification is one inbox entry.
type Notification struct {
	ID         int64
	UserID     int64
	DistrictID int64
	Kind       string
	TopicID    int64
	CommentID  int64
	CaseID     int64
	ProjectID  int64
	ActorID    int64
	ActorName  string
	Detail     string
	// Link is the page an entry leads to when no id above names it
	// (proposals, meetings, action items).
	Link      string
	Read      bool
	CreatedAt time.Time
}

// Href is the page the entry leads to.
func (n Notification) Href() string {
	if n.Link != "" {
		return n.Link
	}
	if n.CaseID != 0 {
		return "/cases/" + strconv.FormatInt(n.CaseID, 10)
	}
	if n.ProjectID != 0 {
		return "/projects/" + strconv.FormatInt(n.ProjectID, 10)
	}
	href := "/topics/" + strconv.FormatInt(n.TopicID, 10)
	if n.CommentID != 0 {
		href += "#c" + strconv.FormatInt(n.CommentID, 10)
	}
	return href
}

// Arg is what the message about n names: who commented, or the moderator's reason.
func (n Notification) Arg() string {
	if n.Kind == CommentOnTopic || n.Kind == ReplyToComment {
		return n.ActorName
	}
	return n.Detail
}

// Store keeps inboxes.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{DB: d, Now: time.Now} }

func zero(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Notify adds an entry to a person's inbox; pass the transaction that made the
// change so the entry commits with it.
func (s *Store) Notify(ctx context.Context, q db.Querier, n Notification) error {
	_, err := q.ExecContext(ctx, `INSERT INTO notifications (user_id, district_id, kind, topic_id, comment_id, case_id, project_id, actor_id, detail, link, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, n.UserID, n.DistrictID, n.Kind, zero(n.TopicID), zero(n.CommentID), zero(n.CaseID), zero(n.ProjectID), zero(n.ActorID),
		n.Detail, n.Link, s.Now().UnixMilli())
	if err != nil {
		return errs.Internalf("inbox: notify: %w", err)
	}
	return nil
}

// List returns a person's notifications, newest first, before a cursor id.
func (s *Store) List(ctx context.Context, userID, before int64, limit int) ([]Notification, int64, error) {
	if limit <= 0 || limit > 100 {
		limit = 30
	}
	if before <= 0 {
		before = 1 << 62
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT n.id, n.user_id, n.district_id, n.kind, COALESCE(n.topic_id, 0), COALESCE(n.comment_id, 0),
		COALESCE(n.case_id, 0), COALESCE(n.project_id, 0), COALESCE(n.actor_id, 0), COALESCE(u.nickname, ''), n.detail, n.link, n.read_at IS NOT NULL, n.created_at
		FROM notifications n LEFT JOIN users u ON u.id = n.actor_id WHERE n.user_id = ? AND n.id < ? ORDER BY n.id DESC LIMIT ?`,
		userID, before, limit+1)
	if err != nil {
		return nil, 0, errs.Internalf("inbox: list: %w", err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		var created int64
		if err := rows.Scan(&n.ID, &n.UserID, &n.DistrictID, &n.Kind, &n.TopicID, &n.CommentID, &n.CaseID, &n.ProjectID, &n.ActorID, &n.ActorName, &n.Detail,
			&n.Link, &n.Read, &created); err != nil {
			return nil, 0, errs.Internalf("inbox: scan: %w", err)
		}
		n.CreatedAt = time.UnixMilli(created)
		out = append(out, n)
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[len(out)-1].ID
	}
	return out, next, rows.Err()
}

// UnreadQuery returns a scalar SQL expression, with its arguments, counting
// a person's unread notifications; the navigation reads it together with
// the unread messages in one round trip.
func UnreadQuery(userID int64) (string, []any) {
	return `(SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL)`, []any{userID}
}

// Unread counts a person's unread notifications.
func (s *Store) Unread(ctx context.Context, userID int64) (int, error) {
	var n int
	q, args := UnreadQuery(userID)
	if err := s.DB.QueryRowContext(ctx, `SELECT `+q, args...).Scan(&n); err != nil {
		return 0, errs.Internalf("inbox: unread: %w", err)
	}
	return n, nil
}

// MarkAllRead marks every notification of a person read.
func (s *Store) MarkAllRead(ctx context.Context, userID int64) error {
	if _, err := s.DB.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, s.Now().UnixMilli(), userID); err != nil {
		return errs.Internalf("inbox: mark read: %w", err)
	}
	return nil
}
