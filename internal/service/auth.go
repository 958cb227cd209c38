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
	_ = s.Audit.Record(ctx, audit.Entry{ActorID: u.ID, Action: audit.Login, ObjectType: "user", ObjectID: u.ID,
		DistrictID: u.DistrictID, NeighborhoodID: u.NeighborhoodID})
	return u, nil
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
