package service

import (
	"context"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/inbox"
	"github.com/linli-dev/linli/internal/messages"
)

// Unread is what waits for a person, as the navigation shows it.
type Unread struct {
	Messages int // unread private messages, in their threads and those they answer
	Inbox    int // unread notifications
}

// UnreadCounts counts what waits for a person in one query, so every page
// can show it: the same threads as Mailbox (their own, their committees'
// under the places where they review, their units'), and their inbox. An
// anonymous request has nothing waiting.
func (s *Service) UnreadCounts(ctx context.Context, p *Principal) (Unread, error) {
	var u Unread
	if !p.LoggedIn() {
		return u, nil
	}
	var committees []string
	for _, g := range p.Actor.Scopes(access.ReviewVerification) {
		committees = append(committees, g.PlacePath)
	}
	var units []int64
	for _, g := range p.Actor.Grants {
		if g.Role == access.UnitStaff {
			units = append(units, g.UnitID)
		}
	}
	iq, args := inbox.UnreadQuery(p.User.ID)
	mq, margs := messages.UnreadQuery(p.User.ID, committees, units)
	if err := s.DB.QueryRowContext(ctx, `SELECT `+iq+`, `+mq, append(args, margs...)...).Scan(&u.Inbox, &u.Messages); err != nil {
		return u, errs.Internalf("service: unread counts: %w", err)
	}
	return u, nil
}
