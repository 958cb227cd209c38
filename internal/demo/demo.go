// Package demo fills an empty database with a realistic sample district, so a
// newcomer running `linli demo` sees a living neighborhood at once.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/idcard"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/roster"
	"github.com/linli-dev/linli/internal/service"
	"github.com/linli-dev/linli/internal/verify"
)

// Password is every demo account's password.
const Password = "linli2026"

// Login is a demo account worth trying, printed at start.
type Login struct {
	Role, Phone, Who string
}

// Seeded reports whether the database already holds a district.
func Seeded(ctx context.Context, d *db.DB) (bool, error) {
	var n int
	err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM places WHERE kind = 'district'`).Scan(&n)
	return n > 0, err
}

// seeder carries the state of one seeding run.
type seeder struct {
	svc   *service.Service
	r     *rand.Rand
	hash  string
	phone int
	seq   int
	out   []Login
	hoods []*org.Place // the neighborhoods seeded, in order
	// lastStaff is the account staff() made last; show gathers the first
	// neighborhood's people for its sample projects.
	lastStaff int64
	show      showcase
}

// Seed creates the sample district in one transaction (so a half-seeded
// database never exists) and returns the logins to print. All demo accounts
// share one password hash: hashing ~400 passwords with argon2id would take
// seconds, and these accounts guard nothing.
func Seed(ctx context.Context, svc *service.Service) ([]Login, error) {
	s := &seeder{svc: svc, r: rand.New(rand.NewPCG(2017, 565)), hash: account.HashPassword(Password, account.DefaultParams), phone: 13900000000}
	var pending []pendingReq
	err := svc.DB.Tx(ctx, func(tx *db.Tx) error {
		var err error
		pending, err = s.district(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	// A few residents whose details the roster does not confirm wait in the
	// cadres' queue, so the review page has work on it.
	for _, p := range pending {
		if _, err := svc.Verify.Submit(ctx, p.userID, p.in); err != nil {
			return nil, fmt.Errorf("demo: pending verification: %w", err)
		}
	}
	if err := seedCases(ctx, svc, s.hoods); err != nil {
		return nil, fmt.Errorf("demo: cases: %w", err)
	}
	if err := s.projects(ctx); err != nil {
		return nil, fmt.Errorf("demo: projects: %w", err)
	}
	if err := s.proposals(ctx); err != nil {
		return nil, fmt.Errorf("demo: proposals: %w", err)
	}
	if err := s.polls(ctx); err != nil {
		return nil, fmt.Errorf("demo: polls: %w", err)
	}
	return s.out, nil
}

type pendingReq struct {
	userID int64
	in     verify.Input
}

func (s *seeder) user(ctx context.Context, q db.Querier, nick string) (*account.User, string, error) {
	s.phone++
	phone := fmt.Sprint(s.phone)
	u, err := s.svc.Accounts.Insert(ctx, q, phone, s.hash, nick)
	return u, phone, err
}

func (s *seeder) staff(ctx context.Context, q db.Querier, nick string, role access.Role, place *org.Place, unitID int64, label string) error {
	u, phone, err := s.user(ctx, q, nick)
	if err != nil {
		return err
	}
	if err := s.svc.Access.GrantRole(ctx, q, u.ID, role, place.ID, place.DistrictID, unitID, 0); err != nil {
		return err
	}
	s.lastStaff = u.ID
	if label != "" {
		s.out = append(s.out, Login{Role: label, Phone: phone, Who: nick + " @ " + place.Name})
	}
	return nil
}

func (s *seeder) district(ctx context.Context, tx *db.Tx) ([]pendingReq, error) {
	o := s.svc.Org
	dist, err := o.CreatePlace(ctx, tx, 0, org.District, district)
	if err != nil {
		return nil, err
	}
	if err := s.staff(ctx, tx, "区管理员", access.DistrictAdmin, dist, 0, "district admin 区管理员"); err != nil {
		return nil, err
	}
	var pending []pendingReq
	for si, st := range streets {
		street, err := o.CreatePlace(ctx, tx, dist.ID, org.Street, st.Name)
		if err != nil {
			return nil, err
		}
		label := ""
		if si == 0 {
			label = "street admin 街道管理员"
		}
		if err := s.staff(ctx, tx, st.Name+"管理员", access.StreetAdmin, street, 0, label); err != nil {
			return nil, err
		}
		for ni, name := range st.Neighborhoods {
			p, err := s.neighborhood(ctx, tx, street, name, si == 0 && ni == 0)
			if err != nil {
				return nil, err
			}
			pending = append(pending, p...)
		}
	}
	return pending, nil
}

// household is a room with the people the roster lists for it.
type household struct {
	h      *org.Household
	people []rosterPerson
}

type rosterPerson struct {
	name  string
	id    idcard.Number
	owner bool
}

func (s *seeder) neighborhood(ctx context.Context, tx *db.Tx, street *org.Place, name string, first bool) ([]pendingReq, error) {
	o := s.svc.Org
	n, err := o.CreatePlace(ctx, tx, street.ID, org.Neighborhood, name)
	if err != nil {
		return nil, err
	}
	s.hoods = append(s.hoods, n)
	label := func(l string) string {
		if first {
			return l
		}
		return ""
	}
	if err := s.staff(ctx, tx, name+"书记", access.Secretary, n, 0, label("secretary 书记")); err != nil {
		return nil, err
	}
	for c := 1; c <= 2; c++ {
		l := ""
		if c == 1 {
			l = label("cadre 居委干部")
		}
		if err := s.staff(ctx, tx, name+"社工"+itoa(c), access.Cadre, n, 0, l); err != nil {
			return nil, err
		}
		if first && c == 1 {
			s.show.hood, s.show.cadre = n, s.lastStaff
		}
	}
	for i, u := range unitNames {
		unit, err := o.CreateUnit(ctx, tx, n, org.UnitKind(u.Kind), name+u.Suffix, fmt.Sprintf("021-5%03d%04d", n.ID%1000, i), []*org.Place{n})
		if err != nil {
			return nil, err
		}
		l := ""
		if i == 0 {
			l = label("property staff 物业")
			if first {
				s.show.unit = unit.ID
			}
		}
		if err := s.staff(ctx, tx, unit.Name+"值班员", access.UnitStaff, n, unit.ID, l); err != nil {
			return nil, err
		}
	}
	var homes []household
	var grids, buildings []*org.Place
	for g := 1; g <= 2; g++ {
		grid, err := o.CreatePlace(ctx, tx, n.ID, org.Grid, fmt.Sprintf("第%s网格", []string{"一", "二"}[g-1]))
		if err != nil {
			return nil, err
		}
		grids = append(grids, grid)
		for b := 1; b <= 3; b++ {
			bld, err := o.CreatePlace(ctx, tx, grid.ID, org.Building, fmt.Sprintf("%d号楼", (g-1)*3+b))
			if err != nil {
				return nil, err
			}
			buildings = append(buildings, bld)
			for floor := 1; floor <= 6; floor++ {
				for unit := 1; unit <= 2; unit++ {
					hs, err := s.household(ctx, tx, bld, fmt.Sprintf("%d%02d", floor, unit))
					if err != nil {
						return nil, err
					}
					homes = append(homes, hs)
				}
			}
		}
	}
	if err := o.RecountHouseholds(ctx, tx, n.ID); err != nil {
		return nil, err
	}
	return s.residents(ctx, tx, n, grids, buildings, homes, first)
}

func (s *seeder) household(ctx context.Context, tx *db.Tx, bld *org.Place, room string) (household, error) {
	area := int64(4500 + s.r.IntN(9500))
	h, _, err := s.svc.Org.EnsureHousehold(ctx, tx, bld, room, area)
	if err != nil {
		return household{}, err
	}
	hs := household{h: h}
	for p := 0; p < 1+s.r.IntN(3); p++ {
		s.seq++
		birth := time.Date(1938+s.r.IntN(70), time.Month(1+s.r.IntN(12)), 1+s.r.IntN(28), 0, 0, 0, 0, time.UTC)
		rp := rosterPerson{name: personName(s.r), id: idcard.Synthetic(s.r, birth, s.seq), owner: p == 0}
		if _, err := s.svc.Roster.Upsert(ctx, tx, roster.Entry{Household: h, Name: rp.name, ID: rp.id, IsOwner: rp.owner}); err != nil {
			return household{}, err
		}
		hs.people = append(hs.people, rp)
	}
	return hs, nil
}

// residents registers 50 of the neighborhood's people: 45 verified by the
// roster, 3 waiting for review, 2 not yet verified; some become leaders.
func (s *seeder) residents(ctx context.Context, tx *db.Tx, n *org.Place, grids, buildings []*org.Place, homes []household, first bool) ([]pendingReq, error) {
	var pending []pendingReq
	type member struct {
		id    int64
		phone string
		nick  string
	}
	var verified []member
	now := time.Now().UnixMilli()
	for i := 0; i < 50; i++ {
		home := homes[(i*7)%len(homes)]
		person := home.people[i%len(home.people)]
		u, phone, err := s.user(ctx, tx, nickname(s.r, i))
		if err != nil {
			return nil, err
		}
		switch {
		case i < 45:
			if err := s.svc.Verify.Grant(ctx, tx, u.ID, home.h, person.name, person.id, person.owner, now); err != nil {
				return nil, err
			}
			verified = append(verified, member{u.ID, phone, u.Nickname})
			if first {
				s.show.residents = append(s.show.residents, u.ID)
			}
		case i < 48:
			// A tenant not on the roster: the cadres must decide.
			s.seq++
			id := idcard.Synthetic(s.r, time.Date(1990, 5, 1+i%20, 0, 0, 0, 0, time.UTC), s.seq)
			pending = append(pending, pendingReq{u.ID, verify.Input{RealName: personName(s.r), IDNumber: string(id), HouseholdID: home.h.ID}})
		}
		if !first {
			continue
		}
		switch i {
		case 0:
			s.out = append(s.out, Login{"resident (owner) 居民", phone, u.Nickname + " @ " + n.Name})
		case 48:
			s.out = append(s.out, Login{"new, unverified 未认证", phone, u.Nickname})
		}
	}
	// Leaders are verified residents: one per grid, one per building.
	lead := func(m member, role access.Role, p *org.Place, label string) error {
		if err := s.svc.Access.GrantRole(ctx, tx, m.id, role, p.ID, p.DistrictID, 0, 0); err != nil {
			return err
		}
		if first && label != "" {
			s.out = append(s.out, Login{label, m.phone, m.nick + " @ " + p.Name})
		}
		return nil
	}
	for gi, g := range grids {
		if err := lead(verified[1+gi], access.GridLeader, g, map[bool]string{true: "grid leader 网格长"}[gi == 0]); err != nil {
			return nil, err
		}
	}
	for bi, b := range buildings {
		if err := lead(verified[1+len(grids)+bi], access.BuildingLeader, b, map[bool]string{true: "building leader 楼组长"}[bi == 0]); err != nil {
			return nil, err
		}
	}
	return pending, nil
}

// Logins are the accounts worth trying in the sample district. The seed is
// deterministic, so a reused demo database holds exactly these; a test keeps
// this list equal to what Seed returns.
var Logins = []Login{
	{"district admin 区管理员", "13900000001", "区管理员 @ 临江区"},
	{"street admin 街道管理员", "13900000002", "友谊路街道管理员 @ 友谊路街道"},
	{"secretary 书记", "13900000003", "友谊新村书记 @ 友谊新村"},
	{"cadre 居委干部", "13900000004", "友谊新村社工1 @ 友谊新村"},
	{"property staff 物业", "13900000006", "友谊新村物业服务中心值班员 @ 友谊新村"},
	{"resident (owner) 居民", "13900000011", "爱养花的阿姨0 @ 友谊新村"},
	{"new, unverified 未认证", "13900000059", "买菜的大叔48"},
	{"grid leader 网格长", "13900000012", "爱养花的爷叔1 @ 第一网格"},
	{"building leader 楼组长", "13900000014", "退休的爷叔3 @ 1号楼"},
}
