package roster_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/idcard"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/roster"
)

// mustImport imports file into scope and fails the test on a whole-file error.
func mustImport(t *testing.T, tr *tree, scope *org.Place, file string) *roster.Report {
	t.Helper()
	rep, err := tr.store.Import(context.Background(), scope, strings.NewReader(file), nil)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if rep.Rows != rep.Good+rep.Bad {
		t.Fatalf("rows %d != good %d + bad %d", rep.Rows, rep.Good, rep.Bad)
	}
	return rep
}

// building finds a building by name anywhere in the test database.
func building(t *testing.T, d *db.DB, name string) int64 {
	t.Helper()
	var id int64
	if err := d.QueryRowContext(context.Background(), `SELECT id FROM places WHERE kind = 'building' AND name = ?`, name).Scan(&id); err != nil {
		t.Fatalf("building %s: %v", name, err)
	}
	return id
}

// errorsByLine flattens a report's errors to "column key" per line.
func errorsByLine(rep *roster.Report) map[int]string {
	m := map[int]string{}
	for _, e := range rep.Errors {
		m[e.Line] = e.Column + " " + e.Key
	}
	return m
}

func TestIDNumbersNamesAndPhonesAreStoredOnlySealed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		tr := newTree(t, d)
		mustImport(t, tr, tr.hood, cleanRoster)
		secrets := []string{"11010519491231002X", "110101199003074477", "110101199003071735", "张秀英", "李建国", "王芳", "13812345678"}
		rows, err := d.QueryContext(context.Background(), `SELECT * FROM roster_people`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		n := 0
		for rows.Next() {
			n++
			cells := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range cells {
				ptrs[i] = &cells[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, c := range cells {
				raw := fmt.Append(nil, c)
				if b, ok := c.([]byte); ok {
					raw = b
				}
				for _, s := range secrets {
					if bytes.Contains(raw, []byte(s)) {
						t.Errorf("roster_people.%s holds %q in the clear", cols[i], s)
					}
				}
			}
		}
		if n != 3 {
			t.Fatalf("%d roster rows, want 3", n)
		}
		// Sealed, not lost: the committee can still read them.
		res, err := tr.store.Residents(context.Background(), building(t, d, "1号楼"), true)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 2 || res[0].IDNumber != "11010519491231002X" || res[0].Phone != "13812345678" || !res[0].IsOwner {
			t.Fatalf("residents: %+v", res)
		}
	})
}

func TestFullWidthDigitsAndLowerCaseXAreAccepted(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		tr := newTree(t, d)
		spellings := []string{"11010519491231002x", "１１０１０５１９４９１２３１００２Ｘ", "１１０１０５１９４９１２３１００２ｘ", " 11010519491231002X "}
		var b strings.Builder
		b.WriteString("楼栋,房号,面积,姓名,身份证号,手机\n")
		for i, id := range spellings {
			fmt.Fprintf(&b, "3号楼,%d,60,张秀英,%s,１３８ １２３４ ５６７８\n", 301+i, id)
		}
		rep := mustImport(t, tr, tr.hood, b.String())
		if rep.Good != len(spellings) || rep.NewPeople != len(spellings) {
			t.Fatalf("report: %+v", rep)
		}
		res, err := tr.store.Residents(context.Background(), building(t, d, "3号楼"), true)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.IDNumber != "11010519491231002X" || r.Phone != "13812345678" {
				t.Errorf("room %s: stored %q %q, want the canonical forms", r.Room, r.IDNumber, r.Phone)
			}
		}
		// Verification finds the person however the committee typed the number.
		h, err := tr.store.Org.HouseholdByRoom(context.Background(), building(t, d, "3号楼"), "302")
		if err != nil {
			t.Fatal(err)
		}
		if p, err := tr.store.Match(context.Background(), h.ID, idcard.Number("11010519491231002X"), "张秀英"); err != nil || !p.NameMatches {
			t.Fatalf("match: %+v %v", p, err)
		}
	})
}

