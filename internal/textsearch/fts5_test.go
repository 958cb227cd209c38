package textsearch

import (
	"database/sql"
	"slices"
	"testing"

	_ "modernc.org/sqlite"
)

// ftsTopics are forum topics; the ids are their rowids.
var ftsTopics = []struct {
	id   int64
	body string
}{
	{1, "小区停车难，晚上回来根本没有车位。"},
	{2, "停车停车停车！地库停车位被外来车辆占了，停车问题必须解决。"},
	{3, "3号楼WiFi信号差，电梯里也没信号。"},
	{4, "垃圾分类站的气味太大，建议移到停车场旁边。"},
	{5, "停电通知：明天上午九点到十一点检修线路。"},
	{6, "车位租金上涨，物业应该公开账目。"},
}

// openFTS returns an in-memory SQLite with the topics indexed the way linli
// indexes them: IndexText in an FTS5 column with the unicode61 tokenizer.
func openFTS(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1) // each connection to :memory: is a database of its own
	if _, err := db.Exec(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61')`); err != nil {
		t.Fatal(err)
	}
	for _, tp := range ftsTopics {
		if _, err := db.Exec(`INSERT INTO t(rowid, body) VALUES (?, ?)`, tp.id, IndexText(tp.body)); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// search runs the FTS5 query for a resident's input, best match first.
func search(t *testing.T, db *sql.DB, q string) []int64 {
	t.Helper()
	rows, err := db.Query(`SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t), rowid`, FTS5Query(q))
	if err != nil {
		t.Fatalf("search %q as %s: %v", q, FTS5Query(q), err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestFTS5FindsChineseWords(t *testing.T) {
	db := openFTS(t)
	cases := []struct {
		q    string
		want []int64 // best first
	}{
		// Topic 2 says 停车 five times and ranks first; 4 has 停车场.
		{"停车", []int64{2, 1, 4}},
		{"停车难", []int64{1}},
		{"车位", []int64{6, 1, 2}},
		{"WiFi", []int64{3}},
		{"ｗｉｆｉ 信号", []int64{3}},
		{"3号楼", []int64{3}},
		{"停电", []int64{5}},
		{"电梯 停车", nil},
		{"物业公开", nil},
	}
	for _, c := range cases {
		if got := search(t, db, c.q); !slices.Equal(got, c.want) {
			t.Errorf("search %q (%s) = %v, want %v", c.q, FTS5Query(c.q), got, c.want)
		}
	}
}

// Whatever a resident types is a valid FTS5 query that means "all of these
// words": operators, quotes and column filters reach FTS5 as plain strings.
func TestFTS5HostileInput(t *testing.T) {
	db := openFTS(t)
	cases := []struct {
		q    string
		want []int64
	}{
		{`停车 OR 停电`, nil}, // as an operator, OR would find 1, 2, 4 and 5
		{`停车 NOT 车位`, nil},
		{`NEAR(停车 车位)`, nil},
		{`body:停电`, nil},
		{`停*`, nil}, // a one-character query needs the LIKE fallback
		{`^停车`, []int64{2, 1, 4}},
		{`"停车`, []int64{2, 1, 4}},
		{`停车"`, []int64{2, 1, 4}},
		{`(停车`, []int64{2, 1, 4}},
		{`停车 -车位`, []int64{2, 1}},
		{`"" '' \ ; -- DROP TABLE t`, nil},
	}
	for _, c := range cases {
		if got := search(t, db, c.q); !slices.Equal(got, c.want) {
			t.Errorf("search %q (%s) = %v, want %v", c.q, FTS5Query(c.q), got, c.want)
		}
	}
}
