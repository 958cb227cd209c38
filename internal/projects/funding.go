package projects

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Source is where a share of the money comes from.
type Source string

// The funding sources.
const (
	Government      Source = "government"       // 政府财政
	StreetFund      Source = "street"           // 街镇
	MaintenanceFund Source = "maintenance_fund" // 专项维修资金: the owners must approve
	OwnersMoney     Source = "owners"           // 业主自筹: the owners must approve
	PublicRevenue   Source = "public_revenue"   // 公共收益: the owners must approve
	PropertyCompany Source = "property"         // 物业
	Donation        Source = "donation"         // 共建单位、社会捐赠
	OtherSource     Source = "other"
)

// Sources lists the sources in the order forms show them.
var Sources = []Source{Government, StreetFund, MaintenanceFund, OwnersMoney, PublicRevenue, PropertyCompany, Donation, OtherSource}

// NeedsApproval reports whether spending from a source needs the owners'
// decision (Civil Code art. 278: maintenance funds, and the owners' own
// money and common revenue).
func NeedsApproval(s Source) bool {
	return s == MaintenanceFund || s == OwnersMoney || s == PublicRevenue
}

// FullShare is 100% in basis points.
const FullShare = 10000

// MaxShares bounds how many sources one project lists.
const MaxShares = 8

// Share is one funding source's part of the budget.
type Share struct {
	Position       int
	Source         Source
	Note           string
	BP             int // basis points: 9000 = 90%
	NeedsApproval  bool
	ApprovalPollID int64 // the poll that approved it, 0 while none has
}

// Approved reports whether the share may be spent.
func (s Share) Approved() bool { return !s.NeedsApproval || s.ApprovalPollID != 0 }

// AmountFen is the share of budget, rounded to the fen.
func (s Share) AmountFen(budget int64) int64 { return (budget*int64(s.BP) + FullShare/2) / FullShare }

// CheckFunding validates shares: known sources, positive parts adding up to
// exactly 100% (or none at all, for a project without money). It numbers the
// shares and derives which need approval. Errors: invalid.
func CheckFunding(shares []Share) error {
	if len(shares) > MaxShares {
		return errs.Field("funding", "projects.too_many_shares", MaxShares)
	}
	total := 0
	for i := range shares {
		sh := &shares[i]
		if !validSource(sh.Source) {
			return errs.Field("funding", "projects.bad_source")
		}
		if sh.BP <= 0 || sh.BP > FullShare {
			return errs.Field("funding", "projects.bad_share")
		}
		sh.Note = strings.TrimSpace(sh.Note)
		if utf8.RuneCountInString(sh.Note) > 60 {
			return errs.Field("funding", "error.too_long", 60)
		}
		sh.Position = i
		sh.NeedsApproval = NeedsApproval(sh.Source)
		if !sh.NeedsApproval {
			sh.ApprovalPollID = 0
		}
		total += sh.BP
	}
	if len(shares) > 0 && total != FullShare {
		return errs.Field("funding", "projects.shares_not_full", FormatBP(total))
	}
	return nil
}

func validSource(s Source) bool {
	for _, x := range Sources {
		if x == s {
			return true
		}
	}
	return false
}

// Funding lists a project's shares in order.
func (s *Store) Funding(ctx context.Context, projectID int64) ([]Share, error) {
	return s.funding(ctx, s.DB, projectID)
}

func (s *Store) funding(ctx context.Context, q db.Querier, projectID int64) ([]Share, error) {
	rows, err := q.QueryContext(ctx, `SELECT position, source, note, share_bp, needs_approval, COALESCE(approval_poll_id, 0)
		FROM project_funding WHERE project_id = ? ORDER BY position`, projectID)
	if err != nil {
		return nil, errs.Internalf("projects: funding: %w", err)
	}
	defer rows.Close()
	var out []Share
	for rows.Next() {
		var sh Share
		if err := rows.Scan(&sh.Position, &sh.Source, &sh.Note, &sh.BP, &sh.NeedsApproval, &sh.ApprovalPollID); err != nil {
			return nil, errs.Internalf("projects: scan share: %w", err)
		}
		out = append(out, sh)
	}
	return out, rows.Err()
}

