package projects_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/pii"
	"github.com/linli-dev/linli/internal/projects"
)

// fixture is one neighborhood with a property company, a cadre, residents
// and a resident's topic.
type fixture struct {
	d         *db.DB
	store     *projects.Store
	hood      *org.Place
	unit      *org.Unit
	cadre     int64
	residents []int64
	topic     *board.Topic
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
	unit, err := o.CreateUnit(ctx, d, hood, org.Property, "物业服务中心", "", []*org.Place{hood})
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := pii.NewKeys(make([]byte, 32))
	accts := account.NewStore(d, keys)
	f := &fixture{d: d, store: projects.NewStore(d), hood: hood, unit: unit, clock: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	f.store.Now = func() time.Time { return f.clock }
	for i := 0; i <= residents; i++ {
		u, err := accts.Insert(ctx, d, fmt.Sprintf("1380000%04d", i), "x", fmt.Sprintf("邻居%d", i))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			f.cadre = u.ID
		} else {
			f.residents = append(f.residents, u.ID)
		}
	}
	b := board.NewStore(d)
	if err := b.EnsureSections(ctx, d, hood.DistrictID, hood.ID, []board.SectionSpec{{Kind: board.Hall, Name: "议事厅"}}); err != nil {
		t.Fatal(err)
	}
	secs, _ := b.Sections(ctx, hood.ID)
	if len(f.residents) > 0 {
		f.topic, err = b.Create(ctx, secs[0], f.residents[0], board.Draft{Title: "3号楼加装扶手", Body: "楼道太陡，老人上下不方便。", Category: "facilities"}, board.Visible, "")
		if err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// ninetyTen is the seed's split: 90% government, 10% maintenance fund.
func ninetyTen() []projects.Share {
	return []projects.Share{{Source: projects.Government, BP: 9000}, {Source: projects.MaintenanceFund, BP: 1000, Note: "3号楼"}}
}

func (f *fixture) at() projects.Place {
	return projects.Place{DistrictID: f.hood.DistrictID, NeighborhoodID: f.hood.ID}
}

// tx runs fn in a write transaction and fails the test on a non-nil error.
func (f *fixture) tx(t *testing.T, fn func(tx *db.Tx) error) {
	t.Helper()
	if err := f.d.Tx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

// txErr runs fn in a write transaction and returns its error.
func (f *fixture) txErr(fn func(tx *db.Tx) error) error {
	return f.d.Tx(context.Background(), fn)
}

func (f *fixture) create(t *testing.T, d projects.Draft) *projects.Project {
	t.Helper()
	var p *projects.Project
	f.tx(t, func(tx *db.Tx) error {
		var err error
		p, err = f.store.Create(context.Background(), tx, f.at(), f.cadre, d)
		return err
	})
	return p
}

func (f *fixture) move(t *testing.T, id int64, a projects.Action, note string) *projects.Project {
	t.Helper()
	var m *projects.Moved
	f.tx(t, func(tx *db.Tx) error {
		var err error
		m, err = f.store.Move(context.Background(), tx, id, projects.Committee, a, projects.MoveInput{Note: note, ActorID: f.cadre})
		return err
	})
	return m.Project
}

func (f *fixture) moveErr(id int64, a projects.Action, note string) error {
	return f.txErr(func(tx *db.Tx) error {
		_, err := f.store.Move(context.Background(), tx, id, projects.Committee, a, projects.MoveInput{Note: note, ActorID: f.cadre})
		return err
	})
}

func (f *fixture) reload(t *testing.T, id int64) *projects.Project {
	t.Helper()
	p, err := f.store.Project(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var photo = projects.Photo{Key: "ab/cdef.jpg", ThumbKey: "ab/cdef-t.jpg", ContentType: "image/jpeg", Width: 800, Height: 600}
