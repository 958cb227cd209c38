package proposals

import (
	"context"
	"strings"

	"github.com/linli-dev/linli/internal/errs"
)

// PageSize is how many proposals a list page shows.
const PageSize = 30

// ListQuery selects proposals of one neighborhood.
type ListQuery struct {
	NeighborhoodID int64
	// States to show; empty shows the public ones.
	States []State
	// Review limits the list to submitted proposals waiting for a cadre.
	Review bool
	// AuthorID limits the list to one author's proposals (any state).
	AuthorID int64
	Before   int64 // cursor: ids below this
	Limit    int
}

// Page is one page of proposals; Next is the cursor for the following page (0 = end).
type Page struct {
	Items []*Proposal
	Next  int64
}

// List returns proposals newest first.
func (s *Store) List(ctx context.Context, q ListQuery) (*Page, error) {
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = PageSize
	}
	where, args := []string{"p.neighborhood_id = ?"}, []any{q.NeighborhoodID}
	switch {
	case q.Review:
		where = append(where, "p.state = 'submitted'")
	case q.AuthorID != 0:
		where = append(where, "p.author_id = ?")
		args = append(args, q.AuthorID)
	default:
		states := q.States
		if len(states) == 0 {
			states = []State{Accepted, Deliberated, Adopted, NotAdopted}
		}
		marks := strings.Repeat("?, ", len(states))
		where = append(where, "p.state IN ("+marks[:len(marks)-2]+")")
		for _, st := range states {
			args = append(args, st)
		}
	}
	if q.Before > 0 {
		where = append(where, "p.id < ?")
		args = append(args, q.Before)
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+proposalCols+proposalFrom+` WHERE `+strings.Join(where, " AND ")+` ORDER BY p.id DESC LIMIT ?`,
		append(args, q.Limit+1)...)
	if err != nil {
		return nil, errs.Internalf("proposals: list: %w", err)
	}
	defer rows.Close()
	pg := &Page{}
	for rows.Next() {
		p, err := scanProposal(rows)
		if err != nil {
			return nil, errs.Internalf("proposals: scan: %w", err)
		}
		pg.Items = append(pg.Items, p)
	}
	if len(pg.Items) > q.Limit {
		pg.Items = pg.Items[:q.Limit]
		pg.Next = pg.Items[len(pg.Items)-1].ID
	}
	return pg, rows.Err()
}

// Counts returns how many proposals of a neighborhood are in each state.
func (s *Store) Counts(ctx context.Context, hoodID int64) (map[State]int, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT state, COUNT(*) FROM proposals WHERE neighborhood_id = ? GROUP BY state`, hoodID)
	if err != nil {
		return nil, errs.Internalf("proposals: counts: %w", err)
	}
	defer rows.Close()
	out := map[State]int{}
	for rows.Next() {
		var st State
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, errs.Internalf("proposals: scan count: %w", err)
		}
		out[st] = n
	}
	return out, rows.Err()
}

// ByIDs reads proposals by id, for agendas; missing ids are left out.
func (s *Store) ByIDs(ctx context.Context, ids []int64) (map[int64]*Proposal, error) {
	out := map[int64]*Proposal{}
	if len(ids) == 0 {
		return out, nil
	}
	marks := strings.Repeat("?, ", len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+proposalCols+proposalFrom+` WHERE p.id IN (`+marks[:len(marks)-2]+`)`, args...)
	if err != nil {
		return nil, errs.Internalf("proposals: by ids: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanProposal(rows)
		if err != nil {
			return nil, errs.Internalf("proposals: scan: %w", err)
		}
		out[p.ID] = p
	}
	return out, rows.Err()
}