func TestBadRowsNameTheirColumnAndNeverShowIDsOrPhones(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		tr := newTree(t, d)
		file := "网格,楼栋,房号,面积,姓名,身份证号,手机,关系\n" +
			"一网格,1号楼,101,89.5,张秀英,11010519491231002X,13812345678,业主\n" + // 2 good
			"一网格,1号楼,101,89.5,张秀英,11010519491231002X,13812345678,业主\n" + // 3 the same person again
			"一网格,1号楼,101,92,李建国,110101199003074477,,\n" + // 4 the room's area differs from line 2
			"一网格,1号楼,102,70,李建国,,,\n" + // 5 a name with no ID number
			"一网格,1号楼,103,70,李建国,110101199003074477,12345678901,\n" + // 6 not a mobile number
			"一网格,1号楼,104,70,李建国,1101011990030744,,\n" + // 7 too short
			"一网格,1号楼,105,70,李建国,11010119900230447X,,\n" + // 8 30 February
			"一网格,1号楼,106,70,李建国,1101011990030744A7,,\n" + // 9 a letter
			strings.Repeat("网", 41) + ",1号楼,107,70,,,,\n" + // 10 a grid name too long
			"一网格,1号楼,１０８室,70,,,,\n" + // 11 good: room 108
			"一网格,1号楼,1080000000000000000000,70,,,,\n" // 12 a room number too long
		rep := mustImport(t, tr, tr.hood, file)
		want := map[int]string{
			3:  "id_number roster.duplicate_person",
			4:  "area roster.area_conflict",
			5:  "id_number error.required",
			6:  "phone phone.invalid",
			7:  "id_number idcard.length",
			8:  "id_number idcard.birth_date",
			9:  "id_number idcard.characters",
			10: "grid error.too_long",
			12: "room error.too_long",
		}
		if got := errorsByLine(rep); !mapsEqual(got, want) {
			t.Fatalf("errors:\n got %v\nwant %v", got, want)
		}
		for _, e := range rep.Errors {
			for _, secret := range []string{"11010519491231002X", "12345678901", "1101011990030744"} {
				if strings.Contains(e.Value, secret) {
					t.Errorf("line %d shows %q in the clear: %q", e.Line, secret, e.Value)
				}
			}
			if e.Line == 4 && !slices.Equal(e.Args, []any{2, "89.5"}) {
				t.Errorf("area conflict args: %v, want the first line and its area", e.Args)
			}
		}
		if n := count(t, d, `SELECT COUNT(*) FROM households`); n != 2 {
			t.Fatalf("%d households, want 101 and 108", n)
		}
		if n := count(t, d, `SELECT area_centi FROM households WHERE room = '101'`); n != 8950 {
			t.Fatalf("room 101 has %d, want the area of its first line", n)
		}
	})
}

func mapsEqual(a, b map[int]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestUnreadableLinesAreReportedAndTheLinesAfterThemLand(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		tr := newTree(t, d)
		file := "楼栋,房号,面积,备注\r\n" +
			"\"1号楼, 东\",101,80,\"门口有\"\"坡道\"\"\"\r\n" + // 2 good: quoted comma and quotes
			"1号\"楼,102,80,\r\n" + // 3 a bare quote
			"2号楼,201,80,\"轮椅出入\r\n需要扶手\"\r\n" + // 4-5 good: a note over two lines
			"\r\n" + // 6 blank
			"2号楼,202,80,\"没有结束的引号\r\n" + // 7 the quote never closes
			"2号楼,203,80,\r\n" + // 8 good
			"\xb6\xfe\xba\xc5\xc2\xa5,204,80,\r\n" + // 9 GBK, not UTF-8
			"2号楼,205,80,\r\n" // 10 good
		rep := mustImport(t, tr, tr.hood, file)
		want := map[int]string{3: " roster.bad_csv", 7: " roster.bad_csv", 9: " roster.not_utf8"}
		if got := errorsByLine(rep); !mapsEqual(got, want) || rep.Good != 4 {
			t.Fatalf("errors %v, good %d", got, rep.Good)
		}
		var rooms []string
		rows, _ := d.QueryContext(context.Background(), `SELECT room FROM households ORDER BY room`)
		for rows.Next() {
			var r string
			rows.Scan(&r)
			rooms = append(rooms, r)
		}
		rows.Close()
		if !slices.Equal(rooms, []string{"101", "201", "203", "205"}) {
			t.Fatalf("rooms %v", rooms)
		}
		building(t, d, "1号楼, 东")
	})
}

