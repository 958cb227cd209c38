package projects

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// MaxRatingCommentRunes bounds a rating's comment.
const MaxRatingCommentRunes = 500

// Rating is one resident's verdict on a finished project.
type Rating struct {
	UserID    int64
	Nickname  string
	Stars     int
	Comment   string
	CreatedAt time.Time
}

// Rate records a resident's rating of a done project inside tx and moves the
// counters with it. The primary key allows one rating per resident; a second
// is refused. Errors: invalid, conflict (not done, or rated already).
func (s *Store) Rate(ctx context.Context, tx *db.Tx, p *Project, userID int64, stars int, comment string) error {
	if stars < 1 || stars > 5 {
		return errs.Field("stars", "projects.bad_stars")
	}
	comment = strings.TrimSpace(strings.ReplaceAll(comment, "\r\n", "\n"))
	if utf8.RuneCountInString(comment) > MaxRatingCommentRunes {
		return errs.Field("comment", "error.too_long", MaxRatingCommentRunes)
	}
	now := s.Now().UnixMilli()
	res, err := tx.ExecContext(ctx, `UPDATE projects SET rating_count = rating_count + 1, rating_sum = rating_sum + ?, updated_at = ?
		WHERE id = ? AND state = 'done'`, stars, now, p.ID)
	if err != nil {
		return errs.Internalf("projects: count rating: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.Conflict, "projects.not_rateable")
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO project_ratings (project_id, user_id, district_id, stars, comment, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, p.ID, userID, p.DistrictID, stars, comment, now)
	if db.IsUniqueViolation(err) {
		return errs.New(errs.Conflict, "projects.rated_already")
	}
	if err != nil {
		return errs.Internalf("projects: rate: %w", err)
	}
	return nil
}

// Ratings lists the latest ratings of a project, newest first.
func (s *Store) Ratings(ctx context.Context, projectID int64, limit int) ([]Rating, error) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT r.user_id, u.nickname, r.stars, r.comment, r.created_at
		FROM project_ratings r JOIN users u ON u.id = r.user_id WHERE r.project_id = ? ORDER BY r.created_at DESC, r.user_id LIMIT ?`,
		projectID, limit)
	if err != nil {
		return nil, errs.Internalf("projects: ratings: %w", err)
	}
	defer rows.Close()
	var out []Rating
	for rows.Next() {
		var r Rating
		var created int64
		if err := rows.Scan(&r.UserID, &r.Nickname, &r.Stars, &r.Comment, &created); err != nil {
			return nil, errs.Internalf("projects: scan rating: %w", err)
		}
		r.CreatedAt = time.UnixMilli(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Viewer is what one person has done with a project: their rating (0 stars
// when none) and whether they follow it.
type Viewer struct {
	Stars     int
	Following bool
}

// ViewerOf reads a person's rating and following of a project in one query.
func (s *Store) ViewerOf(ctx context.Context, projectID, userID int64) (Viewer, error) {
	var v Viewer
	err := s.DB.QueryRowContext(ctx, `SELECT
		COALESCE((SELECT stars FROM project_ratings WHERE project_id = ? AND user_id = ?), 0),
		EXISTS (SELECT 1 FROM project_followers WHERE project_id = ? AND user_id = ?)`,
		projectID, userID, projectID, userID).Scan(&v.Stars, &v.Following)
	if err != nil {
		return v, errs.Internalf("projects: viewer: %w", err)
	}
	return v, nil
}
