package board

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Like records that a person likes a topic or comment. Liking twice is the same
// as liking once: the primary key decides, and the counter moves only when a
// row was really inserted. It reports whether this call changed anything.
//
// Likes come in bursts of tiny writes, each needing a durable commit, so they
// share commits (db.GroupTx): the like is acknowledged only after the commit
// that carries it. Errors: invalid, not_found (the target is gone).
func (s *Store) Like(ctx context.Context, districtID, userID int64, targetType string, targetID int64, on bool) (bool, error) {
	if targetType != "topic" && targetType != "comment" {
		return false, errs.Field("target", "board.bad_target")
	}
	changed := false
	now := s.Now()
	err := s.DB.GroupTx(ctx, func(tx *db.Tx) error {
		changed = false
		if on && targetType == "topic" && tx.Dialect() == db.Postgres {
			var err error
			changed, err = s.likeTopicPostgres(ctx, tx, districtID, userID, targetID, now)
			return err
		}
		var res sql.Result
		var err error
		if on {
			res, err = tx.ExecContext(ctx, `INSERT INTO likes (user_id, target_type, target_id, district_id, created_at)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, userID, targetType, targetID, districtID, now.UnixMilli())
		} else {
			res, err = tx.ExecContext(ctx, `DELETE FROM likes WHERE target_type = ? AND target_id = ? AND user_id = ?`, targetType, targetID, userID)
		}
		if err != nil {
			return errs.Internalf("board: like: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		delta := 1
		if !on {
			delta = -1
		}
		if targetType == "topic" {
			err = s.bump(ctx, tx, targetID, 0, delta, 0, now)
			if errors.Is(err, sql.ErrNoRows) {
				return errs.New(errs.NotFound, "board.topic_not_found")
			}
		} else {
			err = s.bumpCommentLikes(ctx, tx, targetID, delta)
		}
		changed = err == nil
		return err
	})
	return changed && err == nil, err
}

// likeTopicPostgres is a topic's like in one statement: the like under its
// primary key and, only when it was new, the topic's counters. A like of a
// topic that does not exist inserts nothing either (the row needs its
// topic), so it is not_found.
func (s *Store) likeTopicPostgres(ctx context.Context, tx *db.Tx, districtID, userID, topicID int64, now time.Time) (bool, error) {
	var liked, found int
	var hood int64
	err := tx.QueryRowContext(ctx, `WITH topic AS (SELECT id FROM topics WHERE id = ?),
		liked AS (INSERT INTO likes (user_id, target_type, target_id, district_id, created_at)
			SELECT ?, 'topic', id, ?, ? FROM topic ON CONFLICT DO NOTHING RETURNING 1),
		bumped AS (`+bumpSet+` WHERE id = ? AND EXISTS (SELECT 1 FROM liked) RETURNING neighborhood_id)
		SELECT (SELECT count(*) FROM topic), (SELECT count(*) FROM liked), COALESCE((SELECT neighborhood_id FROM bumped), 0)`,
		append([]any{topicID, userID, districtID, now.UnixMilli()}, bumpArgs(topicID, 0, 1, 0, now)...)...).Scan(&found, &liked, &hood)
	switch {
	case err != nil:
		return false, errs.Internalf("board: like: %w", err)
	case found == 0:
		return false, errs.New(errs.NotFound, "board.topic_not_found")
	}
	s.changed(tx, hood)
	return liked == 1, nil
}

// bumpCommentLikes moves a comment's like counter; a like of a comment that
// does not exist is refused (and its row rolled back with it).
func (s *Store) bumpCommentLikes(ctx context.Context, tx *db.Tx, id int64, delta int) error {
	var hood int64
	err := tx.QueryRowContext(ctx, `UPDATE comments SET like_count = like_count + ? WHERE id = ? RETURNING neighborhood_id`, delta, id).Scan(&hood)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.New(errs.NotFound, "board.comment_not_found")
	}
	if err != nil {
		return errs.Internalf("board: comment likes: %w", err)
	}
	s.changed(tx, hood)
	return nil
}

// Liked reports which of the given targets the person likes, for rendering.
func (s *Store) Liked(ctx context.Context, userID int64, targetType string, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if userID == 0 || len(ids) == 0 {
		return out, nil
	}
	q := `SELECT target_id FROM likes WHERE user_id = ? AND target_type = ? AND target_id IN (?` + repeatMarks(len(ids)-1) + `)`
	args := []any{userID, targetType}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, errs.Internalf("board: liked: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, errs.Internalf("board: liked: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

func repeatMarks(n int) string {
	b := make([]byte, 0, n*3)
	for i := 0; i < n; i++ {
		b = append(b, ", ?"...)
	}
	return string(b)
}

// MarkRead counts a person as a reader of a topic, once ever, and t with
// them. Most views are re-reads, so a read on the read pool answers them
// without taking the single writer; the insert below stays idempotent, so a
// race costs nothing. First reads share commits with likes (db.GroupTx).
func (s *Store) MarkRead(ctx context.Context, t *Topic, userID int64) error {
	var seen int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM topic_reads WHERE topic_id = ? AND user_id = ?`, t.ID, userID).Scan(&seen); err != nil {
		return errs.Internalf("board: read: %w", err)
	}
	if seen > 0 {
		return nil
	}
	now := s.Now()
	counted := false
	err := s.DB.GroupTx(ctx, func(tx *db.Tx) error {
		counted = false
		res, err := tx.ExecContext(ctx, `INSERT INTO topic_reads (topic_id, user_id, district_id, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, t.ID, userID, t.DistrictID, now.UnixMilli())
		if err != nil {
			return errs.Internalf("board: read: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		counted = true
		return s.bump(ctx, tx, t.ID, 0, 0, 1, now)
	})
	if err == nil && counted {
		t.ReadCount++
	}
	return err
}
