package proposals

import (
	"context"
	"database/sql"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Support records that a resident supports (or no longer supports) an open
// proposal. Supporting twice is supporting once: the primary key decides and
// the counter on the proposal moves only when a row really changed. Supports
// come in bursts, so they share commits (db.GroupTx) and are acknowledged
// after the commit that carries them. It reports whether anything changed.
// Errors: conflict (the proposal is not open for support), not_found.
func (s *Store) Support(ctx context.Context, districtID, id, user int64, on bool) (bool, error) {
	changed := false
	now := s.Now().UnixMilli()
	err := s.DB.GroupTx(ctx, func(tx *db.Tx) error {
		changed = false
		var res sql.Result
		var err error
		if on {
			res, err = tx.ExecContext(ctx, `INSERT INTO proposal_supports (proposal_id, user_id, district_id, created_at) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING`, id, user, districtID, now)
		} else {
			res, err = tx.ExecContext(ctx, `DELETE FROM proposal_supports WHERE proposal_id = ? AND user_id = ?`, id, user)
		}
		if err != nil {
			return errs.Internalf("proposals: support: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		delta := 1
		if !on {
			delta = -1
		}
		res, err = tx.ExecContext(ctx, `UPDATE proposals SET support_count = support_count + ? WHERE id = ? AND state IN ('accepted','deliberated')`, delta, id)
		if err != nil {
			return errs.Internalf("proposals: count support: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.Conflict, "proposals.support_closed")
		}
		changed = true
		return nil
	})
	return changed && err == nil, err
}

// Follow starts or stops a person following a proposal; the counter moves
// only when a row changed. It reports whether anything changed.
func (s *Store) Follow(ctx context.Context, tx *db.Tx, p *Proposal, user int64, on bool) (bool, error) {
	var res sql.Result
	var err error
	if on {
		res, err = tx.ExecContext(ctx, `INSERT INTO proposal_followers (proposal_id, user_id, district_id, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, p.ID, user, p.DistrictID, s.Now().UnixMilli())
	} else {
		res, err = tx.ExecContext(ctx, `DELETE FROM proposal_followers WHERE proposal_id = ? AND user_id = ?`, p.ID, user)
	}
	if err != nil {
		return false, errs.Internalf("proposals: follow: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	delta := 1
	if !on {
		delta = -1
	}
	if _, err := tx.ExecContext(ctx, `UPDATE proposals SET follower_count = follower_count + ? WHERE id = ?`, delta, p.ID); err != nil {
		return false, errs.Internalf("proposals: count followers: %w", err)
	}
	return true, nil
}

// Viewer is what one person has done about a proposal.
type Viewer struct {
	Supports, Follows bool
	Cosigner          string // "", or the invitation's state
}

// ViewerOf reads a person's support, follow and invitation in one query.
func (s *Store) ViewerOf(ctx context.Context, id, user int64) (Viewer, error) {
	var v Viewer
	if user == 0 {
		return v, nil
	}
	var sup, fol int
	err := s.DB.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM proposal_supports WHERE proposal_id = ? AND user_id = ?),
		(SELECT COUNT(*) FROM proposal_followers WHERE proposal_id = ? AND user_id = ?),
		COALESCE((SELECT state FROM proposal_cosigners WHERE proposal_id = ? AND user_id = ?), '')`,
		id, user, id, user, id, user).Scan(&sup, &fol, &v.Cosigner)
	if err != nil {
		return v, errs.Internalf("proposals: viewer: %w", err)
	}
	v.Supports, v.Follows = sup > 0, fol > 0
	return v, nil
}

// Audience lists who hears about a proposal's moves: its followers (the
// author among them) and its accepted co-signers, each once.
func (s *Store) Audience(ctx context.Context, q db.Querier, id int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT user_id FROM proposal_followers WHERE proposal_id = ?
		UNION SELECT user_id FROM proposal_cosigners WHERE proposal_id = ? AND state = 'accepted'`, id, id)
	if err != nil {
		return nil, errs.Internalf("proposals: audience: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var u int64
		if err := rows.Scan(&u); err != nil {
			return nil, errs.Internalf("proposals: scan audience: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
