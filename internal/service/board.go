package service

import (
	"context"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
)

// Screen checks text against the sensitive-word list; it returns the word
// that matched. nil means no list is configured.
type Screen func(text string) (word string, hit bool)

// defaultSections are the sections every board has, before one per unit.
var defaultSections = []board.SectionSpec{
	{Kind: board.Hall, Name: "议事厅"},
	{Kind: board.Neighbors, Name: "左邻右舍"},
	{Kind: board.Announcements, Name: "公告"},
	{Kind: board.Guide, Name: "办事指南"},
}

// unitSectionNames name the "ask the unit" sections.
var unitSectionNames = map[org.UnitKind]string{
	org.Property: "问物业", org.OwnersCommittee: "问业委会", org.Police: "问民警", org.Doctor: "问家庭医生", org.Lawyer: "问律师",
}

// ensureSections gives a neighborhood its default sections and one per unit
// serving it; safe to call again when units change.
func (s *Service) ensureSections(ctx context.Context, hood *org.Place) ([]*board.Section, error) {
	units, err := s.Org.UnitsServing(ctx, hood.ID)
	if err != nil {
		return nil, err
	}
	specs := append([]board.SectionSpec(nil), defaultSections...)
	for _, u := range units {
		if name, ok := unitSectionNames[u.Kind]; ok {
			specs = append(specs, board.SectionSpec{Kind: board.UnitSection, UnitID: u.ID, Name: name})
		}
	}
	if err := s.Board.EnsureSections(ctx, s.DB, hood.DistrictID, hood.ID, specs); err != nil {
		return nil, err
	}
	return s.Board.Sections(ctx, hood.ID)
}

// EnsureSectionsFor is ensureSections for tools (the data generator).
func (s *Service) EnsureSectionsFor(ctx context.Context, hood *org.Place) ([]*board.Section, error) {
	return s.ensureSections(ctx, hood)
}

// BoardView is one page of a neighborhood's board.
type BoardView struct {
	Neighborhood *org.Place
	Sections     []*board.Section
	Section      *board.Section
	Page         *board.Page
	Sort         board.Sort
	Liked        map[int64]bool
	CanPost      bool
	CanModerate  bool
}

// BoardPage lists a neighborhood's topics for a person who may view it.
// Errors: unauthorized, not_found, invalid.
func (s *Service) BoardPage(ctx context.Context, p *Principal, neighborhoodID, sectionID int64, sort board.Sort, cursor string) (*BoardView, error) {
	hood, err := s.placeFor(ctx, p, access.ViewNeighborhood, neighborhoodID)
	if err != nil {
		return nil, err
	}
	if hood.Kind != org.Neighborhood {
		return nil, errs.New(errs.NotFound, "place.not_found")
	}
	if sort == "" {
		sort = board.Latest
	}
	v := &BoardView{Neighborhood: hood, Sort: sort}
	if v.Sections, err = s.Board.Sections(ctx, hood.ID); err != nil {
		return nil, err
	}
	if len(v.Sections) == 0 {
		if v.Sections, err = s.ensureSections(ctx, hood); err != nil {
			return nil, err
		}
	}
	if sectionID != 0 {
		for _, sec := range v.Sections {
			if sec.ID == sectionID {
				v.Section = sec
			}
		}
		if v.Section == nil {
			return nil, errs.New(errs.NotFound, "board.section_not_found")
		}
	}
	if v.Page, err = s.Board.List(ctx, board.ListQuery{NeighborhoodID: hood.ID, SectionID: sectionID, Sort: sort, Cursor: cursor}); err != nil {
		return nil, err
	}
	target := access.Target{Path: hood.Path}
	v.CanPost = access.Can(p.Actor, access.PostTopic, target)
	v.CanModerate = access.Can(p.Actor, access.Moderate, target)
	return v, nil
}

// BoardLikes fills v.Liked with the page's topics the viewer likes. It is
// separate from BoardPage because only some surfaces show it, and it is the
// one part of a board page that differs per reader.
func (s *Service) BoardLikes(ctx context.Context, p *Principal, v *BoardView) error {
	ids := make([]int64, len(v.Page.Topics))
	for i, t := range v.Page.Topics {
		ids[i] = t.ID
	}
	var err error
	v.Liked, err = s.Board.Liked(ctx, p.User.ID, "topic", ids)
	return err
}