// writeFunding replaces a project's shares inside tx. A share that keeps its
// source and part keeps the approval it had; a changed one must be approved again.
func (s *Store) writeFunding(ctx context.Context, tx *db.Tx, p *Project, shares []Share) error {
	old, err := s.funding(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM project_funding WHERE project_id = ?`, p.ID); err != nil {
		return errs.Internalf("projects: clear funding: %w", err)
	}
	for _, sh := range shares {
		poll := int64(0)
		for _, o := range old {
			if o.Source == sh.Source && o.BP == sh.BP && sh.NeedsApproval {
				poll = o.ApprovalPollID
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO project_funding (project_id, position, district_id, source, note, share_bp, needs_approval, approval_poll_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, sh.Position, p.DistrictID, sh.Source, sh.Note, sh.BP, sh.NeedsApproval, nullable(poll)); err != nil {
			return errs.Internalf("projects: write share: %w", err)
		}
	}
	return nil
}

// fundingReady reports whether a project may start: its shares add up (or it
// has no budget and no shares) and none needing the owners' approval lacks it.
// Errors: conflict (with the reason), internal.
func (s *Store) fundingReady(ctx context.Context, tx *db.Tx, p *Project) error {
	shares, err := s.funding(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	if len(shares) == 0 && p.BudgetFen > 0 {
		return errs.New(errs.Conflict, "projects.no_funding")
	}
	for _, sh := range shares {
		if !sh.Approved() {
			return errs.New(errs.Conflict, "projects.needs_approval")
		}
	}
	return nil
}

// ApproveShare records the poll that approved one share (a cadre entering the
// outcome of an owners' assembly vote). Errors: not_found, conflict (the share
// needs no approval, or already has one), invalid.
func (s *Store) ApproveShare(ctx context.Context, tx *db.Tx, p *Project, position int, pollID, actorID int64) error {
	if pollID <= 0 {
		return errs.Field("poll_id", "projects.bad_poll")
	}
	if p.State == Dropped {
		return errs.New(errs.Conflict, "projects.bad_move")
	}
	res, err := tx.ExecContext(ctx, `UPDATE project_funding SET approval_poll_id = ?
		WHERE project_id = ? AND position = ? AND needs_approval AND approval_poll_id IS NULL`, pollID, p.ID, position)
	if err != nil {
		return errs.Internalf("projects: approve share: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.Conflict, "projects.share_not_pending")
	}
	return s.event(ctx, tx, p, Event{Kind: KindApproved, ActorID: actorID, PollID: pollID, Note: sharesNote(ctx, tx, p.ID, position)})
}

// ApproveByPoll records pollID on every share of a project that needs the
// owners' approval and lacks it: what an owners' assembly vote linked to the
// project calls when it passes, inside its own closing transaction. It
// returns how many shares it approved; 0 leaves no timeline event.
func (s *Store) ApproveByPoll(ctx context.Context, tx *db.Tx, projectID, pollID int64) (int, error) {
	p, err := s.project(ctx, tx, projectID)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE project_funding SET approval_poll_id = ?
		WHERE project_id = ? AND needs_approval AND approval_poll_id IS NULL`, pollID, p.ID)
	if err != nil {
		return 0, errs.Internalf("projects: approve by poll: %w", err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		return 0, nil
	}
	return int(n), s.event(ctx, tx, p, Event{Kind: KindApproved, PollID: pollID})
}

// sharesNote names the approved share's source for the timeline.
func sharesNote(ctx context.Context, tx *db.Tx, projectID int64, position int) string {
	var src string
	_ = tx.QueryRowContext(ctx, `SELECT source FROM project_funding WHERE project_id = ? AND position = ?`, projectID, position).Scan(&src)
	return src
}
