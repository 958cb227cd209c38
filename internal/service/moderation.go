package service

import (
	"context"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/inbox"
	"github.com/linli-dev/linli/internal/org"
)

// ReportThreshold is how many residents' reports hold a post for review.
const ReportThreshold = 3

// Moderation actions a cadre may take.
const (
	ActHide    = "hide"
	ActApprove = "approve"
	ActPin     = "pin"
	ActUnpin   = "unpin"
	ActLock    = "lock"
	ActUnlock  = "unlock"
	ActMove    = "move"
)

// target loads the topic behind a topic or comment and its neighborhood.
func (s *Service) target(ctx context.Context, targetType string, id int64) (*board.Topic, *board.Comment, error) {
	switch targetType {
	case "topic":
		t, err := s.Board.Topic(ctx, id)
		return t, nil, err
	case "comment":
		c, err := s.Board.Comment(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		t, err := s.Board.Topic(ctx, c.TopicID)
		return t, c, err
	}
	return nil, nil, errs.Field("target", "board.bad_target")
}

// Moderate takes a cadre's decision on a topic or comment; hiding needs a
// reason. Every decision is audited and the author is told in their inbox.
// Errors: unauthorized, forbidden, not_found, invalid.
func (s *Service) Moderate(ctx context.Context, p *Principal, targetType string, id int64, action, reason string, sectionID int64) error {
	t, c, err := s.target(ctx, targetType, id)
	if err != nil {
		return err
	}
	hood, err := s.placeFor(ctx, p, access.Moderate, t.NeighborhoodID)
	if err != nil {
		return err
	}
	if action == ActHide && reason == "" {
		return errs.Field("reason", "moderation.reason_required")
	}
	author := t.AuthorID
	if c != nil {
		author = c.AuthorID
	}
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		switch action {
		case ActHide, ActApprove:
			status := board.Hidden
			if action == ActApprove {
				status = board.Visible
			}
			if _, _, err := s.Board.SetStatus(ctx, tx, targetType, id, status, reason); err != nil {
				return err
			}
		case ActPin, ActUnpin, ActLock, ActUnlock:
			if targetType != "topic" {
				return errs.Field("action", "moderation.bad_action")
			}
			pinned, locked := t.Pinned, t.Locked
			switch action {
			case ActPin, ActUnpin:
				pinned = action == ActPin
			default:
				locked = action == ActLock
			}
			if err := s.Board.SetFlags(ctx, tx, t.ID, pinned, locked); err != nil {
				return err
			}
		case ActMove:
			sec, err := s.Board.Section(ctx, sectionID)
			if err != nil || targetType != "topic" {
				return errs.Field("section", "board.section_not_found")
			}
			if err := s.Board.Move(ctx, tx, t, sec); err != nil {
				return err
			}
		default:
			return errs.Field("action", "moderation.bad_action")
		}
		if err := s.Audit.RecordIn(ctx, tx, audit.Entry{ActorID: p.User.ID, Action: "moderation." + action, ObjectType: targetType,
			ObjectID: id, DistrictID: hood.DistrictID, NeighborhoodID: hood.ID, Detail: reason}); err != nil {
			return err
		}
		return s.Inbox.Notify(ctx, tx, inbox.Notification{UserID: author, DistrictID: hood.DistrictID, Kind: inbox.Moderated + "." + action,
			TopicID: t.ID, CommentID: commentID(c), ActorID: p.User.ID, Detail: reason})
	})
	return err
}

func commentID(c *board.Comment) int64 {
	if c == nil {
		return 0
	}
	return c.ID
}

// Report lets a resident flag a topic or comment; enough reports hold it for
// a cadre. Reporting twice counts once. Errors: unauthorized, forbidden, not_found.
func (s *Service) Report(ctx context.Context, p *Principal, targetType string, id int64, reason string) error {
	t, _, err := s.target(ctx, targetType, id)
	if err != nil {
		return err
	}
	if _, _, err := s.topicFor(ctx, p, t.ID); err != nil {
		return err
	}
	if _, err := s.placeFor(ctx, p, access.PostTopic, t.NeighborhoodID); err != nil {
		return err
	}
	_, err = s.Board.Report(ctx, targetType, id, p.User.ID, reason, ReportThreshold)
	return err
}

// ModerationQueue lists what waits for review in a neighborhood.
// Errors: unauthorized, forbidden, not_found.
func (s *Service) ModerationQueue(ctx context.Context, p *Principal, hoodID int64) (*org.Place, []board.HeldItem, error) {
	hood, err := s.placeFor(ctx, p, access.Moderate, hoodID)
	if err != nil {
		return nil, nil, err
	}
	items, err := s.Board.Held(ctx, hood.ID)
	return hood, items, err
}

// InboxPage returns a person's notifications and marks them read.
func (s *Service) InboxPage(ctx context.Context, p *Principal, before int64) ([]inbox.Notification, int64, error) {
	if !p.LoggedIn() {
		return nil, 0, errs.New(errs.Unauthorized, "login.required")
	}
	list, next, err := s.Inbox.List(ctx, p.User.ID, before, 30)
	if err != nil {
		return nil, 0, err
	}
	if before == 0 {
		err = s.Inbox.MarkAllRead(ctx, p.User.ID)
	}
	return list, next, err
}

// notifyComment tells the topic's author, and the author of the comment
// replied to, about a new comment.
func (s *Service) notifyComment(ctx context.Context, tx *db.Tx, t *board.Topic, c *board.Comment, parentAuthor int64) error {
	notify := func(user int64, kind string) error {
		if user == 0 || user == c.AuthorID {
			return nil
		}
		return s.Inbox.Notify(ctx, tx, inbox.Notification{UserID: user, DistrictID: t.DistrictID, Kind: kind, TopicID: t.ID,
			CommentID: c.ID, ActorID: c.AuthorID})
	}
	if err := notify(t.AuthorID, inbox.CommentOnTopic); err != nil {
		return err
	}
	if parentAuthor == t.AuthorID {
		return nil
	}
	return notify(parentAuthor, inbox.ReplyToComment)
}
