package board

import (
	"context"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/textsearch"
)

// EditWindow is how long after posting an author may still edit a topic.
const EditWindow = 30 * time.Minute

// CanEdit reports whether the author may still edit the topic.
func (t *Topic) CanEdit(userID int64, now time.Time) bool {
	return t.AuthorID == userID && t.Status != Deleted && now.Sub(t.CreatedAt) < EditWindow
}

// Edit changes a topic's title, body, category and place within the edit
// window, re-indexing it for search; status decides whether it must be reviewed
// again. Errors: invalid, forbidden (window passed or not the author).
func (s *Store) Edit(ctx context.Context, t *Topic, userID int64, d Draft, status Status, reason string) (*Topic, error) {
	now := s.Now()
	if !t.CanEdit(userID, now) {
		return nil, errs.New(errs.Forbidden, "board.edit_window")
	}
	d.Channel, d.Photos = t.Channel, nil
	if err := CheckDraft(&d); err != nil {
		return nil, err
	}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE topics SET title = ?, body = ?, category = ?, place_note = ?, edited_at = ?, search_text = ?
			WHERE id = ?`, d.Title, d.Body, d.Category, strings.TrimSpace(d.PlaceNote), now.UnixMilli(),
			textsearch.IndexText(d.Title+"\n"+d.Body), t.ID); err != nil {
			return errs.Internalf("board: edit: %w", err)
		}
		s.changed(tx, t.NeighborhoodID)
		if status != t.Status {
			if _, _, err := s.SetStatus(ctx, tx, "topic", t.ID, status, reason); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Topic(ctx, t.ID)
}

// Delete removes an author's own topic or comment from view (the row stays
// for the record). Errors: not_found, forbidden.
func (s *Store) Delete(ctx context.Context, targetType string, id, userID int64) error {
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		author, prev, err := s.SetStatus(ctx, tx, targetType, id, Deleted, "")
		if err != nil {
			return err
		}
		if author != userID {
			return errs.New(errs.Forbidden, "error.forbidden")
		}
		if prev == Deleted {
			return errs.New(errs.NotFound, "board."+targetType+"_not_found")
		}
		return nil
	})
}
