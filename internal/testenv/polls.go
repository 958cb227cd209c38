package testenv

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/idcard"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/polls"
	"github.com/linli-dev/linli/internal/service"
)

// Home is one flat of a test building with its verified resident.
type Home struct {
	*org.Household
	UserID int64
	Phone  string
}

// AddBuilding adds a building to neighborhood A's first grid with one
// household per area (hundredths of m²), each with one verified resident
// (an owner when owners is set) whose phone is 139 followed by seq+i in
// eight digits; seq keeps ID numbers and phones unique across calls.
func (e *Env) AddBuilding(t testing.TB, name string, owners bool, seq int, areas ...int64) []Home {
	t.Helper()
	ctx := context.Background()
	hash := account.HashPassword(Password, e.Svc.Accounts.Params)
	var out []Home
	err := e.DB.Tx(ctx, func(tx *db.Tx) error {
		b, err := e.Svc.Org.CreatePlace(ctx, tx, e.BuildingA.ParentID, org.Building, name)
		if err != nil {
			return err
		}
		for i, area := range areas {
			h, _, err := e.Svc.Org.EnsureHousehold(ctx, tx, b, fmt.Sprintf("%d", 101+i), area)
			if err != nil {
				return err
			}
			n := seq + i
			phone := fmt.Sprintf("139%08d", n)
			u, err := e.Svc.Accounts.Insert(ctx, tx, phone, hash, fmt.Sprintf("邻居%d", n))
			if err != nil {
				return err
			}
			id := idcard.Synthetic(nil, time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n/1000), n%1000)
			if err := e.Svc.Verify.Grant(ctx, tx, u.ID, h, "测试", id, owners, time.Now().UnixMilli()); err != nil {
				return err
			}
			out = append(out, Home{Household: h, UserID: u.ID, Phone: phone})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Person loads the principal of an account, as the server would.
func (e *Env) Person(t testing.TB, id int64) *service.Principal {
	t.Helper()
	ctx := context.Background()
	u, err := e.Svc.Accounts.User(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.Svc.Load(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// OpenPoll creates and opens a poll in A as A's cadre, for an hour from the
// poll engine's now.
func (e *Env) OpenPoll(t testing.TB, d polls.NewPoll) *polls.Poll {
	t.Helper()
	ctx := context.Background()
	id, err := e.Svc.Accounts.UserIDByPhone(ctx, CadreA)
	if err != nil {
		t.Fatal(err)
	}
	cadre := e.Person(t, id)
	now := e.Svc.PollStore.Now()
	if d.OpensAt.IsZero() {
		d.OpensAt, d.ClosesAt = now, now.Add(time.Hour)
	}
	p, err := e.Svc.CreatePoll(ctx, cadre, e.A.ID, d)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = e.Svc.OpenPoll(ctx, cadre, p.ID); err != nil {
		t.Fatal(err)
	}
	return p
}
