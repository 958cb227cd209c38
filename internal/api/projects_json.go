package api

import (
	"time"

	"github.com/linli-dev/linli/internal/projects"
)

// Money is in fen and shares in basis points, as integers, so clients never
// round: budget_fen 1200000 is 12,000.00 yuan; share_bp 9000 is 90%.

type projectJSON struct {
	ID             int64     `json:"id"`
	NeighborhoodID int64     `json:"neighborhood_id"`
	Title          string    `json:"title"`
	Description    string    `json:"description,omitempty"`
	State          string    `json:"state"`
	DropReason     string    `json:"drop_reason,omitempty"`
	BudgetFen      int64     `json:"budget_fen"`
	LeadUnitID     int64     `json:"lead_unit_id,omitempty"`
	LeadUnit       string    `json:"lead_unit,omitempty"`
	Origin         string    `json:"origin"`
	TopicID        int64     `json:"topic_id,omitempty"`
	CaseID         int64     `json:"case_id,omitempty"`
	Proposer       string    `json:"proposer,omitempty"`
	Photos         int       `json:"photos"`
	Updates        int       `json:"updates"`
	Milestones     int       `json:"milestones"`
	MilestonesDone int       `json:"milestones_done"`
	Followers      int       `json:"followers"`
	Ratings        int       `json:"ratings"`
	RatingTenths   int       `json:"rating_tenths"`
	Version        int64     `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

func projectView(p *projects.Project, withText bool) projectJSON {
	v := projectJSON{ID: p.ID, NeighborhoodID: p.NeighborhoodID, Title: p.Title, State: string(p.State), BudgetFen: p.BudgetFen,
		LeadUnitID: p.LeadUnitID, LeadUnit: p.LeadUnitName, Origin: string(p.Origin), TopicID: p.TopicID, CaseID: p.CaseID,
		Proposer: p.ProposerNickname, Photos: p.PhotoCount, Updates: p.UpdateCount, Milestones: p.MilestoneCount,
		MilestonesDone: p.MilestonesDone, Followers: p.FollowerCount, Ratings: p.RatingCount, RatingTenths: p.RatingTenths(),
		Version: p.Version, CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC()}
	if withText {
		v.Description, v.DropReason = p.Description, p.DropReason
	}
	return v
}

type shareJSON struct {
	Position       int    `json:"position"`
	Source         string `json:"source"`
	Note           string `json:"note,omitempty"`
	ShareBP        int    `json:"share_bp"`
	AmountFen      int64  `json:"amount_fen,omitempty"`
	NeedsApproval  bool   `json:"needs_approval"`
	ApprovalPollID int64  `json:"approval_poll_id,omitempty"`
}

// shareInput is a funding share as clients send it.
type shareInput struct {
	Source  string `json:"source"`
	ShareBP int    `json:"share_bp"`
	Note    string `json:"note"`
}

func sharesFrom(in []shareInput) []projects.Share {
	out := make([]projects.Share, len(in))
	for i, s := range in {
		out[i] = projects.Share{Source: projects.Source(s.Source), BP: s.ShareBP, Note: s.Note}
	}
	return out
}

type milestoneJSON struct {
	ID     int64      `json:"id"`
	Title  string     `json:"title"`
	Due    string     `json:"due"`
	DoneAt *time.Time `json:"done_at,omitempty"`
}

var chinaTime = time.FixedZone("CST", 8*3600)

func milestoneView(m *projects.Milestone) milestoneJSON {
	v := milestoneJSON{ID: m.ID, Title: m.Title, Due: m.Due.In(chinaTime).Format("2006-01-02")}
	if m.Done() {
		t := m.DoneAt.UTC()
		v.DoneAt = &t
	}
	return v
}

type projectPhotoJSON struct {
	URL      string `json:"url"`
	ThumbURL string `json:"thumb_url"`
	Width    int    `json:"width"`
	Height   int    `json:"height"`
}

func projectPhotosView(list []projects.Photo) []projectPhotoJSON {
	out := make([]projectPhotoJSON, 0, len(list))
	for _, p := range list {
		out = append(out, projectPhotoJSON{URL: "/photos/" + p.Key, ThumbURL: "/photos/" + p.ThumbKey, Width: p.Width, Height: p.Height})
	}
	return out
}

type projectEventJSON struct {
	ID        int64              `json:"id"`
	Kind      string             `json:"kind"`
	Actor     string             `json:"actor,omitempty"`
	From      string             `json:"from_state,omitempty"`
	To        string             `json:"to_state,omitempty"`
	Note      string             `json:"note,omitempty"`
	Body      string             `json:"body,omitempty"`
	Photos    []projectPhotoJSON `json:"photos,omitempty"`
	Milestone string             `json:"milestone,omitempty"`
	PollID    int64              `json:"poll_id,omitempty"`
	At        time.Time          `json:"at"`
}

func projectEventView(e *projects.Event) projectEventJSON {
	v := projectEventJSON{ID: e.ID, Kind: e.Kind, Actor: e.ActorNickname, From: string(e.FromState), To: string(e.ToState), Note: e.Note,
		Body: e.Body, Milestone: e.MilestoneTitle, PollID: e.PollID, At: e.CreatedAt.UTC()}
	if len(e.Photos) > 0 {
		v.Photos = projectPhotosView(e.Photos)
	}
	return v
}
