package cases

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Extension is a handler's request for more time to resolve a case, and the
// decision of the level above.
type Extension struct {
	ID, CaseID, DistrictID, StreetID, NeighborhoodID int64
	CaseTitle                                        string
	CaseLevel                                        string
	Hours                                            int // working hours asked for
	Reason                                           string
	State                                            string // pending, approved, rejected
	RequestedBy                                      int64
	RequesterName                                    string
	DecidedBy                                        int64
	DecisionNote                                     string
	OldResolveBy, NewResolveBy                       time.Time
	CreatedAt, DecidedAt                             time.Time
}

// Extension states, and the event kind of a refusal.
const (
	ExtensionPending  = "pending"
	ExtensionApproved = "approved"
	ExtensionRejected = "rejected"
	KindExtendReject  = "extend_reject"
	// MaxExtensionHours bounds one request: a month of working days.
	MaxExtensionHours = 200
)

// ExtensionHook runs inside the request's or decision's transaction, so the
// inbox entries and audit rows it writes commit with it.
type ExtensionHook func(ctx context.Context, q db.Querier, c *Case, x *Extension) error

// RequestExtension records a handler's request for hours more working time
// on an open case past acknowledgement, and its extend_request event; one
// request may wait per case. Who may ask is the caller's decision. Errors:
// invalid, not_found, conflict (not in a resolution stage, or a request is
// already waiting).
func (s *Store) RequestExtension(ctx context.Context, caseID int64, by Actor, hours int, reason string, also ExtensionHook) (*Extension, error) {
	if hours < 1 || hours > MaxExtensionHours {
		return nil, errs.Field("hours", "clocks.out_of_range", 1, MaxExtensionHours)
	}
	reason, err := checkNote(reason, true)
	if err != nil {
		return nil, errs.Field("reason", errs.As(err).Key, errs.As(err).Args...)
	}
	var x *Extension
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		c, err := s.getIn(ctx, tx, `c.id = ?`, caseID)
		if err != nil {
			return err
		}
		if c.State != Acknowledged && c.State != Assigned && c.State != InProgress {
			return errs.New(errs.Conflict, "clocks.extension_not_now")
		}
		now := s.Now()
		x = &Extension{CaseID: c.ID, DistrictID: c.DistrictID, StreetID: c.StreetID, NeighborhoodID: c.NeighborhoodID, CaseTitle: c.Title,
			CaseLevel: c.Level, Hours: hours, Reason: reason, State: ExtensionPending, RequestedBy: by.UserID, OldResolveBy: c.ResolveBy,
			CreatedAt: now}
		err = tx.QueryRowContext(ctx, `INSERT INTO case_extensions (case_id, district_id, street_id, neighborhood_id, hours, reason, state,
			requested_by, old_resolve_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) RETURNING id`,
			c.ID, c.DistrictID, c.StreetID, c.NeighborhoodID, hours, reason, by.UserID, ms(c.ResolveBy), now.UnixMilli()).Scan(&x.ID)
		if db.IsUniqueViolation(err) {
			return errs.New(errs.Conflict, "clocks.extension_pending")
		}
		if err != nil {
			return errs.Internalf("cases: request extension: %w", err)
		}
		if err := s.AddEvent(ctx, tx, &Event{CaseID: c.ID, ActorID: by.UserID, Kind: KindExtendRequest, From: c.State, To: c.State,
			Note: reason, UnitID: by.UnitID, CreatedAt: now}, c.DistrictID); err != nil {
			return err
		}
		if also != nil {
			return also(ctx, tx, c, x)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// DecideExtension approves or refuses a waiting request. Approval moves the
// case's resolution deadline to extend(case, hours) and, if the case is in a
// resolution stage, its due time; the case's version goes up so a move
// prepared against the old deadline cannot write it back. Who may decide is
// the caller's decision. Errors: invalid, not_found, conflict (decided
// already, or the case moved meanwhile).
func (s *Store) DecideExtension(ctx context.Context, id int64, by Actor, approve bool, note string,
	extend func(c *Case, hours int) time.Time, also ExtensionHook) (*Extension, error) {
	note, err := checkNote(note, !approve)
	if err != nil {
		return nil, err
	}
	var x *Extension
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		if x, err = s.extensionIn(ctx, tx, id); err != nil {
			return err
		}
		if x.State != ExtensionPending {
			return errs.New(errs.Conflict, "clocks.extension_decided")
		}
		c, err := s.getIn(ctx, tx, `c.id = ?`, x.CaseID)
		if err != nil {
			return err
		}
		now := s.Now()
		x.State, x.DecidedBy, x.DecisionNote, x.DecidedAt = ExtensionRejected, by.UserID, note, now
		kind := KindExtendReject
		if approve {
			x.State, kind = ExtensionApproved, KindExtendApprove
			x.OldResolveBy, x.NewResolveBy = c.ResolveBy, extend(c, x.Hours)
			if err := s.moveResolveBy(ctx, tx, c, x.NewResolveBy, now); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE case_extensions SET state = ?, decided_by = ?, decision_note = ?, decided_at = ?,
			old_resolve_by = ?, new_resolve_by = ? WHERE id = ? AND state = 'pending'`,
			x.State, by.UserID, note, now.UnixMilli(), ms(x.OldResolveBy), ms(x.NewResolveBy), id)
		if err != nil {
			return errs.Internalf("cases: decide extension: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.Conflict, "clocks.extension_decided")
		}
		if err := s.AddEvent(ctx, tx, &Event{CaseID: c.ID, ActorID: by.UserID, Kind: kind, From: c.State, To: c.State, Note: note,
			CreatedAt: now}, c.DistrictID); err != nil {
			return err
		}
		if also != nil {
			return also(ctx, tx, c, x)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// moveResolveBy sets a case's resolution deadline (and due time while it is
// being resolved), only on the version read, bumping it.
func (s *Store) moveResolveBy(ctx context.Context, q db.Querier, c *Case, resolveBy, now time.Time) error {
	c.ResolveBy = resolveBy
	c.DueAt = c.dueAt()
	res, err := q.ExecContext(ctx, `UPDATE cases SET resolve_by = ?, due_at = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND version = ?`, ms(c.ResolveBy), ms(c.DueAt), now.UnixMilli(), c.ID, c.Version)
	if err != nil {
		return errs.Internalf("cases: extend: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.New(errs.Conflict, "cases.changed")
	}
	c.Version++
	return nil
}

const extensionCols = `x.id, x.case_id, x.district_id, x.street_id, x.neighborhood_id, c.title, c.level, x.hours, x.reason, x.state,
	x.requested_by, COALESCE(u.nickname, ''), COALESCE(x.decided_by, 0), x.decision_note, COALESCE(x.old_resolve_by, 0),
	COALESCE(x.new_resolve_by, 0), x.created_at, COALESCE(x.decided_at, 0)`

const extensionFrom = ` FROM case_extensions x JOIN cases c ON c.id = x.case_id LEFT JOIN users u ON u.id = x.requested_by`

func scanExtension(row interface{ Scan(...any) error }) (*Extension, error) {
	var x Extension
	var oldBy, newBy, created, decided int64
	if err := row.Scan(&x.ID, &x.CaseID, &x.DistrictID, &x.StreetID, &x.NeighborhoodID, &x.CaseTitle, &x.CaseLevel, &x.Hours, &x.Reason,
		&x.State, &x.RequestedBy, &x.RequesterName, &x.DecidedBy, &x.DecisionNote, &oldBy, &newBy, &created, &decided); err != nil {
		return nil, err
	}
	x.OldResolveBy, x.NewResolveBy, x.CreatedAt, x.DecidedAt = fromMS(oldBy), fromMS(newBy), fromMS(created), fromMS(decided)
	return &x, nil
}

func (s *Store) extensionIn(ctx context.Context, q db.Querier, id int64) (*Extension, error) {
	x, err := scanExtension(q.QueryRowContext(ctx, `SELECT `+extensionCols+extensionFrom+` WHERE x.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "clocks.extension_not_found")
	}
	if err != nil {
		return nil, errs.Internalf("cases: extension: %w", err)
	}
	return x, nil
}

// Extension returns one request. Errors: not_found.
func (s *Store) Extension(ctx context.Context, id int64) (*Extension, error) {
	return s.extensionIn(ctx, s.DB, id)
}

// Extensions lists a case's requests, oldest first. Errors: internal.
func (s *Store) Extensions(ctx context.Context, caseID int64) ([]*Extension, error) {
	return s.extensions(ctx, `SELECT `+extensionCols+extensionFrom+` WHERE x.case_id = ? ORDER BY x.id`, caseID)
}

// PendingExtensions lists a district's waiting requests, oldest first, from
// after a cursor id. Errors: internal.
func (s *Store) PendingExtensions(ctx context.Context, districtID, after int64, limit int) ([]*Extension, error) {
	return s.extensions(ctx, `SELECT `+extensionCols+extensionFrom+`
		WHERE x.district_id = ? AND x.state = 'pending' AND x.id > ? ORDER BY x.id LIMIT ?`, districtID, after, limit)
}

func (s *Store) extensions(ctx context.Context, q string, args ...any) ([]*Extension, error) {
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, errs.Internalf("cases: extensions: %w", err)
	}
	defer rows.Close()
	var out []*Extension
	for rows.Next() {
		x, err := scanExtension(rows)
		if err != nil {
			return nil, errs.Internalf("cases: scan extension: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}
