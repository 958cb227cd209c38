package polls

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// NewOption is a candidate as the committee lists it; ProjectID links a
// tick-list candidate (or a later round's choice) to its project.
type NewOption struct {
	Label     string
	ProjectID int64
}

// NewPoll is a poll as the committee writes it.
type NewPoll struct {
	Kind        Kind
	Title       string
	Description string
	Electorate  Electorate
	PlaceIDs    []int64 // buildings or grids; none = the whole neighborhood
	Options     []NewOption
	MinChoices  int
	MaxChoices  int
	Winners     int
	Major       bool
	Secret      bool
	Live        bool
	PaperCheck  PaperCheck
	ProjectID   int64
	Commitment  string
	OpensAt     time.Time
	ClosesAt    time.Time
}

// AssemblyOptions are the three answers of an owners' resolution.
var AssemblyOptions = []NewOption{{Label: "agree"}, {Label: "oppose"}, {Label: "abstain"}}

// Check validates and normalizes a draft. Errors: invalid (with the field).
func Check(d *NewPoll) error {
	d.Title = strings.TrimSpace(d.Title)
	d.Description = strings.TrimSpace(d.Description)
	d.Commitment = strings.TrimSpace(d.Commitment)
	if n := utf8.RuneCountInString(d.Title); n == 0 || n > 80 {
		return errs.Field("title", "polls.bad_title", 80)
	}
	if utf8.RuneCountInString(d.Description) > 2000 || utf8.RuneCountInString(d.Commitment) > 500 {
		return errs.Field("description", "error.too_long", 2000)
	}
	if d.PaperCheck == "" {
		d.PaperCheck = DoubleEntry
	}
	if d.PaperCheck != DoubleEntry && d.PaperCheck != SingleEntry {
		return errs.Field("paper_check", "polls.bad_paper_check")
	}
	switch d.Electorate {
	case Residents, Households, Owners:
	default:
		return errs.Field("electorate", "polls.bad_electorate")
	}
	if !d.ClosesAt.After(d.OpensAt) {
		return errs.Field("closes_at", "polls.bad_window")
	}
	switch d.Kind {
	case Assembly:
		if d.Electorate != Owners {
			return errs.Field("electorate", "polls.assembly_owners")
		}
		d.Options = AssemblyOptions
		d.MinChoices, d.MaxChoices, d.Winners = 1, 1, 0
		return nil
	case Single:
		d.MinChoices, d.MaxChoices = 1, 1
	case Multiple:
		if d.MinChoices < 1 {
			d.MinChoices = 1
		}
		if d.MaxChoices < 1 {
			d.MaxChoices = len(d.Options)
		}
	case Tick:
		if d.MinChoices < 1 {
			d.MinChoices = 1
		}
		if d.MaxChoices < 1 {
			d.MaxChoices = len(d.Options)
		}
	default:
		return errs.Field("kind", "polls.bad_kind")
	}
	d.Major = false
	var opts []NewOption
	for _, o := range d.Options {
		o.Label = strings.TrimSpace(o.Label)
		if o.Label == "" && o.ProjectID == 0 {
			continue
		}
		if utf8.RuneCountInString(o.Label) > 80 {
			return errs.Field("options", "error.too_long", 80)
		}
		opts = append(opts, o)
	}
	d.Options = opts
	if len(d.Options) < 2 || len(d.Options) > MaxOptions {
		return errs.Field("options", "polls.bad_options", MaxOptions)
	}
	if d.MaxChoices > len(d.Options) {
		d.MaxChoices = len(d.Options)
	}
	if d.MinChoices > d.MaxChoices {
		return errs.Field("min_choices", "polls.bad_choice_range")
	}
	if d.Winners < 0 || d.Winners > len(d.Options) {
		return errs.Field("winners", "polls.bad_winners")
	}
	return nil
}

