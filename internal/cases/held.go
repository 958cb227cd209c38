package cases

import (
	"context"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Held reports whether some of the case's text is held from the
// neighborhood's view by the sensitive-word list.
func (c *Case) Held() bool { return c.HeldWord != "" }

// Held reports whether the event's note is held from the neighborhood's view.
func (e *Event) Held() bool { return e.HeldWord != "" }

// hold marks the case's own text held, keeping the first word that matched.
func (s *Store) hold(ctx context.Context, q db.Querier, c *Case, word string) error {
	if _, err := q.ExecContext(ctx, `UPDATE cases SET held_word = ? WHERE id = ? AND held_word = ''`, word, c.ID); err != nil {
		return errs.Internalf("cases: hold: %w", err)
	}
	if c.HeldWord == "" {
		c.HeldWord = word
	}
	return nil
}

// Release lets the neighborhood see all of a case's held text again, the
// case's own and its timeline's, in q (the caller's transaction, with its
// audit row). It reports whether anything was held. Errors: internal.
func (s *Store) Release(ctx context.Context, q db.Querier, id int64) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE cases SET held_word = '' WHERE id = ? AND held_word <> ''`, id)
	if err != nil {
		return false, errs.Internalf("cases: release: %w", err)
	}
	n, _ := res.RowsAffected()
	res, err = q.ExecContext(ctx, `UPDATE case_events SET held_word = '' WHERE case_id = ? AND held_word <> ''`, id)
	if err != nil {
		return false, errs.Internalf("cases: release events: %w", err)
	}
	m, _ := res.RowsAffected()
	return n+m > 0, nil
}
