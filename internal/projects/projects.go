// Package projects is what a neighborhood decides to do (实事项目 / 微项目):
// a project made from a residents' topic, a case or the committee's own plan,
// with a budget split among funding sources, a lead unit, milestones and
// progress updates with photos, moved through one table of states from
// proposed to the residents' rating, every move a timeline event.
package projects

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// State is where a project stands.
type State string

// The states, in the order a project passes through them; dropped ends it early.
const (
	Proposed   State = "proposed"    // 提议: someone asked for it
	Listed     State = "listed"      // 列入候选: a candidate residents may tick
	Selected   State = "selected"    // 入选: the committee will do it
	InProgress State = "in_progress" // 实施中
	Done       State = "done"        // 完工: residents may rate it
	Evaluated  State = "evaluated"   // 已评价: the rating is closed and published
	Dropped    State = "dropped"     // 不予实施, with a reason
)

// States lists every state in order, for list pages.
var States = []State{Proposed, Listed, Selected, InProgress, Done, Evaluated, Dropped}

// Origin says where a project came from.
type Origin string

// The origins.
const (
	FromTopic Origin = "topic"
	FromCase  Origin = "case"
	FromPlan  Origin = "plan" // the committee's own plan
)

// Project is one project with its counters and the names pages show.
type Project struct {
	ID               int64
	DistrictID       int64
	NeighborhoodID   int64
	Title            string
	Description      string
	State            State
	DropReason       string
	BudgetFen        int64
	LeadUnitID       int64
	LeadUnitName     string
	Origin           Origin
	TopicID          int64
	CaseID           int64
	ProposerID       int64
	ProposerNickname string
	CreatedBy        int64
	PhotoCount       int
	UpdateCount      int
	MilestoneCount   int
	MilestonesDone   int
	FollowerCount    int
	RatingCount      int
	RatingSum        int
	CreatedAt        time.Time
	UpdatedAt        time.Time
	Version          int64
}

// RatingTenths is the average rating times ten (42 = 4.2 stars), 0 when unrated:
// integers keep pages and JSON free of float formatting.
func (p *Project) RatingTenths() int {
	if p.RatingCount == 0 {
		return 0
	}
	return (p.RatingSum*10 + p.RatingCount/2) / p.RatingCount
}

// Store keeps projects.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{DB: d, Now: time.Now} }

const projectCols = `p.id, p.district_id, p.neighborhood_id, p.title, p.description, p.state, p.drop_reason, p.budget_fen,
	COALESCE(p.lead_unit_id, 0), COALESCE(un.name, ''), p.origin, COALESCE(p.topic_id, 0), COALESCE(p.case_id, 0),
	COALESCE(p.proposer_id, 0), COALESCE(u.nickname, ''), p.created_by, p.photo_count, p.update_count, p.milestone_count,
	p.milestones_done, p.follower_count, p.rating_count, p.rating_sum, p.created_at, p.updated_at, p.version`

const projectFrom = ` FROM projects p LEFT JOIN units un ON un.id = p.lead_unit_id LEFT JOIN users u ON u.id = p.proposer_id`

func scanProject(row interface{ Scan(...any) error }) (*Project, error) {
	var p Project
	var created, updated int64
	err := row.Scan(&p.ID, &p.DistrictID, &p.NeighborhoodID, &p.Title, &p.Description, &p.State, &p.DropReason, &p.BudgetFen,
		&p.LeadUnitID, &p.LeadUnitName, &p.Origin, &p.TopicID, &p.CaseID, &p.ProposerID, &p.ProposerNickname, &p.CreatedBy,
		&p.PhotoCount, &p.UpdateCount, &p.MilestoneCount, &p.MilestonesDone, &p.FollowerCount, &p.RatingCount, &p.RatingSum,
		&created, &updated, &p.Version)
	if err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = time.UnixMilli(created), time.UnixMilli(updated)
	return &p, nil
}

// Project returns one project. Errors: not_found.
func (s *Store) Project(ctx context.Context, id int64) (*Project, error) {
	return s.project(ctx, s.DB, id)
}

// project reads a project through q, so a transaction sees its own writes.
func (s *Store) project(ctx context.Context, q db.Querier, id int64) (*Project, error) {
	p, err := scanProject(q.QueryRowContext(ctx, `SELECT `+projectCols+projectFrom+` WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "projects.not_found")
	}
	if err != nil {
		return nil, errs.Internalf("projects: project %d: %w", id, err)
	}
	return p, nil
}

// ByTopic returns the project made from a topic. Errors: not_found.
func (s *Store) ByTopic(ctx context.Context, topicID int64) (*Project, error) {
	p, err := scanProject(s.DB.QueryRowContext(ctx, `SELECT `+projectCols+projectFrom+` WHERE p.topic_id = ?`, topicID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "projects.not_found")
	}
	if err != nil {
		return nil, errs.Internalf("projects: by topic %d: %w", topicID, err)
	}
	return p, nil
}

// Photo is a stored, re-encoded photo (see internal/photo) attached to a
// project or to one of its updates.
type Photo struct {
	Key, ThumbKey, ContentType string
	Width, Height              int
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
