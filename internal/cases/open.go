package cases

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Limits on what a case holds.
const (
	MaxTitleRunes   = 60
	MaxDescRunes    = 5000
	MaxNoteRunes    = 1000
	MaxAddressRunes = 120
	MaxPhotos       = 9
)

// NewCase is what a report carries. The store fills district, street and the
// routed unit from the places.
type NewCase struct {
	NeighborhoodID int64
	PlaceID        int64 // a building or grid of the neighborhood; 0 = the neighborhood
	TopicID        int64
	Category       string
	Title          string // derived from the description when empty
	Description    string
	Lat, Lng       *float64
	Address        string
	ReporterID     int64
	EnteredBy      int64
	Channel        Channel
	Photos         []Photo
	HeldWord       string // the sensitive word that holds its text from the neighborhood's view
	// Also runs inside the opening transaction (audit, inbox).
	Also func(ctx context.Context, q db.Querier, c *Case) error
}

// check validates and tidies a report. Errors: invalid.
func (n *NewCase) check() error {
	n.Title = strings.TrimSpace(n.Title)
	n.Description = strings.TrimSpace(strings.ReplaceAll(n.Description, "\r\n", "\n"))
	n.Address = strings.TrimSpace(n.Address)
	switch l := utf8.RuneCountInString(n.Description); {
	case l == 0:
		return errs.Field("description", "error.required")
	case l > MaxDescRunes:
		return errs.Field("description", "error.too_long", MaxDescRunes)
	}
	if n.Title == "" {
		n.Title = firstLine(n.Description, 30)
	}
	if utf8.RuneCountInString(n.Title) > MaxTitleRunes {
		return errs.Field("title", "error.too_long", MaxTitleRunes)
	}
	if !validCategory(n.Category) {
		return errs.Field("category", "cases.bad_category")
	}
	if n.Channel == "" {
		n.Channel = App
	}
	if !validChannel(n.Channel) {
		return errs.Field("channel", "cases.bad_channel")
	}
	if (n.Lat == nil) != (n.Lng == nil) || n.Lat != nil && (*n.Lat < -90 || *n.Lat > 90 || *n.Lng < -180 || *n.Lng > 180) {
		return errs.Field("lat", "cases.bad_location")
	}
	if utf8.RuneCountInString(n.Address) > MaxAddressRunes {
		return errs.Field("address", "error.too_long", MaxAddressRunes)
	}
	if len(n.Photos) > MaxPhotos {
		return errs.Field("photos", "board.too_many_photos", MaxPhotos)
	}
	return nil
}

func validCategory(c string) bool {
	for _, x := range board.Categories {
		if x == c {
			return true
		}
	}
	return false
}

func validChannel(c Channel) bool {
	for _, x := range Channels {
		if x == c {
			return true
		}
	}
	return false
}

// firstLine shortens text to its first line, at most n runes, as a title.
func firstLine(text string, n int) string {
	line, _, _ := strings.Cut(text, "\n")
	if r := []rune(strings.TrimSpace(line)); len(r) > n {
		return string(r[:n]) + "…"
	}
	return strings.TrimSpace(line)
}

// newToken returns a random, URL-safe Open311 token.
func newToken() string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Open records a new case in the submitted state with its first timeline event,
// routed to the unit its category and place call for. A topic becomes at most
// one case. Errors: invalid, not_found (neighborhood or place), conflict (topic
// already a case).
func (s *Store) Open(ctx context.Context, n NewCase) (*Case, error) {
	if err := n.check(); err != nil {
		return nil, err
	}
	now := s.Now()
	c := &Case{NeighborhoodID: n.NeighborhoodID, PlaceID: n.PlaceID, TopicID: n.TopicID, Category: n.Category, Title: n.Title,
		Description: n.Description, Lat: n.Lat, Lng: n.Lng, Address: n.Address, ReporterID: n.ReporterID, EnteredBy: n.EnteredBy,
		Channel: n.Channel, State: Submitted, Level: LevelNeighborhood, Token: newToken(), CreatedAt: now, UpdatedAt: now, Version: 1,
		HeldWord: n.HeldWord}
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		s.changed(tx)
		if err := s.locate(ctx, tx, c); err != nil {
			return err
		}
		unit, err := s.route(ctx, tx, c.NeighborhoodID, c.PlaceID, c.Category)
		if err != nil {
			return err
		}
		c.LeadUnitID = unit
		if s.Deadlines != nil {
			c.RespondBy, c.ResolveBy = s.Deadlines(c)
		}
		c.DueAt = c.dueAt()
		err = tx.QueryRowContext(ctx, `INSERT INTO cases (district_id, street_id, neighborhood_id, place_id, topic_id, category, title,
			description, lat, lng, address, reporter_id, entered_by, channel, state, level, lead_unit_id, respond_by, resolve_by, due_at,
			token, created_at, updated_at, version, held_word)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING id`,
			c.DistrictID, c.StreetID, c.NeighborhoodID, c.PlaceID, nullID(c.TopicID), c.Category, c.Title, c.Description, c.Lat, c.Lng,
			c.Address, nullID(c.ReporterID), nullID(c.EnteredBy), c.Channel, c.State, c.Level, nullID(c.LeadUnitID),
			ms(c.RespondBy), ms(c.ResolveBy), ms(c.DueAt), c.Token, now.UnixMilli(), now.UnixMilli(), c.HeldWord).Scan(&c.ID)
		if db.IsUniqueViolation(err) {
			return errs.New(errs.Conflict, "cases.topic_taken")
		}
		if err != nil {
			return errs.Internalf("cases: open: %w", err)
		}
		actor := c.EnteredBy
		if actor == 0 {
			actor = c.ReporterID
		}
		if err := s.AddEvent(ctx, tx, &Event{CaseID: c.ID, ActorID: actor, Kind: KindSubmit, To: Submitted, Photos: n.Photos, CreatedAt: now},
			c.DistrictID); err != nil {
			return err
		}
		if n.Also != nil {
			return n.Also(ctx, tx, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, c.ID)
}

// locate fills the case's district and street from its neighborhood and
// checks that its place lies in that neighborhood. Errors: not_found.
func (s *Store) locate(ctx context.Context, q db.Querier, c *Case) error {
	var hoodPath string
	err := q.QueryRowContext(ctx, `SELECT district_id, COALESCE(parent_id, 0), path FROM places WHERE id = ? AND kind = 'neighborhood'`,
		c.NeighborhoodID).Scan(&c.DistrictID, &c.StreetID, &hoodPath)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.New(errs.NotFound, "place.not_found")
	}
	if err != nil {
		return errs.Internalf("cases: locate neighborhood: %w", err)
	}
	if c.PlaceID == 0 || c.PlaceID == c.NeighborhoodID {
		c.PlaceID = c.NeighborhoodID
		return nil
	}
	var path string
	err = q.QueryRowContext(ctx, `SELECT path FROM places WHERE id = ?`, c.PlaceID).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !strings.HasPrefix(path, hoodPath) {
		return errs.Field("place", "place.not_found")
	}
	if err != nil {
		return errs.Internalf("cases: locate place: %w", err)
	}
	return nil
}
