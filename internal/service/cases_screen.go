package service

import (
	"context"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Case text is screened by the sensitive-word list as topics and comments
// are. A report is never refused or lost for a word: the case opens and is
// handled, but the matching text (the report's title and description, a
// note, a public reply on a move, a rating comment) is held from the
// neighborhood's view until a cadre releases it; its author and the staff
// see it, with the word that matched.

// auditCaseReleased is the audit action of a cadre releasing held case text.
const auditCaseReleased = "case.released"

// heldMarker stands in for the matched word in what neighbors receive: they
// learn that text is held, not which word held it.
const heldMarker = "*"

// screenWord is the sensitive word text matches, "" if none or no list.
func (s *Service) screenWord(text string) string {
	if s.Screen == nil {
		return ""
	}
	if word, hit := s.Screen(text); hit {
		return word
	}
	return ""
}

// maskHeld blanks the held text of a case's public face.
func maskHeld(c *cases.Case) {
	if c.Held() {
		c.Title, c.Description, c.RatingComment, c.HeldWord = "", "", "", heldMarker
	}
}

// publicEvent is an event as a neighbor sees it: a held note is blanked,
// except for its own author.
func publicEvent(e *cases.Event, viewer int64) *cases.Event {
	if !e.Held() || e.ActorID == viewer {
		return e
	}
	out := *e
	out.Note, out.HeldWord = "", heldMarker
	return &out
}

// ReleaseCase lets the neighborhood see a case's held text: the committee,
// the street and the district may, after reading it. Audited. Errors:
// unauthorized, forbidden, not_found, conflict (nothing held).
func (s *Service) ReleaseCase(ctx context.Context, p *Principal, id int64) error {
	c, a, err := s.caseFor(ctx, p, id)
	if err != nil {
		return err
	}
	if err := s.authorize(ctx, p, access.Moderate, a.hood); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		released, err := s.Cases.Release(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if !released {
			return errs.New(errs.Conflict, "casemetrics.nothing_held")
		}
		return s.Audit.RecordIn(ctx, tx, audit.Entry{ActorID: p.User.ID, Action: auditCaseReleased, ObjectType: "case", ObjectID: c.ID,
			DistrictID: c.DistrictID, NeighborhoodID: c.NeighborhoodID})
	})
}
