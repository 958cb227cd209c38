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
	"github.com/linli-dev/linli/internal/textsearch"
)

// Limits on what a topic may hold.
const (
	MaxTitleRunes = 60
	MaxBodyRunes  = 5000
	MaxPhotos     = 9
)

// Topic is one post on a board, with its author's public face.
type Topic struct {
	ID             int64
	DistrictID     int64
	NeighborhoodID int64
	SectionID      int64
	AuthorID       int64
	AuthorNickname string
	AuthorBadge    bool
	Channel        string
	ForUserID      int64
	Title          string
	Body           string
	Category       string
	BuildingID     int64
	PlaceNote      string
	Status         Status
	StatusReason   string
	Pinned         bool
	Locked         bool
	CommentCount   int
	LikeCount      int
	ReadCount      int
	ReportCount    int
	PhotoCount     int
	HotScore       float64
	LastActivityAt time.Time
	CreatedAt      time.Time
	EditedAt       time.Time
}

// IsHot reports whether more than 30% of the neighborhood's verified residents
// have read the topic (热帖).
func (t *Topic) IsHot(residents int) bool { return residents > 0 && t.ReadCount*10 > residents*3 }

const topicCols = `t.id, t.district_id, t.neighborhood_id, t.section_id, t.author_id, u.nickname, (u.party_member AND u.show_badge),
	t.channel, COALESCE(t.for_user_id, 0), t.title, t.body, t.category, COALESCE(t.building_id, 0), t.place_note, t.status,
	t.status_reason, t.pinned, t.locked, t.comment_count, t.like_count, t.read_count, t.report_count, t.photo_count, t.hot_score,
	t.last_activity_at, t.created_at, COALESCE(t.edited_at, 0)`

const topicFrom = ` FROM topics t JOIN users u ON u.id = t.author_id`

func scanTopic(row interface{ Scan(...any) error }) (*Topic, error) {
	var t Topic
	var last, created, edited int64
	err := row.Scan(&t.ID, &t.DistrictID, &t.NeighborhoodID, &t.SectionID, &t.AuthorID, &t.AuthorNickname, &t.AuthorBadge,
		&t.Channel, &t.ForUserID, &t.Title, &t.Body, &t.Category, &t.BuildingID, &t.PlaceNote, &t.Status,
		&t.StatusReason, &t.Pinned, &t.Locked, &t.CommentCount, &t.LikeCount, &t.ReadCount, &t.ReportCount, &t.PhotoCount, &t.HotScore,
		&last, &created, &edited)
	if err != nil {
		return nil, err
	}
	t.LastActivityAt, t.CreatedAt = ms(last), ms(created)
	if edited > 0 {
		t.EditedAt = ms(edited)
	}
	return &t, nil
}

// Draft is what an author writes.
type Draft struct {
	SectionID  int64
	Title      string
	Body       string
	Category   string
	BuildingID int64
	PlaceNote  string
	Channel    string // "online" unless entered for an offline resident
	ForUserID  int64
	Photos     []Photo
	// UploadKeys name photos the author uploaded ahead (RecordUploads);
	// Create attaches them after Photos, or fails if any is not theirs.
	UploadKeys []string
}

// Photo is a stored, re-encoded photo attached to a topic.
type Photo struct {
	Key, ThumbKey, ContentType string
	Width, Height              int
}

