package roster_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/pii"
	"github.com/linli-dev/linli/internal/roster"
)

type tree struct {
	store                  *roster.Store
	district, street, hood *org.Place
}

func newTree(t testing.TB, d *db.DB) *tree {
	t.Helper()
	ctx := context.Background()
	keys, _ := pii.NewKeys(bytes.Repeat([]byte{3}, 32))
	o := org.NewStore(d)
	tr := &tree{store: roster.NewStore(d, keys, o)}
	var err error
	if tr.district, err = o.CreatePlace(ctx, d, 0, org.District, "宝山区"); err != nil {
		t.Fatal(err)
	}
	tr.street, _ = o.CreatePlace(ctx, d, tr.district.ID, org.Street, "罗店镇")
	tr.hood, _ = o.CreatePlace(ctx, d, tr.street.ID, org.Neighborhood, "美兰湖社区")
	return tr
}

const cleanRoster = "\ufeff网格,楼栋,房号,面积,姓名,身份证号,手机,关系\n" +
	"第一网格,1号楼,101,89.5,张秀英,11010519491231002X,13812345678,业主\n" +
	"第一网格,1号楼,101,89.5,李建国,110101199003074477,,家属\n" +
	"第一网格,1号楼,102,70,,,,\n" +
	"第二网格,5号楼,１２０１,120.25,王芳,１１０１０１１９９００３０７１７３５,,租户\n"

func count(t *testing.T, d *db.DB, q string) int {
	var n int
	if err := d.QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCleanRosterImportsAndReimportChangesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		tr := newTree(t, d)
		var last roster.Progress
		rep, err := tr.store.Import(ctx, tr.hood, strings.NewReader(cleanRoster), func(p roster.Progress) { last = p })
		if err != nil {
			t.Fatal(err)
		}
		if rep.Rows != 4 || rep.Good != 4 || rep.Bad != 0 || rep.NewHouseholds != 3 || rep.NewPeople != 3 || rep.NewPlaces != 4 {
			t.Fatalf("report: %+v", rep)
		}
		if last.Processed != last.Total || last.Total != 4 {
			t.Fatalf("last progress %+v", last)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM roster_people WHERE is_owner`); n != 1 {
			t.Fatalf("owners: %d", n)
		}
		hood, _ := tr.store.Org.Place(ctx, tr.hood.ID)
		if hood.HouseholdCount != 3 {
			t.Fatalf("neighborhood counts %d households", hood.HouseholdCount)
		}
		var before []byte
		_ = d.QueryRowContext(ctx, `SELECT name_enc FROM roster_people ORDER BY id LIMIT 1`).Scan(&before)

		rep, err = tr.store.Import(ctx, tr.hood, strings.NewReader(cleanRoster), nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Good != 4 || rep.NewHouseholds != 0 || rep.NewPeople != 0 || rep.NewPlaces != 0 || rep.UpdatedPeople != 0 {
			t.Fatalf("re-import changed something: %+v", rep)
		}
		var after []byte
		_ = d.QueryRowContext(ctx, `SELECT name_enc FROM roster_people ORDER BY id LIMIT 1`).Scan(&after)
		if !bytes.Equal(before, after) {
			t.Fatal("re-import re-sealed an unchanged row")
		}
		if n := count(t, d, `SELECT COUNT(*) FROM roster_people`); n != 3 {
			t.Fatalf("people after re-import: %d", n)
		}
	})
}

func TestBadRowsAreReportedByLineAndGoodRowsLand(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		tr := newTree(t, d)
		file := "楼栋,房号,面积,姓名,身份证号,关系\n" +
			"1号楼,101,89.5,张秀英,11010519491231002X,业主\n" + // line 2: good
			"1号楼,102,大,李四,110101199003074477,业主\n" + // line 3: bad area
			"1号楼,103,80,王五,110105194912310021,业主\n" + // line 4: bad check digit
			"1号楼,104,80\n" + // line 5: too few columns
			"1号楼,105,80,赵六,110101199003071735,邻居\n" + // line 6: unknown relation
			",106,80,,,\n" + // line 7: no building
			"1号楼,107,66,,,\n" // line 8: good, nobody listed
		rep, err := tr.store.Import(context.Background(), tr.hood, strings.NewReader(file), nil)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]string{3: "household.bad_area", 4: "idcard.check_digit", 5: "roster.bad_row", 6: "roster.bad_relation", 7: "error.required"}
		if rep.Good != 2 || rep.Bad != len(want) || len(rep.Errors) != len(want) {
			t.Fatalf("report: %+v", rep)
		}
		for _, e := range rep.Errors {
			if want[e.Line] != e.Key {
				t.Errorf("line %d: %s, want %s", e.Line, e.Key, want[e.Line])
			}
			if strings.Contains(e.Value, "110105194912310021") {
				t.Errorf("line %d: the report carries an ID number in the clear: %q", e.Line, e.Value)
			}
		}
		if n := count(t, d, `SELECT COUNT(*) FROM households`); n != 2 {
			t.Fatalf("households: %d, want the two good rows", n)
		}
	})
}

func TestAMissingColumnFailsTheWholeFile(t *testing.T) {
	d := dbtest.SQLite(t)
	tr := newTree(t, d)
	_, err := tr.store.Import(context.Background(), tr.street, strings.NewReader("楼栋,房号,面积\n1号楼,101,80\n"), nil)
	e := errs.As(err)
	if e.Code != errs.Invalid || e.Key != "roster.missing_column" || e.Args[0] != "neighborhood" {
		t.Fatalf("got %v", err)
	}
	_, err = tr.store.Import(context.Background(), tr.hood, strings.NewReader("\xff\xfe楼栋\n"), nil)
	if errs.As(err).Key != "roster.not_utf8" {
		t.Fatalf("a GBK file: %v", err)
	}
}

func TestStreetScopeCreatesNeighborhoodsBelowIt(t *testing.T) {
	d := dbtest.SQLite(t)
	tr := newTree(t, d)
	file := "居民区,楼栋,房号,面积\n美兰湖社区,1号楼,101,80\n新建小区,2号楼,201,90\n"
	rep, err := tr.store.Import(context.Background(), tr.street, strings.NewReader(file), nil)
	if err != nil || rep.Good != 2 {
		t.Fatalf("%+v %v", rep, err)
	}
	kids, _ := tr.store.Org.Children(context.Background(), tr.street.ID)
	if len(kids) != 2 {
		t.Fatalf("street has %d neighborhoods, want the existing one and the new one", len(kids))
	}
}