// Create stores a draft poll in a neighborhood. The caller checked the draft
// (Check), the places (inside the neighborhood) and the linked projects.
func (s *Store) Create(ctx context.Context, tx *db.Tx, districtID, neighborhoodID, actorID int64, d NewPoll) (*Poll, error) {
	now := s.Now().UnixMilli()
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO polls (district_id, neighborhood_id, kind, title, description, state, electorate,
		min_choices, max_choices, option_count, winners, major, secret, live, paper_check, project_id, commitment, opens_at, closes_at, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		districtID, neighborhoodID, d.Kind, d.Title, d.Description, d.Electorate, d.MinChoices, d.MaxChoices, len(d.Options), d.Winners,
		d.Major, d.Secret, d.Live, d.PaperCheck, nullable(d.ProjectID), d.Commitment, d.OpensAt.UnixMilli(), d.ClosesAt.UnixMilli(),
		actorID, now).Scan(&id)
	if err != nil {
		return nil, errs.Internalf("polls: create: %w", err)
	}
	for i, o := range d.Options {
		if _, err := tx.ExecContext(ctx, `INSERT INTO poll_options (poll_id, position, label, project_id) VALUES (?, ?, ?, ?)`,
			id, i, o.Label, nullable(o.ProjectID)); err != nil {
			return nil, errs.Internalf("polls: option: %w", err)
		}
	}
	places := d.PlaceIDs
	if len(places) == 0 {
		places = []int64{neighborhoodID}
	}
	for _, pl := range places {
		if _, err := tx.ExecContext(ctx, `INSERT INTO poll_places (poll_id, place_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, id, pl); err != nil {
			return nil, errs.Internalf("polls: place: %w", err)
		}
	}
	return s.poll(ctx, tx, id)
}

// Open fixes the electorate and opens the poll: the verified residents (or
// their households, or the owned households with their floor area) living
// under the poll's places now. A poll opened ahead of opens_at takes
// ballots from opens_at on.
// Errors: not_found, conflict (not a draft, or nobody to vote).
func (s *Store) Open(ctx context.Context, tx *db.Tx, id int64) (*Poll, error) {
	p, err := s.poll(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if p.State != Draft {
		return nil, errs.New(errs.Conflict, "polls.not_draft")
	}
	now := s.Now()
	if !now.Before(p.ClosesAt) {
		return nil, errs.New(errs.Conflict, "polls.window_passed")
	}
	// The people: verified residents (owners for an owners' vote) of households
	// in buildings under the poll's places.
	people := `SELECT DISTINCT r.user_id, h.id AS household_id, h.area_centi, b.name || ' ' || h.room AS label
		FROM poll_places pp
		JOIN places scope ON scope.id = pp.place_id
		JOIN places b ON b.kind = 'building' AND b.path >= scope.path AND b.path < scope.path || '~'
		JOIN households h ON h.building_id = b.id
		JOIN residences r ON r.household_id = h.id
		JOIN users u ON u.id = r.user_id AND u.status = 'verified'
		WHERE pp.poll_id = ? AND h.neighborhood_id = ?`
	if p.Electorate == Owners {
		people += ` AND r.is_owner`
	}
	key := "e.household_id"
	if p.Electorate == Residents {
		key = "e.user_id"
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO poll_voters (poll_id, user_id, voter_key)
		SELECT DISTINCT CAST(? AS BIGINT), e.user_id, `+key+` FROM (`+people+`) e`, id, id, p.NeighborhoodID); err != nil {
		return nil, errs.Internalf("polls: snapshot voters: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO poll_electors (poll_id, voter_key, household_id, area, label)
		SELECT CAST(? AS BIGINT), `+key+`, MIN(e.household_id), MIN(e.area_centi), MIN(e.label) FROM (`+people+`) e GROUP BY `+key,
		id, id, p.NeighborhoodID); err != nil {
		return nil, errs.Internalf("polls: snapshot electorate: %w", err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE polls SET state = 'open', opened_at = ?,
		elector_count = (SELECT COUNT(*) FROM poll_electors WHERE poll_id = ?),
		elector_area = (SELECT COALESCE(SUM(area), 0) FROM poll_electors WHERE poll_id = ?)
		WHERE id = ? AND state = 'draft'`, now.UnixMilli(), id, id, id)
	if err != nil {
		return nil, errs.Internalf("polls: open: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, errs.New(errs.Conflict, "polls.not_draft")
	}
	p, err = s.poll(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if p.ElectorCount == 0 {
		return nil, errs.New(errs.Conflict, "polls.no_electorate")
	}
	return p, nil
}
