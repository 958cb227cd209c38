// Package audit keeps the record of who did what, when, to which object and
// from where: logins, failed logins, verifications, role changes, imports,
// every view of unmasked personal data, and refused attempts.
package audit

import (
	"context"
	"strings"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
)

// Entry is one audit row.
type Entry struct {
	ID             int64
	At             time.Time
	ActorID        int64
	ActorName      string
	Action         string
	ObjectType     string
	ObjectID       int64
	DistrictID     int64
	NeighborhoodID int64
	IP             string
	RequestID      string
	Detail         string
}

// The audited actions.
const (
	Login              = "login"
	LoginFailed        = "login.failed"
	Logout             = "logout"
	Register           = "register"
	VerifyMatched      = "verification.matched"
	VerifySubmitted    = "verification.submitted"
	VerifyApproved     = "verification.approved"
	VerifyRejected     = "verification.rejected"
	RoleGranted        = "role.granted"
	RoleRevoked        = "role.revoked"
	RosterImported     = "roster.imported"
	PersonalDataViewed = "personal_data.viewed"
	AccessDenied       = "access.denied"
	PlaceCreated       = "place.created"
	UnitCreated        = "unit.created"
	TokenCreated       = "token.created"
	CaseOpened         = "case.opened"
	CaseMoved          = "case.moved" // Detail: the action, "acknowledge", "assign", ...
	CaseNoted          = "case.noted" // Detail: the kind, "note" or "supervise"
	CaseRouteSet       = "case.route_set"
)

// Log writes audit rows.
type Log struct {
	DB  *db.DB
	Now func() time.Time
}

// New returns a Log on d.
func New(d *db.DB) *Log { return &Log{DB: d, Now: time.Now} }

// Record writes e (At defaults to now). Audit rows are written in their own
// statement so a refused request still leaves its trace.
func (l *Log) Record(ctx context.Context, e Entry) error {
	return l.RecordIn(ctx, l.DB, e)
}

// RecordIn writes e inside a transaction, so the row commits with the change it records.
func (l *Log) RecordIn(ctx context.Context, q db.Querier, e Entry) error {
	if e.At.IsZero() {
		e.At = l.Now()
	}
	if m := MetaFrom(ctx); e.IP == "" && e.RequestID == "" {
		e.IP, e.RequestID = m.IP, m.RequestID
	}
	_, err := q.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, action, object_type, object_id, district_id, neighborhood_id, ip, request_id, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.At.UnixMilli(), zeroNull(e.ActorID), e.Action, e.ObjectType, zeroNull(e.ObjectID),
		zeroNull(e.DistrictID), zeroNull(e.NeighborhoodID), e.IP, e.RequestID, e.Detail)
	if err != nil {
		return errs.Internalf("audit: record %s: %w", e.Action, err)
	}
	return nil
}

// Filter selects audit rows: one district, optionally one neighborhood, one
// actor or one action, newest first, before an id (cursor) and up to Limit.
type Filter struct {
	DistrictID     int64
	NeighborhoodID int64
	// NeighborhoodIDs, when set, keeps rows of these neighborhoods (a street's).
	NeighborhoodIDs []int64
	ActorID         int64
	Action          string
	Before          int64
	Limit           int
}

// List returns the rows matching f, newest first, and the cursor for the next page.
func (l *Log) List(ctx context.Context, f Filter) ([]Entry, int64, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	q := `SELECT a.id, a.at, COALESCE(a.actor_id, 0), COALESCE(u.nickname, ''), a.action, a.object_type, COALESCE(a.object_id, 0),
		COALESCE(a.district_id, 0), COALESCE(a.neighborhood_id, 0), a.ip, a.request_id, a.detail
		FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id WHERE a.district_id = ?`
	args := []any{f.DistrictID}
	if f.NeighborhoodID != 0 {
		q += ` AND a.neighborhood_id = ?`
		args = append(args, f.NeighborhoodID)
	}
	if len(f.NeighborhoodIDs) > 0 {
		q += ` AND a.neighborhood_id IN (?` + strings.Repeat(`, ?`, len(f.NeighborhoodIDs)-1) + `)`
		for _, id := range f.NeighborhoodIDs {
			args = append(args, id)
		}
	}
	if f.ActorID != 0 {
		q += ` AND a.actor_id = ?`
		args = append(args, f.ActorID)
	}
	if f.Action != "" {
		q += ` AND a.action = ?`
		args = append(args, f.Action)
	}
	if f.Before > 0 {
		q += ` AND a.id < ?`
		args = append(args, f.Before)
	}
	q += ` ORDER BY a.id DESC LIMIT ?`
	args = append(args, f.Limit+1)
	rows, err := l.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, errs.Internalf("audit: list: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.ActorName, &e.Action, &e.ObjectType, &e.ObjectID,
			&e.DistrictID, &e.NeighborhoodID, &e.IP, &e.RequestID, &e.Detail); err != nil {
			return nil, 0, errs.Internalf("audit: scan: %w", err)
		}
		e.At = time.UnixMilli(at)
		out = append(out, e)
	}
	var next int64
	if len(out) > f.Limit {
		out = out[:f.Limit]
		next = out[len(out)-1].ID
	}
	return out, next, rows.Err()
}

func zeroNull(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

type metaKey struct{}

// Meta is where a request came from, carried in the context so every audit row
// written while serving it names the address and the request id.
type Meta struct {
	IP        string
	RequestID string
	UserAgent string
}

// WithMeta returns ctx carrying m.
func WithMeta(ctx context.Context, m Meta) context.Context {
	return context.WithValue(ctx, metaKey{}, m)
}

// MetaFrom returns the request metadata in ctx, empty outside a request.
func MetaFrom(ctx context.Context) Meta {
	m, _ := ctx.Value(metaKey{}).(Meta)
	return m
}