// TopicView is a topic with its photos and comments.
type TopicView struct {
	Topic         *board.Topic
	Neighborhood  *org.Place
	Photos        []board.Photo
	Comments      []*board.Comment
	Liked         bool
	LikedComments map[int64]bool
	Hot           bool
	CanComment    bool
	CanModerate   bool
	CanEdit       bool
	Viewer        int64
	MoveTo        []*board.Section // for moderators: the board's other sections
	CaseID        int64            // the case the topic became, 0 if none
	CanMakeCase   bool             // its author or a cadre may make it a case
}

// topicFor loads a topic a person may see: visible ones for the neighborhood,
// and held or hidden ones for their author and moderators. Errors: unauthorized, not_found.
func (s *Service) topicFor(ctx context.Context, p *Principal, id int64) (*board.Topic, *org.Place, error) {
	t, err := s.Board.Topic(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	hood, err := s.placeFor(ctx, p, access.ViewNeighborhood, t.NeighborhoodID)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return nil, nil, errs.New(errs.NotFound, "board.topic_not_found")
		}
		return nil, nil, err
	}
	if t.Status == board.Deleted || (t.Status != board.Visible && t.AuthorID != p.User.ID &&
		!access.Can(p.Actor, access.Moderate, access.Target{Path: hood.Path})) {
		return nil, nil, errs.New(errs.NotFound, "board.topic_not_found")
	}
	return t, hood, nil
}

// TopicPage shows a topic and counts the person as a reader. Errors: unauthorized, not_found.
func (s *Service) TopicPage(ctx context.Context, p *Principal, id int64) (*TopicView, error) {
	t, hood, err := s.topicFor(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if t.Status == board.Visible {
		if err := s.Board.MarkRead(ctx, t, p.User.ID); err != nil {
			return nil, err
		}
	}
	v := &TopicView{Topic: t, Neighborhood: hood, Hot: t.IsHot(hood.ResidentCount)}
	if v.Photos, err = s.Board.Photos(ctx, t.ID); err != nil {
		return nil, err
	}
	if v.Comments, err = s.Board.Comments(ctx, t, 0, 200); err != nil {
		return nil, err
	}
	liked, err := s.Board.Liked(ctx, p.User.ID, "topic", []int64{t.ID})
	if err != nil {
		return nil, err
	}
	v.Liked = liked[t.ID]
	ids := make([]int64, len(v.Comments))
	for i, c := range v.Comments {
		ids[i] = c.ID
	}
	if v.LikedComments, err = s.Board.Liked(ctx, p.User.ID, "comment", ids); err != nil {
		return nil, err
	}
	target := access.Target{Path: hood.Path}
	v.CanComment = !t.Locked && t.Status == board.Visible && access.Can(p.Actor, access.PostTopic, target)
	v.CanModerate = access.Can(p.Actor, access.Moderate, target)
	if v.CanModerate {
		if v.MoveTo, err = s.moveTargets(ctx, t); err != nil {
			return nil, err
		}
	}
	v.CanEdit = t.CanEdit(p.User.ID, s.Board.Now())
	v.Viewer = p.User.ID
	if c, err := s.Cases.ByTopic(ctx, t.ID); err == nil {
		v.CaseID = c.ID
	} else if !errs.Is(err, errs.NotFound) {
		return nil, err
	}
	v.CanMakeCase = v.CaseID == 0 && t.Status == board.Visible &&
		(t.AuthorID == p.User.ID || access.Can(p.Actor, access.HandleCase, target))
	return v, nil
}

// PostTopic publishes a topic in a section of a neighborhood's board; a topic
// that hits the sensitive-word list is held for review and its author told why.
// Entering a topic for an offline resident needs a leader's or cadre's role.
// Errors: unauthorized, forbidden, not_found, invalid.
func (s *Service) PostTopic(ctx context.Context, p *Principal, sectionID int64, d board.Draft) (*board.Topic, error) {
	sec, err := s.Board.Section(ctx, sectionID)
	if err != nil {
		return nil, err
	}
	hood, err := s.placeFor(ctx, p, access.PostTopic, sec.NeighborhoodID)
	if err != nil {
		return nil, err
	}
	target := access.Target{Path: hood.Path}
	if sec.Kind == board.Announcements && !access.Can(p.Actor, access.Moderate, target) {
		return nil, errs.Field("section", "board.announcements_cadres_only")
	}
	if d.Channel != "" && d.Channel != "online" {
		if err := s.authorize(ctx, p, access.PostForResident, hood); err != nil {
			return nil, err
		}
	} else {
		d.ForUserID = 0
	}
	if err := board.CheckDraft(&d); err != nil {
		return nil, err
	}
	status, reason := board.Visible, ""
	if s.Screen != nil {
		if word, hit := s.Screen(d.Title + "\n" + d.Body + "\n" + d.PlaceNote); hit {
			status, reason = board.Held, word
		}
	}
	return s.Board.Create(ctx, sec, p.User.ID, d, status, reason)
}

// AddComment replies to a topic or to a comment on it. Errors: unauthorized,
// forbidden, not_found, invalid, conflict (locked).
func (s *Service) AddComment(ctx context.Context, p *Principal, topicID, parentID int64, body string) (*board.Comment, error) {
	t, hood, err := s.topicFor(ctx, p, topicID)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, p, access.PostTopic, hood); err != nil {
		return nil, err
	}
	if t.Status != board.Visible {
		return nil, errs.New(errs.Conflict, "board.not_visible")
	}
	status, reason := board.Visible, ""
	if s.Screen != nil {
		if word, hit := s.Screen(body); hit {
			status, reason = board.Held, word
		}
	}
	return s.Board.AddCommentAlso(ctx, t, parentID, p.User.ID, body, status, reason, func(ctx context.Context, tx *db.Tx, c *board.Comment, parentAuthor int64) error {
		return s.notifyComment(ctx, tx, t, c, parentAuthor)
	})
}