func TestRowsOutsideTheScopeAreReported(t *testing.T) {
	d := dbtest.SQLite(t)
	tr := newTree(t, d)
	cases := []struct {
		name  string
		scope *org.Place
		file  string
		want  map[int]string
	}{
		{"a street's file names another street", tr.street,
			"街道,居民区,楼栋,房号,面积\n大场镇,乾溪新村,1号楼,101,80\n罗店镇,美兰湖社区,1号楼,102,80\n,美兰湖社区,1号楼,103,80\n",
			map[int]string{2: "street roster.outside_scope"}},
		{"a neighborhood's file names another neighborhood", tr.hood,
			"居民区,楼栋,房号,面积\n乾溪新村,1号楼,201,80\n美兰湖社区,1号楼,202,80\n",
			map[int]string{2: "neighborhood roster.outside_scope"}},
		{"a neighborhood's file names another street", tr.hood,
			"街道,居民区,楼栋,房号,面积\n大场镇,美兰湖社区,1号楼,301,80\n罗店镇,美兰湖社区,1号楼,302,80\n",
			map[int]string{2: "street roster.outside_scope"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := mustImport(t, tr, c.scope, c.file)
			if got := errorsByLine(rep); !mapsEqual(got, c.want) || rep.Good != rep.Rows-len(c.want) {
				t.Fatalf("report %+v", rep)
			}
			if e := rep.Errors[0]; e.Args[1] != "罗店镇" && e.Args[1] != "美兰湖社区" {
				t.Fatalf("the error should name the scope: %+v", e)
			}
		})
	}
	if n := count(t, d, `SELECT COUNT(*) FROM places WHERE name IN ('大场镇', '乾溪新村')`); n != 0 {
		t.Fatalf("%d places made outside the scope", n)
	}
}

func TestADistrictImportBuildsItsStreetsAndCountsEachNeighborhood(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		tr := newTree(t, d)
		file := "Street, Neighborhood ,GRID,Building,Room,Area (m²),Name,ID Number,Phone,Relation\n" +
			"罗店镇,美兰湖社区,一网格,1号楼,101,89.5,张秀英,11010519491231002X,,owner\n" +
			"罗店镇,美兰湖社区,一网格,1号楼,102,70,,,,\n" +
			"大场镇,乾溪新村,,12号楼,501,56,王芳,110101199003071735,,tenant\n"
		rep := mustImport(t, tr, tr.district, file)
		if rep.Good != 3 || rep.NewPlaces != 6 || rep.NewHouseholds != 3 || rep.NewPeople != 2 {
			t.Fatalf("report %+v", rep)
		}
		streets, _ := tr.store.Org.Children(ctx, tr.district.ID)
		if len(streets) != 2 {
			t.Fatalf("%d streets", len(streets))
		}
		hood, _ := tr.store.Org.Place(ctx, tr.hood.ID)
		var other *org.Place
		for _, s := range streets {
			if s.Name == "大场镇" {
				kids, _ := tr.store.Org.Children(ctx, s.ID)
				other = kids[0]
			}
		}
		if hood.HouseholdCount != 2 || other == nil || other.HouseholdCount != 1 {
			t.Fatalf("household counts: %d, %+v", hood.HouseholdCount, other)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM roster_people WHERE is_owner`); n != 1 {
			t.Fatalf("%d owners", n)
		}
	})
}

func TestACorrectedRosterUpdatesPeopleInPlace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		tr := newTree(t, d)
		mustImport(t, tr, tr.hood, cleanRoster)
		corrected := strings.Replace(cleanRoster, "13812345678,业主", "13900001111,业主", 1)
		corrected = strings.Replace(corrected, "110101199003074477,,家属", "110101199003074477,,业主", 1)
		corrected = strings.Replace(corrected, "102,70", "102,71.25", 1)
		rep := mustImport(t, tr, tr.hood, corrected)
		if rep.NewPeople != 0 || rep.UpdatedPeople != 2 || rep.NewHouseholds != 0 {
			t.Fatalf("report %+v", rep)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM roster_people WHERE is_owner`); n != 2 {
			t.Fatalf("%d owners", n)
		}
		if n := count(t, d, `SELECT area_centi FROM households WHERE room = '102'`); n != 7125 {
			t.Fatalf("area %d", n)
		}
	})
}