// CheckDraft validates a draft. Errors: invalid.
func CheckDraft(d *Draft) error {
	d.Title = strings.TrimSpace(d.Title)
	d.Body = strings.TrimSpace(strings.ReplaceAll(d.Body, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(d.Title); {
	case n == 0:
		return errs.Field("title", "error.required")
	case n > MaxTitleRunes:
		return errs.Field("title", "error.too_long", MaxTitleRunes)
	}
	switch n := utf8.RuneCountInString(d.Body); {
	case n == 0:
		return errs.Field("body", "error.required")
	case n > MaxBodyRunes:
		return errs.Field("body", "error.too_long", MaxBodyRunes)
	}
	if !contains(Categories, d.Category) {
		return errs.Field("category", "board.bad_category")
	}
	if d.Channel == "" {
		d.Channel = "online"
	}
	if !contains(Channels, d.Channel) {
		return errs.Field("channel", "board.bad_channel")
	}
	if len(d.Photos)+len(d.UploadKeys) > MaxPhotos {
		return errs.Field("photos", "board.too_many_photos", MaxPhotos)
	}
	if utf8.RuneCountInString(d.PlaceNote) > 60 {
		return errs.Field("place_note", "error.too_long", 60)
	}
	return nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Create stores a topic in a section with the given initial status (held when
// moderation flagged it). Errors: invalid.
func (s *Store) Create(ctx context.Context, sec *Section, authorID int64, d Draft, status Status, reason string) (*Topic, error) {
	var id int64
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = s.CreateIn(ctx, tx, sec, authorID, d, status, reason)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Topic(ctx, id)
}

// CreateIn is Create inside the caller's transaction (a poll's result notice
// is posted with the close); it returns the new topic's id. Errors: invalid.
func (s *Store) CreateIn(ctx context.Context, tx *db.Tx, sec *Section, authorID int64, d Draft, status Status, reason string) (int64, error) {
	if err := CheckDraft(&d); err != nil {
		return 0, err
	}
	now := s.Now()
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO topics (district_id, neighborhood_id, section_id, author_id, channel, for_user_id,
		title, body, category, building_id, place_note, status, status_reason, photo_count, hot_score, last_activity_at, created_at, search_text)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		sec.DistrictID, sec.NeighborhoodID, sec.ID, authorID, d.Channel, nullable(d.ForUserID), d.Title, d.Body, d.Category,
		nullable(d.BuildingID), strings.TrimSpace(d.PlaceNote), status, reason, len(d.Photos)+len(d.UploadKeys), HotScore(0, 0, 0, now),
		now.UnixMilli(), now.UnixMilli(), textsearch.IndexText(d.Title+"\n"+d.Body)).Scan(&id)
	if err != nil {
		return 0, errs.Internalf("board: create topic: %w", err)
	}
	s.changed(tx, sec.NeighborhoodID)
	uploaded, err := claimUploads(ctx, tx, id, authorID, d.UploadKeys)
	if err != nil {
		return 0, err
	}
	for i, p := range append(d.Photos[:len(d.Photos):len(d.Photos)], uploaded...) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO topic_photos (topic_id, position, district_id, photo_key, thumb_key, content_type, width, height)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, i, sec.DistrictID, p.Key, p.ThumbKey, p.ContentType, p.Width, p.Height); err != nil {
			return 0, errs.Internalf("board: attach photo: %w", err)
		}
	}
	if status == Visible {
		if _, err := tx.ExecContext(ctx, `UPDATE sections SET topic_count = topic_count + 1 WHERE id = ?`, sec.ID); err != nil {
			return 0, errs.Internalf("board: count topic: %w", err)
		}
	}
	return id, nil
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Topic returns one topic, whatever its status. Errors: not_found.
func (s *Store) Topic(ctx context.Context, id int64) (*Topic, error) {
	t, err := scanTopic(s.DB.QueryRowContext(ctx, `SELECT `+topicCols+topicFrom+` WHERE t.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "board.topic_not_found")
	}
	if err != nil {
		return nil, errs.Internalf("board: topic %d: %w", id, err)
	}
	return t, nil
}

// Photos lists a topic's photos in order.
func (s *Store) Photos(ctx context.Context, topicID int64) ([]Photo, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT photo_key, thumb_key, content_type, width, height FROM topic_photos WHERE topic_id = ? ORDER BY position`, topicID)
	if err != nil {
		return nil, errs.Internalf("board: photos: %w", err)
	}
	defer rows.Close()
	var out []Photo
	for rows.Next() {
		var p Photo
		if err := rows.Scan(&p.Key, &p.ThumbKey, &p.ContentType, &p.Width, &p.Height); err != nil {
			return nil, errs.Internalf("board: scan photo: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
