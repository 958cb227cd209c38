package board

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// SetStatus shows, holds, hides or deletes a topic or comment, keeping the
// counters that only count visible things in step, inside tx. It returns the
// author and the previous status. Errors: not_found, invalid.
func (s *Store) SetStatus(ctx context.Context, tx *db.Tx, targetType string, id int64, status Status, reason string) (authorID int64, prev Status, err error) {
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > 200 {
		return 0, "", errs.Field("reason", "error.too_long", 200)
	}
	table := map[string]string{"topic": "topics", "comment": "comments"}[targetType]
	if table == "" {
		return 0, "", errs.Field("target", "board.bad_target")
	}
	var parent, hood int64 // the section of a topic, the topic of a comment
	col := map[string]string{"topic": "section_id", "comment": "topic_id"}[targetType]
	err = tx.QueryRowContext(ctx, `SELECT author_id, status, `+col+`, neighborhood_id FROM `+table+` WHERE id = ?`, id).Scan(&authorID, &prev, &parent, &hood)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", errs.New(errs.NotFound, "board."+targetType+"_not_found")
	}
	if err != nil {
		return 0, "", errs.Internalf("board: status: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET status = ?, status_reason = ? WHERE id = ?`, status, reason, id); err != nil {
		return 0, "", errs.Internalf("board: set status: %w", err)
	}
	s.changed(tx, hood)
	delta := 0
	switch {
	case prev != Visible && status == Visible:
		delta = 1
	case prev == Visible && status != Visible:
		delta = -1
	}
	if delta != 0 {
		if targetType == "topic" {
			_, err = tx.ExecContext(ctx, `UPDATE sections SET topic_count = topic_count + ? WHERE id = ?`, delta, parent)
		} else {
			err = s.bump(ctx, tx, parent, delta, 0, 0, s.Now())
		}
		if err != nil {
			return 0, "", errs.Internalf("board: recount: %w", err)
		}
	}
	return authorID, prev, nil
}

// SetFlags pins or locks a topic.
func (s *Store) SetFlags(ctx context.Context, tx *db.Tx, topicID int64, pinned, locked bool) error {
	var hood int64
	err := tx.QueryRowContext(ctx, `UPDATE topics SET pinned = ?, locked = ? WHERE id = ? RETURNING neighborhood_id`, pinned, locked, topicID).Scan(&hood)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.New(errs.NotFound, "board.topic_not_found")
	}
	if err != nil {
		return errs.Internalf("board: flags: %w", err)
	}
	s.changed(tx, hood)
	return nil
}

// Move puts a topic in another section of the same neighborhood. Errors: invalid.
func (s *Store) Move(ctx context.Context, tx *db.Tx, t *Topic, to *Section) error {
	if to.NeighborhoodID != t.NeighborhoodID {
		return errs.Field("section", "board.section_not_found")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE topics SET section_id = ? WHERE id = ?`, to.ID, t.ID); err != nil {
		return errs.Internalf("board: move: %w", err)
	}
	s.changed(tx, t.NeighborhoodID)
	if t.Status == Visible {
		if _, err := tx.ExecContext(ctx, `UPDATE sections SET topic_count = topic_count + (CASE WHEN id = ? THEN 1 ELSE -1 END)
			WHERE id IN (?, ?)`, to.ID, to.ID, t.SectionID); err != nil {
			return errs.Internalf("board: move counts: %w", err)
		}
	}
	return nil
}

// Report records one person's report of a topic or comment, once per person.
// When reports reach threshold a visible target is held until a cadre decides.
// It reports whether this report held the target.
func (s *Store) Report(ctx context.Context, targetType string, id, userID int64, reason string, threshold int) (bool, error) {
	table := map[string]string{"topic": "topics", "comment": "comments"}[targetType]
	if table == "" {
		return false, errs.Field("target", "board.bad_target")
	}
	held := false
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		var district, hood int64
		if err := tx.QueryRowContext(ctx, `SELECT district_id, neighborhood_id FROM `+table+` WHERE id = ?`, id).Scan(&district, &hood); err != nil {
			return errs.New(errs.NotFound, "board."+targetType+"_not_found")
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO reports (target_type, target_id, user_id, district_id, neighborhood_id, reason, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, targetType, id, userID, district, hood, strings.TrimSpace(reason), s.Now().UnixMilli())
		if err != nil {
			return errs.Internalf("board: report: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		var count int
		var status Status
		if err := tx.QueryRowContext(ctx, `UPDATE `+table+` SET report_count = report_count + 1 WHERE id = ? RETURNING report_count, status`, id).Scan(&count, &status); err != nil {
			return errs.Internalf("board: count report: %w", err)
		}
		if count >= threshold && status == Visible {
			if _, _, err := s.SetStatus(ctx, tx, targetType, id, Held, "reported"); err != nil {
				return err
			}
			held = true
		}
		return nil
	})
	return held, err
}

// HeldItem is a topic or comment waiting in the moderation queue.
type HeldItem struct {
	Type        string
	ID          int64
	TopicID     int64
	Title       string
	Body        string
	Author      string
	Reason      string
	ReportCount int
	CreatedAtMs int64
}

// Held lists what waits for moderation in a neighborhood, oldest first.
func (s *Store) Held(ctx context.Context, neighborhoodID int64) ([]HeldItem, error) {
	rows, err := s.DB.QueryContext(ctx, `
		SELECT 'topic', t.id, t.id, t.title, t.body, u.nickname, t.status_reason, t.report_count, t.created_at
		FROM topics t JOIN users u ON u.id = t.author_id WHERE t.neighborhood_id = ? AND t.status = 'held'
		UNION ALL
		SELECT 'comment', c.id, c.topic_id, '', c.body, u.nickname, c.status_reason, c.report_count, c.created_at
		FROM comments c JOIN users u ON u.id = c.author_id WHERE c.neighborhood_id = ? AND c.status = 'held'
		ORDER BY 9 LIMIT 200`, neighborhoodID, neighborhoodID)
	if err != nil {
		return nil, errs.Internalf("board: held: %w", err)
	}
	defer rows.Close()
	var out []HeldItem
	for rows.Next() {
		var h HeldItem
		if err := rows.Scan(&h.Type, &h.ID, &h.TopicID, &h.Title, &h.Body, &h.Author, &h.Reason, &h.ReportCount, &h.CreatedAtMs); err != nil {
			return nil, errs.Internalf("board: scan held: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