// Like likes or unlikes a topic or a comment; repeating it changes nothing.
// Errors: unauthorized, forbidden, not_found, invalid.
func (s *Service) Like(ctx context.Context, p *Principal, targetType string, id int64, on bool) error {
	topicID := id
	if targetType == "comment" {
		c, err := s.Board.Comment(ctx, id)
		if err != nil {
			return err
		}
		topicID = c.TopicID
	} else if targetType != "topic" {
		return errs.Field("target", "board.bad_target")
	}
	t, hood, err := s.topicFor(ctx, p, topicID)
	if err != nil {
		return err
	}
	if err := s.authorize(ctx, p, access.PostTopic, hood); err != nil {
		return err
	}
	_, err = s.Board.Like(ctx, t.DistrictID, p.User.ID, targetType, id, on)
	return err
}

// SearchTopics searches the boards a person may read: their neighborhood, or
// every neighborhood under a street or district they administer. Errors:
// unauthorized, not_found, invalid.
func (s *Service) SearchTopics(ctx context.Context, p *Principal, placeID int64, text string) ([]*board.Topic, error) {
	place, err := s.placeFor(ctx, p, access.ViewNeighborhood, placeID)
	if err != nil {
		return nil, err
	}
	hoods := []int64{place.ID}
	if place.Kind != org.Neighborhood {
		all, err := s.Org.Subtree(ctx, place)
		if err != nil {
			return nil, err
		}
		hoods = hoods[:0]
		for _, n := range all {
			if n.Kind == org.Neighborhood {
				hoods = append(hoods, n.ID)
			}
		}
	}
	return s.Board.Search(ctx, board.SearchQuery{NeighborhoodIDs: hoods, Text: text})
}

// EditTopic lets the author change a topic within the edit window; the new
// text is screened again. Errors: unauthorized, forbidden, not_found, invalid.
func (s *Service) EditTopic(ctx context.Context, p *Principal, id int64, d board.Draft) (*board.Topic, error) {
	t, _, err := s.topicFor(ctx, p, id)
	if err != nil {
		return nil, err
	}
	status, reason := t.Status, t.StatusReason
	if status == board.Visible || status == board.Held {
		status, reason = board.Visible, ""
		if s.Screen != nil {
			if word, hit := s.Screen(d.Title + "\n" + d.Body + "\n" + d.PlaceNote); hit {
				status, reason = board.Held, word
			}
		}
	}
	return s.Board.Edit(ctx, t, p.User.ID, d, status, reason)
}

// DeleteOwn lets an author remove their own topic or comment.
// Errors: unauthorized, forbidden, not_found.
func (s *Service) DeleteOwn(ctx context.Context, p *Principal, targetType string, id int64) error {
	t, _, err := s.target(ctx, targetType, id)
	if err != nil {
		return err
	}
	if _, _, err := s.topicFor(ctx, p, t.ID); err != nil {
		return err
	}
	return s.Board.Delete(ctx, targetType, id, p.User.ID)
}
