package proposals

import (
	"context"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Co-signer states.
const (
	Invited  = "invited"
	Agreed   = "accepted"
	Declined = "declined"
)

// Cosigner is a neighbor invited to co-sign a joint proposal.
type Cosigner struct {
	UserID   int64
	Nickname string
	State    string
	At       time.Time
}

// Invite asks neighbors to co-sign a joint draft, by its author; people
// already invited are left as they are. The service checks that they live in
// the same neighborhood. It returns the ones newly invited. Errors: invalid,
// forbidden (not the author), conflict (not joint or no longer a draft).
func (s *Store) Invite(ctx context.Context, tx *db.Tx, id, author int64, users []int64) ([]int64, error) {
	if len(users) == 0 || len(users) > MaxInvitations {
		return nil, errs.Field("cosigners", "proposals.bad_invitations", MaxInvitations)
	}
	p, err := s.proposal(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if p.AuthorID != author {
		return nil, errs.New(errs.Forbidden, "proposals.not_author")
	}
	if p.Kind != Joint || !Editable(p.State) {
		return nil, errs.New(errs.Conflict, "proposals.not_inviting")
	}
	var added []int64
	now := s.Now().UnixMilli()
	for _, u := range users {
		if u == author {
			continue
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO proposal_cosigners (proposal_id, user_id, district_id, state, invited_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, id, u, p.DistrictID, Invited, now)
		if err != nil {
			return nil, errs.Internalf("proposals: invite: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			added = append(added, u)
		}
	}
	return added, nil
}

// Answer records an invited neighbor's answer: accepting counts them among
// the co-signers once, however often they press. It reports whether the
// answer changed anything. Errors: not_found (not invited), conflict (the
// proposal has been submitted).
func (s *Store) Answer(ctx context.Context, tx *db.Tx, id, user int64, accept bool) (bool, error) {
	p, err := s.proposal(ctx, tx, id)
	if err != nil {
		return false, err
	}
	if !Editable(p.State) {
		return false, errs.New(errs.Conflict, "proposals.cosigning_closed")
	}
	state := Declined
	if accept {
		state = Agreed
	}
	var was string
	if err := tx.QueryRowContext(ctx, `SELECT state FROM proposal_cosigners WHERE proposal_id = ? AND user_id = ?`, id, user).Scan(&was); err != nil {
		return false, errs.New(errs.NotFound, "proposals.not_invited")
	}
	if was == state {
		return false, nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE proposal_cosigners SET state = ?, answered_at = ? WHERE proposal_id = ? AND user_id = ? AND state = ?`,
		state, s.Now().UnixMilli(), id, user, was)
	if err != nil {
		return false, errs.Internalf("proposals: answer: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, errs.New(errs.Conflict, "proposals.changed_meanwhile")
	}
	delta := 0
	if state == Agreed {
		delta = 1
	} else if was == Agreed {
		delta = -1
	}
	if delta != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET cosigner_count = cosigner_count + ? WHERE id = ?`, delta, id); err != nil {
			return false, errs.Internalf("proposals: count cosigners: %w", err)
		}
	}
	return true, nil
}

// Cosigners lists everyone invited to co-sign a proposal, in invitation order.
func (s *Store) Cosigners(ctx context.Context, q db.Querier, id int64) ([]Cosigner, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.user_id, COALESCE(u.nickname, ''), c.state, COALESCE(c.answered_at, c.invited_at)
		FROM proposal_cosigners c LEFT JOIN users u ON u.id = c.user_id WHERE c.proposal_id = ? ORDER BY c.invited_at, c.user_id`, id)
	if err != nil {
		return nil, errs.Internalf("proposals: cosigners: %w", err)
	}
	defer rows.Close()
	var out []Cosigner
	for rows.Next() {
		var c Cosigner
		var at int64
		if err := rows.Scan(&c.UserID, &c.Nickname, &c.State, &at); err != nil {
			return nil, errs.Internalf("proposals: scan cosigner: %w", err)
		}
		c.At = time.UnixMilli(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Invitation is a proposal a person is invited to co-sign.
type Invitation struct {
	ProposalID int64
	Title      string
	Author     string
	State      string
}

// Invitations lists the open invitations a person has, newest first.
func (s *Store) Invitations(ctx context.Context, user int64) ([]Invitation, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT p.id, p.title, COALESCE(u.nickname, ''), c.state FROM proposal_cosigners c
		JOIN proposals p ON p.id = c.proposal_id LEFT JOIN users u ON u.id = p.author_id
		WHERE c.user_id = ? AND c.state = 'invited' AND p.state IN ('draft','returned') ORDER BY p.id DESC LIMIT 50`, user)
	if err != nil {
		return nil, errs.Internalf("proposals: invitations: %w", err)
	}
	defer rows.Close()
	var out []Invitation
	for rows.Next() {
		var in Invitation
		if err := rows.Scan(&in.ProposalID, &in.Title, &in.Author, &in.State); err != nil {
			return nil, errs.Internalf("proposals: scan invitation: %w", err)
		}
		out = append(out, in)
	}
	return out, rows.Err()
}
