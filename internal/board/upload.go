package board

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// UploadTTL is how long an uploaded photo waits to be attached to a topic
// before PurgeUploads forgets it.
const UploadTTL = 24 * time.Hour

// RecordUploads remembers photos that a person uploaded ahead of their topic,
// so that only they can attach them, once. Uploading the same picture again
// while it waits changes nothing.
func (s *Store) RecordUploads(ctx context.Context, userID, districtID int64, photos []Photo) error {
	now := s.Now().UnixMilli()
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		for _, p := range photos {
			if _, err := tx.ExecContext(ctx, `INSERT INTO photo_uploads (user_id, district_id, photo_key, thumb_key, content_type, width, height, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, photo_key) WHERE topic_id IS NULL DO NOTHING`,
				userID, districtID, p.Key, p.ThumbKey, p.ContentType, p.Width, p.Height, now); err != nil {
				return errs.Internalf("board: record upload: %w", err)
			}
		}
		return nil
	})
}

// claimUploads attaches a person's waiting uploads to a topic inside its
// transaction and returns them in the order given. The UPDATE both checks and
// claims, so a key that is someone else's, already attached (here or by a
// concurrent post) or unknown fails the whole topic. Errors: invalid.
func claimUploads(ctx context.Context, tx *db.Tx, topicID, userID int64, keys []string) ([]Photo, error) {
	out := make([]Photo, 0, len(keys))
	for _, k := range keys {
		p := Photo{Key: k}
		err := tx.QueryRowContext(ctx, `UPDATE photo_uploads SET topic_id = ? WHERE user_id = ? AND photo_key = ? AND topic_id IS NULL
			RETURNING thumb_key, content_type, width, height`, topicID, userID, k).Scan(&p.ThumbKey, &p.ContentType, &p.Width, &p.Height)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errs.Field("photos", "boardfeat.photo_not_yours")
		}
		if err != nil {
			return nil, errs.Internalf("board: claim upload: %w", err)
		}
		out = append(out, p)
	}
	return out, nil
}

// PurgeUploads forgets uploads never attached within UploadTTL. The files
// stay: keys are content hashes that a topic may share.
func (s *Store) PurgeUploads(ctx context.Context) (int64, error) {
	res, err := s.DB.ExecContext(ctx, `DELETE FROM photo_uploads WHERE topic_id IS NULL AND created_at < ?`, s.Now().Add(-UploadTTL).UnixMilli())
	if err != nil {
		return 0, errs.Internalf("board: purge uploads: %w", err)
	}
	return res.RowsAffected()
}
