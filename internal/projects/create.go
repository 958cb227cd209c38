package projects

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Limits on what a project holds.
const (
	MaxTitleRunes       = 60
	MaxDescriptionRunes = 5000
	MaxPhotos           = 9
)

// Draft is what a cadre writes when making or editing a project.
type Draft struct {
	Title       string
	Description string
	BudgetFen   int64
	LeadUnitID  int64
	Funding     []Share
	Photos      []Photo // on creation only
	// Origin with TopicID or CaseID; ProposerID is who asked for it (the
	// topic's or case's author), who follows the project from the start.
	Origin     Origin
	TopicID    int64
	CaseID     int64
	ProposerID int64
}

// CheckDraft validates a draft. Errors: invalid.
func CheckDraft(d *Draft) error {
	d.Title = strings.TrimSpace(d.Title)
	d.Description = strings.TrimSpace(strings.ReplaceAll(d.Description, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(d.Title); {
	case n == 0:
		return errs.Field("title", "error.required")
	case n > MaxTitleRunes:
		return errs.Field("title", "error.too_long", MaxTitleRunes)
	}
	switch n := utf8.RuneCountInString(d.Description); {
	case n == 0:
		return errs.Field("description", "error.required")
	case n > MaxDescriptionRunes:
		return errs.Field("description", "error.too_long", MaxDescriptionRunes)
	}
	if d.BudgetFen < 0 || d.BudgetFen > MaxBudgetFen {
		return errs.Field("budget", "projects.bad_budget")
	}
	if len(d.Photos) > MaxPhotos {
		return errs.Field("photos", "board.too_many_photos", MaxPhotos)
	}
	if d.Origin == "" {
		d.Origin = FromPlan
	}
	switch d.Origin {
	case FromTopic:
		d.CaseID = 0
		if d.TopicID <= 0 {
			return errs.Field("topic_id", "projects.bad_origin")
		}
	case FromCase:
		d.TopicID = 0
		if d.CaseID <= 0 {
			return errs.Field("case_id", "projects.bad_origin")
		}
	case FromPlan:
		d.TopicID, d.CaseID = 0, 0
	default:
		return errs.Field("origin", "projects.bad_origin")
	}
	return CheckFunding(d.Funding)
}

// Place is where a project is: the neighborhood and its district.
type Place struct{ DistrictID, NeighborhoodID int64 }

// Create stores a new, proposed project with its funding and photos, its
// first timeline event, and the proposer as its first follower, inside tx.
// Errors: invalid, conflict (the topic or case already has a project).
func (s *Store) Create(ctx context.Context, tx *db.Tx, at Place, createdBy int64, d Draft) (*Project, error) {
	if err := CheckDraft(&d); err != nil {
		return nil, err
	}
	now := s.Now().UnixMilli()
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO projects (district_id, neighborhood_id, title, description, state, budget_fen, lead_unit_id,
		origin, topic_id, case_id, proposer_id, created_by, photo_count, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		at.DistrictID, at.NeighborhoodID, d.Title, d.Description, Proposed, d.BudgetFen, nullable(d.LeadUnitID), d.Origin,
		nullable(d.TopicID), nullable(d.CaseID), nullable(d.ProposerID), createdBy, len(d.Photos), now, now).Scan(&id)
	if db.IsUniqueViolation(err) {
		field := "topic_id"
		if d.Origin == FromCase {
			field = "case_id"
		}
		return nil, &errs.Error{Code: errs.Conflict, Key: "projects.origin_taken", Field: field}
	}
	if err != nil {
		return nil, errs.Internalf("projects: create: %w", err)
	}
	p := &Project{ID: id, DistrictID: at.DistrictID, NeighborhoodID: at.NeighborhoodID, State: Proposed}
	for i, ph := range d.Photos {
		if _, err := tx.ExecContext(ctx, `INSERT INTO project_photos (project_id, position, district_id, photo_key, thumb_key, content_type, width, height)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, i, at.DistrictID, ph.Key, ph.ThumbKey, ph.ContentType, ph.Width, ph.Height); err != nil {
			return nil, errs.Internalf("projects: attach photo: %w", err)
		}
	}
	if err := s.writeFunding(ctx, tx, p, d.Funding); err != nil {
		return nil, err
	}
	if err := s.event(ctx, tx, p, Event{Kind: KindCreated, ActorID: createdBy, ToState: Proposed}); err != nil {
		return nil, err
	}
	if d.ProposerID != 0 {
		if _, err := s.Follow(ctx, tx, p, d.ProposerID, true); err != nil {
			return nil, err
		}
	}
	return s.project(ctx, tx, id)
}

// Edit changes a project's title, description, budget, lead unit and
// funding; the money is fixed once work starts. Errors: invalid, conflict
// (started, dropped, or changed by someone else since version).
func (s *Store) Edit(ctx context.Context, tx *db.Tx, p *Project, version int64, actorID int64, d Draft) (*Project, error) {
	d.Origin, d.TopicID, d.CaseID, d.Photos = FromPlan, 0, 0, nil
	if err := CheckDraft(&d); err != nil {
		return nil, err
	}
	cur, err := s.project(ctx, tx, p.ID)
	if err != nil {
		return nil, err
	}
	if Started(cur.State) || cur.State == Dropped {
		return nil, errs.New(errs.Conflict, "projects.funding_fixed")
	}
	if version == 0 {
		version = cur.Version
	}
	res, err := tx.ExecContext(ctx, `UPDATE projects SET title = ?, description = ?, budget_fen = ?, lead_unit_id = ?, updated_at = ?,
		version = version + 1 WHERE id = ? AND version = ?`, d.Title, d.Description, d.BudgetFen, nullable(d.LeadUnitID),
		s.Now().UnixMilli(), cur.ID, version)
	if err != nil {
		return nil, errs.Internalf("projects: edit: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, errs.New(errs.Conflict, "projects.changed_meanwhile")
	}
	if err := s.writeFunding(ctx, tx, cur, d.Funding); err != nil {
		return nil, err
	}
	if err := s.event(ctx, tx, cur, Event{Kind: KindEdited, ActorID: actorID}); err != nil {
		return nil, err
	}
	return s.project(ctx, tx, cur.ID)
}

// Photos lists a project's own photos in order.
func (s *Store) Photos(ctx context.Context, projectID int64) ([]Photo, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT photo_key, thumb_key, content_type, width, height FROM project_photos
		WHERE project_id = ? ORDER BY position`, projectID)
	if err != nil {
		return nil, errs.Internalf("projects: photos: %w", err)
	}
	defer rows.Close()
	var out []Photo
	for rows.Next() {
		var ph Photo
		if err := rows.Scan(&ph.Key, &ph.ThumbKey, &ph.ContentType, &ph.Width, &ph.Height); err != nil {
			return nil, errs.Internalf("projects: scan photo: %w", err)
		}
		out = append(out, ph)
	}
	return out, rows.Err()
}
