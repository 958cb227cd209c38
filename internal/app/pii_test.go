package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/app"
	"github.com/linli-dev/linli/internal/testenv"
)

// TestNoPlaintextIDNumberAnywhere verifies a resident and then searches the
// database file (with its WAL), a SQL dump and the server's log for the ID
// numbers, phone and real names in the clear.
func TestNoPlaintextIDNumberAnywhere(t *testing.T) {
	var logs bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(old) })

	dir := t.TempDir()
	path := filepath.Join(dir, "linli.db")
	e := testenv.SQLiteAt(t, path)
	c := e.Client(t)
	if st, body := c.Do("POST", "/api/v1/register", map[string]string{"phone": "13955556666", "password": "密码密码密码密码", "nickname": "隐私测试"}); st != 201 {
		t.Fatalf("register: %d %v", st, body)
	}
	if st, _ := c.Do("POST", "/api/v1/session", map[string]string{"phone": "13955556666", "password": "密码密码密码密码"}); st != 200 {
		t.Fatalf("login: %d", st)
	}
	st, body := c.Do("POST", "/api/v1/verification", map[string]any{"real_name": testenv.RosterName, "id_number": testenv.RosterID, "household_id": e.HouseholdA.ID})
	if st != 201 {
		t.Fatalf("verify: %d %v", st, body)
	}
	cadre := e.Client(t)
	cadre.Login(testenv.CadreA)
	cadre.Do("GET", "/api/v1/neighborhoods/1/verifications", nil)

	secrets := []string{testenv.RosterID, "110101199003074477", "13955556666", testenv.ResidentA, testenv.RosterName, "李建国"}
	var files []byte
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, _ := os.ReadFile(path + suffix)
		files = append(files, b...)
	}
	if len(files) < 4096 {
		t.Fatalf("database files too small to be real: %d bytes", len(files))
	}
	var dump bytes.Buffer
	rows, err := e.DB.QueryContext(context.Background(), `SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		_ = rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	for _, tbl := range tables {
		dumpTable(t, e, tbl, &dump)
	}
	if dump.Len() == 0 {
		t.Fatal("empty dump")
	}
	for _, s := range secrets {
		for name, hay := range map[string][]byte{"database file": files, "dump": dump.Bytes(), "log": logs.Bytes()} {
			if bytes.Contains(hay, []byte(s)) {
				t.Errorf("%q appears in the %s", s, name)
			}
		}
	}
	if _, err := exec.LookPath("sqlite3"); err == nil {
		out, _ := exec.Command("sqlite3", path, ".dump").Output()
		for _, s := range secrets {
			if strings.Contains(string(out), s) {
				t.Errorf("%q appears in sqlite3 .dump", s)
			}
		}
	}
	_ = app.Version
}

// dumpTable writes every value of a table as text, as a dump would.
func dumpTable(t *testing.T, e *testenv.Env, table string, out *bytes.Buffer) {
	rows, err := e.DB.QueryContext(context.Background(), `SELECT * FROM `+table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			switch x := v.(type) {
			case []byte:
				out.Write(x)
			case string:
				out.WriteString(x)
			default:
				out.WriteString(strings.TrimSpace(strings.ReplaceAll(fmtAny(x), "\n", " ")))
			}
			out.WriteByte('|')
		}
		out.WriteByte('\n')
	}
}
