package projects

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// MaxUpdateRunes bounds a progress update.
const MaxUpdateRunes = 2000

// AddUpdate posts a progress update with photos on an open project inside
// tx, counts it and puts it on the timeline; it returns the update's id.
// Errors: invalid, conflict (the project is dropped or evaluated).
func (s *Store) AddUpdate(ctx context.Context, tx *db.Tx, p *Project, authorID int64, body string, photos []Photo) (int64, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		return 0, errs.Field("body", "error.required")
	case n > MaxUpdateRunes:
		return 0, errs.Field("body", "error.too_long", MaxUpdateRunes)
	}
	if len(photos) > MaxPhotos {
		return 0, errs.Field("photos", "board.too_many_photos", MaxPhotos)
	}
	now := s.Now().UnixMilli()
	res, err := tx.ExecContext(ctx, `UPDATE projects SET update_count = update_count + 1, updated_at = ?
		WHERE id = ? AND state NOT IN ('dropped', 'evaluated')`, now, p.ID)
	if err != nil {
		return 0, errs.Internalf("projects: count update: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, errs.New(errs.Conflict, "projects.closed")
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO project_updates (project_id, district_id, author_id, body, photo_count, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, p.ID, p.DistrictID, authorID, body, len(photos), now).Scan(&id); err != nil {
		return 0, errs.Internalf("projects: add update: %w", err)
	}
	for i, ph := range photos {
		if _, err := tx.ExecContext(ctx, `INSERT INTO project_update_photos (update_id, position, project_id, district_id, photo_key, thumb_key,
			content_type, width, height) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, i, p.ID, p.DistrictID, ph.Key, ph.ThumbKey,
			ph.ContentType, ph.Width, ph.Height); err != nil {
			return 0, errs.Internalf("projects: attach update photo: %w", err)
		}
	}
	return id, s.event(ctx, tx, p, Event{Kind: KindUpdate, ActorID: authorID, UpdateID: id})
}
