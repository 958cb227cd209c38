package service

import (
	"context"

	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/errs"
)

// Register opens an account and returns it. Errors: invalid, conflict.
func (s *Service) Register(ctx context.Context, r account.Registration) (*account.User, error) {
	u, err := s.Accounts.Register(ctx, r)
	if err != nil {
		return nil, err
	}
	_ = s.Audit.Record(ctx, audit.Entry{ActorID: u.ID, Action: audit.Register, ObjectType: "user", ObjectID: u.ID})
	return u, nil
}

// Login checks a phone and password under the throttle and returns the
// account. Every failure is audited and counted against both the account and
// the address. Errors: invalid, unauthorized, too_many_requests.
func (s *Service) Login(ctx context.Context, phone, password string) (*account.User, error) {
	ip := audit.MetaFrom(ctx).IP
	if err := s.Accounts.CheckThrottle(ctx, s.Throttle, phone, ip); err != nil {
		return nil, err
	}
	u, err := s.Accounts.Authenticate(ctx, phone, password)
	if err != nil {
		if errs.Is(err, errs.Unauthorized) || errs.Is(err, errs.Invalid) {
			_ = s.Accounts.RecordFailure(ctx, s.Throttle, phone, ip)
			_ = s.Audit.Record(ctx, audit.Entry{Action: audit.LoginFailed, Detail: maskedPhone(phone)})
		}
		return nil, err
	}
	_ = s.Accounts.ClearFailures(ctx, phone)
	district, hood := s.homeOf(ctx, u)
	_ = s.Audit.Record(ctx, audit.Entry{ActorID: u.ID, Action: audit.Login, ObjectType: "user", ObjectID: u.ID,
		DistrictID: district, NeighborhoodID: hood})
	return u, nil
}

// homeOf places a person for the audit log: their household's neighborhood,
// or, for staff who live elsewhere, the place of their first role, so the
// admins above it see their logins.
func (s *Service) homeOf(ctx context.Context, u *account.User) (district, neighborhood int64) {
	if u.NeighborhoodID != 0 {
		return u.DistrictID, u.NeighborhoodID
	}
	a, err := s.Access.Actor(ctx, u.ID)
	if err != nil || len(a.Grants) == 0 {
		return 0, 0
	}
	p, err := s.Org.Place(ctx, a.Grants[0].PlaceID)
	if err != nil {
		return 0, 0
	}
	return p.DistrictID, p.NeighborhoodID
}

// CreateToken logs in with a phone and password and issues an API token.
func (s *Service) CreateToken(ctx context.Context, phone, password, name string) (string, *account.User, error) {
	u, err := s.Login(ctx, phone, password)
	if err != nil {
		return "", nil, err
	}
	tok, _, err := s.Accounts.CreateToken(ctx, u.ID, name)
	if err != nil {
		return "", nil, err
	}
	_ = s.Audit.Record(ctx, audit.Entry{ActorID: u.ID, Action: audit.TokenCreated, ObjectType: "user", ObjectID: u.ID})
	return tok, u, nil
}

func maskedPhone(phone string) string {
	p, err := account.NormalizePhone(phone)
	if err != nil {
		return "?"
	}
	return p[:3] + "****" + p[7:]
}
