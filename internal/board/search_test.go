package board_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/textsearch"
)

// otherHood adds a second neighborhood under the fixture's street and returns
// its hall.
func (f *fixture) otherHood(t *testing.T, d *db.DB) *board.Section {
	t.Helper()
	ctx := context.Background()
	hood, err := org.NewStore(d).CreatePlace(ctx, d, f.hood.ParentID, org.Neighborhood, "另一个小区")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.EnsureSections(ctx, d, hood.DistrictID, hood.ID, []board.SectionSpec{{Kind: board.Hall, Name: "议事厅"}}); err != nil {
		t.Fatal(err)
	}
	secs, err := f.store.Sections(ctx, hood.ID)
	if err != nil {
		t.Fatal(err)
	}
	return secs[0]
}

// postMany writes n visible topics to a section in one transaction, as
// Create would index them; text gives each one's title and body.
func postMany(t *testing.T, d *db.DB, sec *board.Section, author int64, n int, text func(i int) (string, string)) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UnixMilli()
	err := d.Tx(ctx, func(tx *db.Tx) error {
		for i := 0; i < n; i++ {
			title, body := text(i)
			if _, err := tx.ExecContext(ctx, `INSERT INTO topics (district_id, neighborhood_id, section_id, author_id, title, body, category,
				last_activity_at, created_at, search_text) VALUES (?, ?, ?, ?, ?, ?, 'other', ?, ?, ?)`,
				sec.DistrictID, sec.NeighborhoodID, sec.ID, author, title, body, now, now,
				textsearch.IndexText(title+"\n"+body)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func search(t *testing.T, s *board.Store, text string, hoods ...int64) []*board.Topic {
	t.Helper()
	found, err := s.Search(context.Background(), board.SearchQuery{NeighborhoodIDs: hoods, Text: text, Limit: 50})
	if err != nil {
		t.Fatalf("search %q: %v", text, err)
	}
	return found
}

func topicIDs(ts []*board.Topic) []int64 {
	var out []int64
	for _, t := range ts {
		out = append(out, t.ID)
	}
	return out
}

func TestSearchStaysInItsNeighborhood(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 1)
		mine := []int64{
			f.post(t, f.users[0], "晚上停车太难了", "三号楼门口总是占满").ID,
			f.post(t, f.users[0], "地库停车位", "外来车辆占位").ID,
		}
		// The neighborhood next door talks about parking far more, and
		// later: more matches than Search ranks, all newer than ours.
		other := f.otherHood(t, d)
		postMany(t, d, other, f.users[0], board.SearchCandidates+100, func(i int) (string, string) {
			return fmt.Sprintf("停车问题%d", i), "停车停车，还是停车"
		})
		got := topicIDs(search(t, f.store, "停车", f.hood.ID))
		if len(got) != 2 || got[0] != mine[0] && got[0] != mine[1] || got[1] != mine[0] && got[1] != mine[1] {
			t.Fatalf("停车 in the first neighborhood found %v, want %v", got, mine)
		}
		for _, tp := range search(t, f.store, "停车", other.NeighborhoodID) {
			if tp.NeighborhoodID != other.NeighborhoodID {
				t.Fatalf("topic %d of neighborhood %d in the other's results", tp.ID, tp.NeighborhoodID)
			}
		}
		// A street admin searches both; a word only the first has is found
		// even among the other's hundreds of newer topics.
		street := search(t, f.store, "占位", f.hood.ID, other.NeighborhoodID)
		if len(street) != 1 || street[0].ID != mine[1] {
			t.Fatalf("占位 across the street found %v", topicIDs(street))
		}
		// Typing a neighborhood's index token finds only text that has it.
		if got := search(t, f.store, fmt.Sprintf("n%dx停车", f.hood.ID), f.hood.ID); len(got) != 0 {
			t.Fatalf("the neighborhood token matched %v", topicIDs(got))
		}
	})
}

func TestSearchFindsAWordAmongThousands(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 1)
		shed := f.post(t, f.users[0], "电动车停车棚", "充电插座坏了")
		// Thousands of newer topics with both characters but never side by
		// side, and hundreds with other words about cars.
		postMany(t, d, f.hall, f.users[0], 3000, func(i int) (string, string) {
			if i%10 == 0 {
				return "车位紧张", fmt.Sprintf("第%d次反映车位问题", i)
			}
			return fmt.Sprintf("议题%d：停一停", i), "车太多了，路口堵车"
		})
		got := search(t, f.store, "停车", f.hood.ID)
		if len(got) != 1 || got[0].ID != shed.ID {
			t.Fatalf("停车 found %v, want only %d", topicIDs(got), shed.ID)
		}
		if got := search(t, f.store, "车棚", f.hood.ID); len(got) != 1 {
			t.Fatalf("车棚 found %v", topicIDs(got))
		}
		if got := search(t, f.store, "车位", f.hood.ID); len(got) != 50 {
			t.Fatalf("车位 found %d topics, want a full page of 50", len(got))
		}
		if got := search(t, f.store, "棚", f.hood.ID); len(got) != 1 || got[0].ID != shed.ID {
			t.Fatalf("one character 棚 found %v", topicIDs(got))
		}
	})
}

func TestSearchRanksTitleMatchesFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 1)
		named := f.post(t, f.users[0], "电梯又坏了", "三号楼二单元从昨天开始就不能用了，老人上下楼很辛苦，希望物业尽快联系维保公司来修。")
		// Newer and shorter, which BM25 alone would put first.
		passing := f.post(t, f.users[0], "邻里小事", "电梯里有广告")
		twice := f.post(t, f.users[0], "楼道", "电梯门口堆了杂物，电梯也很脏")
		got := topicIDs(search(t, f.store, "电梯", f.hood.ID))
		want := []int64{named.ID, twice.ID, passing.ID}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("电梯 ranked %v, want %v (title, twice in the body, once)", got, want)
		}
	})
}

func TestSearchFollowsEditsAndModeration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 1)
		tp := f.post(t, f.users[0], "垃圾站太臭", "夏天更严重")
		if got := search(t, f.store, "垃圾", f.hood.ID); len(got) != 1 {
			t.Fatalf("before the edit: %v", topicIDs(got))
		}
		edited, err := f.store.Edit(ctx, tp, f.users[0], board.Draft{Title: "回收站太臭", Body: "夏天更严重", Category: "environment"}, board.Visible, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := search(t, f.store, "垃圾", f.hood.ID); len(got) != 0 {
			t.Fatalf("an edit dropped the word, yet it finds %v", topicIDs(got))
		}
		if got := search(t, f.store, "回收", f.hood.ID); len(got) != 1 || got[0].ID != edited.ID {
			t.Fatalf("the edited word finds %v", topicIDs(got))
		}
		setStatus := func(s board.Status) {
			t.Helper()
			if err := d.Tx(ctx, func(tx *db.Tx) error {
				_, _, err := f.store.SetStatus(ctx, tx, "topic", tp.ID, s, "")
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		for _, s := range []board.Status{board.Hidden, board.Held, board.Deleted} {
			setStatus(s)
			if got := search(t, f.store, "回收", f.hood.ID); len(got) != 0 {
				t.Fatalf("a %s topic is found: %v", s, topicIDs(got))
			}
			if got := search(t, f.store, "回", f.hood.ID); len(got) != 0 {
				t.Fatalf("a %s topic is found by one character: %v", s, topicIDs(got))
			}
			setStatus(board.Visible)
			if got := search(t, f.store, "回收", f.hood.ID); len(got) != 1 {
				t.Fatalf("visible again after %s, found %v", s, topicIDs(got))
			}
		}
	})
}

// Databases made before migration 0004 have topics indexed the old way; the
// migration indexes them again, by neighborhood, leaving out hidden ones.
func TestSearchFindsTopicsWrittenBeforeTheUpgrade(t *testing.T) {
	ctx := context.Background()
	dsns := map[string]func(t *testing.T) (driver, dsn string){
		"sqlite": func(t *testing.T) (string, string) { return "sqlite", filepath.Join(t.TempDir(), "linli.db") },
		"postgres": func(t *testing.T) (string, string) {
			base := dbtest.PostgresURL(t)
			if base == "" {
				t.Skip("PostgreSQL variant skipped: set LINLI_TEST_POSTGRES=postgres://... to run it")
			}
			return "pgx", dbtest.WithSchema(base, dbtest.NewSchema(t, base))
		},
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			driver, dsn := dsns[name](t)
			d, err := db.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			migrateUpTo(t, d.Dialect(), driver, dsn, 3)
			f := newFixture(t, d, 1)
			old := f.post(t, f.users[0], "晚上停车太难了", "三号楼门口总是占满")
			hidden := f.post(t, f.users[0], "停车费太贵", "一个月八百")
			if err := d.Tx(ctx, func(tx *db.Tx) error {
				_, _, err := f.store.SetStatus(ctx, tx, "topic", hidden.ID, board.Hidden, "")
				return err
			}); err != nil {
				t.Fatal(err)
			}
			if n, err := d.Migrate(ctx); err != nil || n == 0 {
				t.Fatalf("upgrade applied %d migrations: %v", n, err)
			}
			got := search(t, f.store, "停车", f.hood.ID)
			if len(got) != 1 || got[0].ID != old.ID {
				t.Fatalf("after the upgrade 停车 finds %v, want %d", topicIDs(got), old.ID)
			}
			// And the upgraded index keeps up with new topics.
			later := f.post(t, f.users[0], "停车场收费", "按小时计费")
			if got := search(t, f.store, "停车", f.hood.ID); len(got) != 2 || got[0].ID != later.ID && got[1].ID != later.ID {
				t.Fatalf("a topic written after the upgrade: %v", topicIDs(got))
			}
		})
	}
}

// migrateUpTo applies the embedded migrations up to version through a plain
// connection, recording them as db.Migrate does, so that Migrate later
// applies only the rest.
func migrateUpTo(t *testing.T, dialect db.Dialect, driver, dsn string, version int) {
	t.Helper()
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	all, err := db.Migrations(dialect)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		if m.Version > version {
			break
		}
		if _, err := raw.Exec(m.SQL); err != nil {
			t.Fatalf("migration %s: %v", m.Name, err)
		}
		if _, err := raw.Exec(db.Rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`), m.Version, m.Name, 0); err != nil {
			t.Fatal(err)
		}
	}
}
