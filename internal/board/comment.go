package board

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

// MaxCommentRunes bounds a comment.
const MaxCommentRunes = 1000

// Comment is a reply to a topic, or (one level only) to another comment.
type Comment struct {
	ID             int64
	TopicID        int64
	ParentID       int64
	AuthorID       int64
	AuthorNickname string
	AuthorBadge    bool
	Body           string
	Status         Status
	StatusReason   string
	LikeCount      int
	CreatedAt      time.Time
}

const commentCols = `c.id, c.topic_id, COALESCE(c.parent_id, 0), c.author_id, u.nickname, (u.party_member AND u.show_badge), c.body,
	c.status, c.status_reason, c.like_count, c.created_at`

func scanComment(row interface{ Scan(...any) error }) (*Comment, error) {
	var c Comment
	var created int64
	if err := row.Scan(&c.ID, &c.TopicID, &c.ParentID, &c.AuthorID, &c.AuthorNickname, &c.AuthorBadge, &c.Body, &c.Status,
		&c.StatusReason, &c.LikeCount, &created); err != nil {
		return nil, err
	}
	c.CreatedAt = ms(created)
	return &c, nil
}

// CheckComment validates a comment body. Errors: invalid.
func CheckComment(body string) (string, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		return "", errs.Field("body", "error.required")
	case n > MaxCommentRunes:
		return "", errs.Field("body", "error.too_long", MaxCommentRunes)
	}
	return body, nil
}

// AddComment stores a comment and moves the topic's counters, activity time
// and hot score in the same transaction. A reply to a reply hangs under the
// first comment: one level of replies. Concurrent comments share commits
// (db.GroupTx); each is returned only once durable. Errors: invalid,
// not_found, conflict (locked).
func (s *Store) AddComment(ctx context.Context, t *Topic, parentID, authorID int64, body string, status Status, reason string) (*Comment, error) {
	return s.AddCommentAlso(ctx, t, parentID, authorID, body, status, reason, nil)
}

// CommentAlso writes what belongs with a visible comment (its notifications)
// in the comment's own transaction: c has its id, topic, parent (the first
// comment of the thread) and author; parentAuthor is the parent's author, 0
// for a comment on the topic.
type CommentAlso func(ctx context.Context, tx *db.Tx, c *Comment, parentAuthor int64) error

