package proposals_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/pii"
	"github.com/linli-dev/linli/internal/proposals"
)

// fixture is one street with a neighborhood, its cadre and some residents.
type fixture struct {
	d         *db.DB
	store     *proposals.Store
	street    *org.Place
	hood      *org.Place
	cadre     int64
	residents []int64
	clock     time.Time
}

func newFixture(t *testing.T, d *db.DB, residents int) *fixture {
	t.Helper()
	ctx := context.Background()
	o := org.NewStore(d)
	dist, _ := o.CreatePlace(ctx, d, 0, org.District, "区")
	street, _ := o.CreatePlace(ctx, d, dist.ID, org.Street, "街道")
	hood, err := o.CreatePlace(ctx, d, street.ID, org.Neighborhood, "小区")
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := pii.NewKeys(make([]byte, 32))
	accts := account.NewStore(d, keys)
	f := &fixture{d: d, store: proposals.NewStore(d), street: street, hood: hood, clock: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	f.store.Now = func() time.Time { return f.clock }
	for i := 0; i <= residents; i++ {
		u, err := accts.Insert(ctx, d, fmt.Sprintf("1390000%04d", i), "x", fmt.Sprintf("邻居%d", i))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			f.cadre = u.ID
		} else {
			f.residents = append(f.residents, u.ID)
		}
	}
	return f
}

func (f *fixture) at() proposals.Place {
	return proposals.Place{DistrictID: f.hood.DistrictID, StreetID: f.street.ID, NeighborhoodID: f.hood.ID}
}

func (f *fixture) tx(t *testing.T, fn func(tx *db.Tx) error) {
	t.Helper()
	if err := f.d.Tx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) txErr(fn func(tx *db.Tx) error) error { return f.d.Tx(context.Background(), fn) }

// streetLists gives the street the seed's kind of lists: six encouraged
// categories and a few negative items.
func (f *fixture) streetLists(t *testing.T) {
	t.Helper()
	f.tx(t, func(tx *db.Tx) error {
		_, err := f.store.SetLists(context.Background(), tx, f.hood.DistrictID, f.street.ID, proposals.ListEdit{
			MinCosigners: 2,
			Encouraged:   []string{"楼道", "环境整治", "安全", "绿化", "停车", "为老服务"},
			Negative: []proposals.Item{
				{Name: "商业推广", Words: []string{"推销", "优惠券", "加盟"}, Explanation: "提案不能用来推广商品或生意。"},
				{Name: "个人纠纷", Words: []string{"邻居吵架", "欠我钱"}, Explanation: "个人之间的纠纷请找调解委员会。"},
			},
		})
		return err
	})
}

func (f *fixture) create(t *testing.T, author int64, txt proposals.Text) *proposals.Proposal {
	t.Helper()
	var p *proposals.Proposal
	f.tx(t, func(tx *db.Tx) error {
		var err error
		p, err = f.store.Create(context.Background(), tx, f.at(), author, txt)
		return err
	})
	return p
}

func (f *fixture) submit(t *testing.T, id, author int64) *proposals.Submission {
	t.Helper()
	var s *proposals.Submission
	f.tx(t, func(tx *db.Tx) error {
		var err error
		s, err = f.store.Submit(context.Background(), tx, f.at(), id, author, 0)
		return err
	})
	return s
}

func (f *fixture) move(t *testing.T, id int64, by proposals.Mover, a proposals.Action, in proposals.MoveInput) *proposals.Proposal {
	t.Helper()
	var m *proposals.Moved
	f.tx(t, func(tx *db.Tx) error {
		var err error
		m, err = f.store.Move(context.Background(), tx, id, by, a, in)
		return err
	})
	return m.Proposal
}
