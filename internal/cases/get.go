package cases

import (
	"context"
	"database/sql"
	"errors"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

const caseCols = `c.id, c.district_id, c.street_id, c.neighborhood_id, c.place_id, COALESCE(c.topic_id, 0), c.category, c.title,
	c.description, c.lat, c.lng, c.address, COALESCE(c.reporter_id, 0), COALESCE(u.nickname, ''), COALESCE(c.entered_by, 0), c.channel,
	c.state, c.level, COALESCE(c.lead_unit_id, 0), COALESCE(c.assignee_id, 0), COALESCE(c.respond_by, 0), COALESCE(c.resolve_by, 0),
	COALESCE(c.due_at, 0), COALESCE(c.acknowledged_at, 0), COALESCE(c.resolved_at, 0), COALESCE(c.closed_at, 0), c.rating,
	c.rating_comment, c.reopens, c.token, c.created_at, c.updated_at, c.version, c.held_word`

const caseFrom = ` FROM cases c LEFT JOIN users u ON u.id = c.reporter_id`

func scanCase(row interface{ Scan(...any) error }) (*Case, error) {
	var c Case
	var lat, lng sql.NullFloat64
	var respond, resolve, due, ack, resolved, closed, created, updated int64
	err := row.Scan(&c.ID, &c.DistrictID, &c.StreetID, &c.NeighborhoodID, &c.PlaceID, &c.TopicID, &c.Category, &c.Title,
		&c.Description, &lat, &lng, &c.Address, &c.ReporterID, &c.ReporterName, &c.EnteredBy, &c.Channel,
		&c.State, &c.Level, &c.LeadUnitID, &c.AssigneeID, &respond, &resolve,
		&due, &ack, &resolved, &closed, &c.Rating,
		&c.RatingComment, &c.Reopens, &c.Token, &created, &updated, &c.Version, &c.HeldWord)
	if err != nil {
		return nil, err
	}
	if lat.Valid && lng.Valid {
		c.Lat, c.Lng = &lat.Float64, &lng.Float64
	}
	c.RespondBy, c.ResolveBy, c.DueAt = fromMS(respond), fromMS(resolve), fromMS(due)
	c.AcknowledgedAt, c.ResolvedAt, c.ClosedAt = fromMS(ack), fromMS(resolved), fromMS(closed)
	c.CreatedAt, c.UpdatedAt = fromMS(created), fromMS(updated)
	return &c, nil
}

// Get returns one case. Errors: not_found.
func (s *Store) Get(ctx context.Context, id int64) (*Case, error) {
	return s.getIn(ctx, s.DB, `c.id = ?`, id)
}

// ByToken returns the case with an Open311 token. Errors: not_found.
func (s *Store) ByToken(ctx context.Context, token string) (*Case, error) {
	return s.getIn(ctx, s.DB, `c.token = ?`, token)
}

// ByTopic returns the case a topic became. Errors: not_found.
func (s *Store) ByTopic(ctx context.Context, topicID int64) (*Case, error) {
	return s.getIn(ctx, s.DB, `c.topic_id = ?`, topicID)
}

func (s *Store) getIn(ctx context.Context, q db.Querier, where string, arg any) (*Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseCols+caseFrom+` WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "cases.not_found")
	}
	if err != nil {
		return nil, errs.Internalf("cases: get: %w", err)
	}
	return c, nil
}

// Handler is a unit handling a case: the lead, or a co-handler.
type Handler struct {
	UnitID int64
	Role   string // "lead" or "co"
}

// Handlers lists the units handling a case, the lead first.
func (s *Store) Handlers(ctx context.Context, caseID int64) ([]Handler, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT unit_id, role FROM case_handlers WHERE case_id = ? ORDER BY role DESC, unit_id`, caseID)
	if err != nil {
		return nil, errs.Internalf("cases: handlers: %w", err)
	}
	defer rows.Close()
	var out []Handler
	for rows.Next() {
		var h Handler
		if err := rows.Scan(&h.UnitID, &h.Role); err != nil {
			return nil, errs.Internalf("cases: scan handler: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
