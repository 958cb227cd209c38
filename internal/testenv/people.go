package testenv

import (
	"context"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/idcard"
	"github.com/linli-dev/linli/internal/org"
)

// AddUnit registers a partner unit serving hood and an account (phone, nick)
// staffing it, for tests of what units see and do.
func (e *Env) AddUnit(t testing.TB, hood *org.Place, kind org.UnitKind, name, phone, nick string) *org.Unit {
	t.Helper()
	ctx := context.Background()
	u, err := e.Svc.Org.CreateUnit(ctx, e.DB, hood, kind, name, "", []*org.Place{hood})
	if err != nil {
		t.Fatal(err)
	}
	e.AddStaff(t, phone, nick, access.UnitStaff, hood, u.ID)
	return u
}

// AddStaff opens an account (phone, nick, Password) holding role at place.
func (e *Env) AddStaff(t testing.TB, phone, nick string, role access.Role, place *org.Place, unitID int64) int64 {
	t.Helper()
	ctx := context.Background()
	u, err := e.Svc.Accounts.Insert(ctx, e.DB, phone, account.HashPassword(Password, e.Svc.Accounts.Params), nick)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Svc.Access.GrantRole(ctx, e.DB, u.ID, role, place.ID, place.DistrictID, unitID, 0); err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// AddResident opens a verified resident's account in household h; idNumber
// must be a valid ID number not used by another account.
func (e *Env) AddResident(t testing.TB, phone, nick, realName, idNumber string, h *org.Household) int64 {
	t.Helper()
	ctx := context.Background()
	u, err := e.Svc.Accounts.Insert(ctx, e.DB, phone, account.HashPassword(Password, e.Svc.Accounts.Params), nick)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Svc.Verify.Grant(ctx, e.DB, u.ID, h, realName, idcard.Number(idNumber), false, time.Now().UnixMilli()); err != nil {
		t.Fatal(err)
	}
	return u.ID
}