// AddCommentAlso is AddComment with also run in the same unit, so the
// comment and what it causes share one commit or neither happens.
func (s *Store) AddCommentAlso(ctx context.Context, t *Topic, parentID, authorID int64, body string, status Status, reason string, also CommentAlso) (*Comment, error) {
	body, err := CheckComment(body)
	if err != nil {
		return nil, err
	}
	if t.Locked {
		return nil, errs.New(errs.Conflict, "board.locked")
	}
	now := s.Now()
	var id int64
	var made *Comment // the comment as written, when the statement could tell its author's name
	err = s.DB.GroupTx(ctx, func(tx *db.Tx) error {
		made = nil
		parentAuthor := int64(0)
		if parentID != 0 {
			var topicID, grand int64
			err := tx.QueryRowContext(ctx, `SELECT topic_id, COALESCE(parent_id, 0), author_id FROM comments WHERE id = ?`, parentID).Scan(&topicID, &grand, &parentAuthor)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && topicID != t.ID) {
				return errs.Field("parent", "board.comment_not_found")
			}
			if err != nil {
				return errs.Internalf("board: parent: %w", err)
			}
			if grand != 0 {
				parentID = grand
				if err := tx.QueryRowContext(ctx, `SELECT author_id FROM comments WHERE id = ?`, grand).Scan(&parentAuthor); err != nil {
					return errs.Internalf("board: parent: %w", err)
				}
			}
		}
		insert := `INSERT INTO comments (district_id, neighborhood_id, topic_id, parent_id, author_id, body, status, status_reason, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
		args := []any{t.DistrictID, t.NeighborhoodID, t.ID, nullable(parentID), authorID, body, status, reason, now.UnixMilli()}
		bumped := false
		if status == Visible && tx.Dialect() == db.Postgres {
			// One round trip for the committer: the comment and its topic's
			// counters in one statement, which also names the author, so
			// the comment needs no reading back.
			made = &Comment{TopicID: t.ID, ParentID: parentID, AuthorID: authorID, Body: body, Status: status, CreatedAt: ms(now.UnixMilli())}
			err := tx.QueryRowContext(ctx, `WITH c AS (`+insert+`), t AS (`+bumpSQL+`)
				SELECT c.id, u.nickname, (u.party_member AND u.show_badge) FROM c, t, users u WHERE u.id = ?`,
				append(append(args, bumpArgs(t.ID, 1, 0, 0, now)...), authorID)...).Scan(&made.ID, &made.AuthorNickname, &made.AuthorBadge)
			if err != nil {
				return errs.Internalf("board: add comment: %w", err)
			}
			id = made.ID
			bumped = true
		} else if err := tx.QueryRowContext(ctx, insert, args...).Scan(&id); err != nil {
			return errs.Internalf("board: add comment: %w", err)
		}
		if status != Visible {
			return nil
		}
		if bumped {
			s.changed(tx, t.NeighborhoodID)
		} else if err := s.bump(ctx, tx, t.ID, 1, 0, 0, now); err != nil {
			return err
		}
		if also == nil {
			return nil
		}
		return also(ctx, tx, &Comment{ID: id, TopicID: t.ID, ParentID: parentID, AuthorID: authorID, Status: status}, parentAuthor)
	})
	if err != nil {
		return nil, err
	}
	if made != nil {
		return made, nil
	}
	return s.Comment(ctx, id)
}

// bump moves a topic's counters and recomputes its hot score in one
// statement, so concurrent comments and likes never lose an increment and the
// shared committer pays one statement for it.
func (s *Store) bump(ctx context.Context, q db.Querier, topicID int64, comments, likes, reads int, now time.Time) error {
	var hood int64
	if err := q.QueryRowContext(ctx, bumpSQL, bumpArgs(topicID, comments, likes, reads, now)...).Scan(&hood); err != nil {
		return errs.Internalf("board: bump topic: %w", err)
	}
	s.changed(q, hood)
	return nil
}

// bumpSQL is bump's statement; its arguments come from bumpArgs. In SET every
// column is its value before the update, so the score adds the deltas itself.
// It is HotScore in SQL (log is base 10 on both databases): log10 of the
// engagement, at least 1, plus the hours since hotEpoch over 12.5.
const bumpSQL = bumpSet + ` WHERE id = ? RETURNING neighborhood_id`

const bumpSet = `UPDATE topics SET comment_count = comment_count + ?, like_count = like_count + ?,
	read_count = read_count + ?, last_activity_at = CASE WHEN CAST(? AS INTEGER) > 0 THEN CAST(? AS BIGINT) ELSE last_activity_at END,
	hot_score = log(CASE WHEN ` + engagement + ` > 1 THEN ` + engagement + ` ELSE 1 END) + CAST(created_at - ? AS float8) / 45000000`

// engagement is HotScore's engagement after the update; it takes the like,
// comment and read deltas, twice over as it appears twice.
const engagement = `(CAST(like_count + ? AS float8) + 2 * (comment_count + ?) + CAST(read_count + ? AS float8) / 10)`

func bumpArgs(topicID int64, comments, likes, reads int, now time.Time) []any {
	return []any{comments, likes, reads, comments, now.UnixMilli(), likes, comments, reads, likes, comments, reads, hotEpoch.UnixMilli(), topicID}
}

// Comment returns one comment. Errors: not_found.
func (s *Store) Comment(ctx context.Context, id int64) (*Comment, error) {
	c, err := scanComment(s.DB.QueryRowContext(ctx, `SELECT `+commentCols+` FROM comments c JOIN users u ON u.id = c.author_id WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "board.comment_not_found")
	}
	if err != nil {
		return nil, errs.Internalf("board: comment %d: %w", id, err)
	}
	return c, nil
}

// Comments lists a topic's visible comments in order, after the cursor (a
// comment id), up to limit; replies follow in id order and the page shows them
// under their parents.
//
// The comments are shared by every reader of the topic on this node for up to
// ListTTL, like board pages (cache.go); callers must not change them.
func (s *Store) Comments(ctx context.Context, t *Topic, after int64, limit int) ([]*Comment, error) {
	if limit <= 0 || limit > 200 {
		limit = 100
	}
	if !s.cached() {
		return s.comments(ctx, t.ID, after, limit)
	}
	key, now := commentsKey{t.ID, after, limit}, time.Now()
	if out, ok := lookup(s.cache, s.cache.comments, key, now); ok {
		return out, nil
	}
	gen := s.cache.gen(t.NeighborhoodID)
	out, err := s.comments(ctx, t.ID, after, limit)
	if err == nil {
		s.cache.putComments(key, entry[[]*Comment]{hood: t.NeighborhoodID, gen: gen, expiry: now.Add(s.ListTTL), val: out})
	}
	return out, err
}

func (s *Store) comments(ctx context.Context, topicID, after int64, limit int) ([]*Comment, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+commentCols+` FROM comments c JOIN users u ON u.id = c.author_id
		WHERE c.topic_id = ? AND c.id > ? AND c.status = 'visible' ORDER BY c.id LIMIT ?`, topicID, after, limit)
	if err != nil {
		return nil, errs.Internalf("board: comments: %w", err)
	}
	defer rows.Close()
	var out []*Comment
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, errs.Internalf("board: scan comment: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
