package proposals

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Limits on what a proposal holds.
const (
	MaxTitleRunes  = 60
	MaxBodyRunes   = 5000
	MaxReasonRunes = 500
	MaxInvitations = 50
)

// Text is what the author writes.
type Text struct {
	Kind     Kind
	Title    string
	Body     string
	Category string
	GroupID  int64 // for an organizational proposal: the group it speaks for
}

// CheckText validates and tidies a proposal's text. Errors: invalid.
func CheckText(t *Text) error {
	t.Title = strings.TrimSpace(t.Title)
	t.Body = strings.TrimSpace(strings.ReplaceAll(t.Body, "\r\n", "\n"))
	t.Category = strings.TrimSpace(t.Category)
	switch n := utf8.RuneCountInString(t.Title); {
	case n == 0:
		return errs.Field("title", "error.required")
	case n > MaxTitleRunes:
		return errs.Field("title", "error.too_long", MaxTitleRunes)
	}
	switch n := utf8.RuneCountInString(t.Body); {
	case n == 0:
		return errs.Field("body", "error.required")
	case n > MaxBodyRunes:
		return errs.Field("body", "error.too_long", MaxBodyRunes)
	}
	if utf8.RuneCountInString(t.Category) > MaxNameRunes {
		return errs.Field("category", "error.too_long", MaxNameRunes)
	}
	switch t.Kind {
	case Individual, Joint:
		t.GroupID = 0
	case Organizational:
		if t.GroupID <= 0 {
			return errs.Field("group_id", "proposals.group_required")
		}
	default:
		return errs.Field("kind", "proposals.bad_kind")
	}
	return nil
}

// Create stores a draft by author at a neighborhood inside tx; the author
// follows it from the start. An organizational proposal must come from one
// of its group's speakers. Errors: invalid, forbidden (not the group's speaker).
func (s *Store) Create(ctx context.Context, tx *db.Tx, at Place, author int64, t Text) (*Proposal, error) {
	if err := CheckText(&t); err != nil {
		return nil, err
	}
	if t.Kind == Organizational {
		if err := s.checkSpeaker(ctx, tx, at.NeighborhoodID, t.GroupID, author); err != nil {
			return nil, err
		}
	}
	now := s.Now().UnixMilli()
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO proposals (district_id, neighborhood_id, kind, title, body, category, author_id, group_id, state,
		follower_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		at.DistrictID, at.NeighborhoodID, t.Kind, t.Title, t.Body, t.Category, author, nullable(t.GroupID), Draft, now, now).Scan(&id)
	if err != nil {
		return nil, errs.Internalf("proposals: create: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_followers (proposal_id, user_id, district_id, created_at) VALUES (?, ?, ?, ?)`,
		id, author, at.DistrictID, now); err != nil {
		return nil, errs.Internalf("proposals: author follows: %w", err)
	}
	p := &Proposal{ID: id, DistrictID: at.DistrictID}
	if err := s.event(ctx, tx, p, Event{ActorID: author, Action: "create", ToState: Draft}); err != nil {
		return nil, err
	}
	return s.proposal(ctx, tx, id)
}

// Edit changes the text of a draft or a returned proposal, by its author.
// The kind stays. Errors: invalid, forbidden (not the author), conflict (no
// longer editable, or changed meanwhile).
func (s *Store) Edit(ctx context.Context, tx *db.Tx, id, author, version int64, t Text) (*Proposal, error) {
	p, err := s.proposal(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	t.Kind, t.GroupID = p.Kind, p.GroupID
	if err := CheckText(&t); err != nil {
		return nil, err
	}
	if p.AuthorID != author {
		return nil, errs.New(errs.Forbidden, "proposals.not_author")
	}
	if !Editable(p.State) {
		return nil, errs.New(errs.Conflict, "proposals.not_editable")
	}
	if version == 0 {
		version = p.Version
	}
	res, err := tx.ExecContext(ctx, `UPDATE proposals SET title = ?, body = ?, category = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND version = ?`, t.Title, t.Body, t.Category, s.Now().UnixMilli(), id, version)
	if err != nil {
		return nil, errs.Internalf("proposals: edit: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, errs.New(errs.Conflict, "proposals.changed_meanwhile")
	}
	if err := s.event(ctx, tx, p, Event{ActorID: author, Action: "edit"}); err != nil {
		return nil, err
	}
	return s.proposal(ctx, tx, id)
}

// Group is a registered resident group, party branch or volunteer team.
type Group struct {
	ID             int64
	NeighborhoodID int64
	Kind           string
	Name           string
}

// GroupKinds are the kinds of group that may make organizational proposals.
var GroupKinds = []string{"resident_group", "party_branch", "volunteer_team"}

// CreateGroup registers a group at a neighborhood with its speakers.
// Errors: invalid, conflict (the name is taken).
func (s *Store) CreateGroup(ctx context.Context, tx *db.Tx, at Place, kind, name string, speakers []int64) (*Group, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > MaxNameRunes {
		return nil, errs.Field("name", "proposals.bad_group_name", MaxNameRunes)
	}
	if !in(kind, GroupKinds) {
		return nil, errs.Field("kind", "proposals.bad_group_kind")
	}
	g := &Group{NeighborhoodID: at.NeighborhoodID, Kind: kind, Name: name}
	err := tx.QueryRowContext(ctx, `INSERT INTO resident_groups (district_id, neighborhood_id, kind, name, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		at.DistrictID, at.NeighborhoodID, kind, name, s.Now().UnixMilli()).Scan(&g.ID)
	if db.IsUniqueViolation(err) {
		return nil, &errs.Error{Code: errs.Conflict, Key: "proposals.group_exists", Field: "name"}
	}
	if err != nil {
		return nil, errs.Internalf("proposals: create group: %w", err)
	}
	for _, u := range speakers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO resident_group_speakers (group_id, user_id, district_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			g.ID, u, at.DistrictID); err != nil {
			return nil, errs.Internalf("proposals: add speaker: %w", err)
		}
	}
	return g, nil
}

// GroupsFor lists the groups at a neighborhood a person may speak for.
func (s *Store) GroupsFor(ctx context.Context, hoodID, userID int64) ([]Group, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT g.id, g.neighborhood_id, g.kind, g.name FROM resident_groups g
		JOIN resident_group_speakers sp ON sp.group_id = g.id WHERE g.neighborhood_id = ? AND sp.user_id = ? ORDER BY g.name`, hoodID, userID)
	if err != nil {
		return nil, errs.Internalf("proposals: groups: %w", err)
	}
	defer rows.Close()
	var out []Group
	for rows.Next() {
		var g Group
		if err := rows.Scan(&g.ID, &g.NeighborhoodID, &g.Kind, &g.Name); err != nil {
			return nil, errs.Internalf("proposals: scan group: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

func (s *Store) checkSpeaker(ctx context.Context, q db.Querier, hoodID, groupID, userID int64) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM resident_group_speakers sp JOIN resident_groups g ON g.id = sp.group_id
		WHERE sp.group_id = ? AND sp.user_id = ? AND g.neighborhood_id = ?`, groupID, userID, hoodID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return &errs.Error{Code: errs.Forbidden, Key: "proposals.not_speaker", Field: "group_id"}
	}
	if err != nil {
		return errs.Internalf("proposals: speaker: %w", err)
	}
	return nil
}