func TestAHeaderNeedsNameAndIDNumberTogether(t *testing.T) {
	d := dbtest.SQLite(t)
	tr := newTree(t, d)
	_, err := tr.store.Import(context.Background(), tr.hood, strings.NewReader("楼栋,房号,面积,姓名\n1号楼,101,80,张三\n"), nil)
	if e := errs.As(err); e.Key != "roster.missing_column" || e.Field != "file" || e.Args[0] != "id_number" {
		t.Fatalf("got %v", err)
	}
	if n := count(t, d, `SELECT COUNT(*) FROM households`); n != 0 {
		t.Fatal("a failed file wrote households")
	}
}

func sample(t testing.TB, households int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := roster.WriteSample(&buf, rand.New(rand.NewPCG(7, 7)), households); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestProgressIsReportedAfterEachBatchAndEndsComplete(t *testing.T) {
	d := dbtest.SQLite(t)
	tr := newTree(t, d)
	var seen []roster.Progress
	rep, err := tr.store.Import(context.Background(), tr.hood, bytes.NewReader(sample(t, 4500)), func(p roster.Progress) { seen = append(seen, p) })
	if err != nil || rep.Good != 4500 || rep.NewPeople != 4500 {
		t.Fatalf("%v %+v", err, rep)
	}
	if len(seen) < 3 {
		t.Fatalf("progress called %d times for 4,500 rows", len(seen))
	}
	for i, p := range seen {
		if p.Total != 4500 || i > 0 && p.Processed < seen[i-1].Processed {
			t.Fatalf("progress %d: %+v", i, p)
		}
	}
	if last := seen[len(seen)-1]; last.Processed != last.Total || last.Good != 4500 {
		t.Fatalf("last progress %+v", last)
	}
}

func TestCancellingStopsBetweenBatchesKeepingWhatLanded(t *testing.T) {
	d := dbtest.SQLite(t)
	tr := newTree(t, d)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rep, err := tr.store.Import(ctx, tr.hood, bytes.NewReader(sample(t, 4500)), func(roster.Progress) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if rep.Good == 0 || rep.Good >= 4500 {
		t.Fatalf("good %d: want one batch", rep.Good)
	}
	if n := count(t, d, `SELECT COUNT(*) FROM households`); n != rep.Good {
		t.Fatalf("%d households landed, report says %d", n, rep.Good)
	}
	if hood, _ := tr.store.Org.Place(context.Background(), tr.hood.ID); hood.HouseholdCount != rep.Good {
		t.Fatalf("the neighborhood counts %d households, %d landed", hood.HouseholdCount, rep.Good)
	}
}

func TestTwoImportsOfTheSameFileAtOnceDuplicateNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		tr := newTree(t, d)
		file := sample(t, 5000)
		reps := make([]*roster.Report, 2)
		var wg sync.WaitGroup
		for i := range reps {
			wg.Go(func() {
				rep, err := tr.store.Import(context.Background(), tr.hood, bytes.NewReader(file), nil)
				if err != nil {
					t.Errorf("import %d: %v", i, err)
				}
				reps[i] = rep
			})
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		if reps[0].Good != 5000 || reps[1].Good != 5000 || reps[0].NewHouseholds+reps[1].NewHouseholds != 5000 {
			t.Fatalf("reports %+v %+v", reps[0], reps[1])
		}
		if h, p := count(t, d, `SELECT COUNT(*) FROM households`), count(t, d, `SELECT COUNT(*) FROM roster_people`); h != 5000 || p != 5000 {
			t.Fatalf("%d households, %d people", h, p)
		}
		places := count(t, d, `SELECT COUNT(*) FROM places`)
		if made := reps[0].NewPlaces + reps[1].NewPlaces; places != 3+made {
			t.Fatalf("%d places, %d made", places, made)
		}
		hood, _ := tr.store.Org.Place(context.Background(), tr.hood.ID)
		if hood.HouseholdCount != 5000 {
			t.Fatalf("the neighborhood counts %d households", hood.HouseholdCount)
		}
	})
}
