package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/app"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/testenv"
)

// TestOpenAPIDescribesEveryRoute checks the served OpenAPI document against the
// running server: every described operation is routed (not the catch-all 404),
// and an undocumented API path is not.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	e := testenv.SQLite(t)
	c := e.Client(t)
	st, doc := c.Do("GET", "/api/v1/openapi.json", nil)
	if st != 200 || doc["openapi"] != "3.0.3" {
		t.Fatalf("openapi.json: %d", st)
	}
	paths := doc["paths"].(map[string]any)
	if len(paths) < 15 {
		t.Fatalf("only %d paths described", len(paths))
	}
	param := regexp.MustCompile(`\{\w+\}`)
	catchAll := "找不到这个页面。"
	for path, ops := range paths {
		for method := range ops.(map[string]any) {
			concrete := param.ReplaceAllString(path, "999999")
			st, body := c.Do(strings.ToUpper(method), concrete, nil)
			if st == http.StatusMethodNotAllowed {
				t.Errorf("%s %s: 405, the route is not registered", method, path)
			}
			if st == 404 && strings.Contains(body["_raw"].(string), catchAll) {
				t.Errorf("%s %s: reached the catch-all, the route is not registered", method, path)
			}
		}
	}
	if st, body := c.Do("GET", "/api/v1/no-such-thing", nil); st != 404 || !strings.Contains(body["_raw"].(string), catchAll) {
		t.Errorf("undocumented path: %d %v", st, body)
	}
}

func TestHealthReadinessAndMetrics(t *testing.T) {
	e := testenv.SQLite(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(e.URL + path)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %v %v", path, resp, err)
		}
		resp.Body.Close()
	}
	resp, err := http.Get(e.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`linli_http_requests_total{route="GET /healthz",status="200"} 1`, "linli_http_request_duration_seconds_bucket", "linli_db_read_open_connections", "linli_imports_running 0"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	e.DB.Close()
	resp, err = http.Get(e.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 {
		t.Fatalf("/readyz with the database closed: %d, want 503", resp.StatusCode)
	}
}

func TestCommandLine(t *testing.T) {
	var out, errOut bytes.Buffer
	getenv := func(string) string { return "" }
	if err := app.Run(context.Background(), []string{"help"}, getenv, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"linli demo", "LINLI_DB", "LINLI_PII_KEY", "-addr"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q", want)
		}
	}
	out.Reset()
	if err := app.Run(context.Background(), []string{"version"}, getenv, &out, &errOut); err != nil || !strings.HasPrefix(out.String(), "linli ") {
		t.Fatalf("version: %q %v", out.String(), err)
	}
	if err := app.Run(context.Background(), []string{"fly"}, getenv, &out, &errOut); err == nil {
		t.Fatal("an unknown command succeeded")
	}
	dir := t.TempDir()
	env := map[string]string{"LINLI_DB": dir + "/x.db"}
	out.Reset()
	if err := app.Run(context.Background(), []string{"migrate"}, func(k string) string { return env[k] }, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	all, _ := db.Migrations(db.SQLite)
	if want := fmt.Sprintf("schema version %d", all[len(all)-1].Version); !strings.Contains(out.String(), want) {
		t.Fatalf("migrate: %q", out.String())
	}
	out.Reset()
	if err := app.Run(context.Background(), []string{"jobs", "run"}, func(k string) string { return env[k] }, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "purge_sessions: ok") {
		t.Fatalf("jobs run: %q", out.String())
	}
	if err := app.Run(context.Background(), []string{"migrate", "-session-idle", "soon"}, getenv, &out, &errOut); err == nil {
		t.Fatal("a bad duration was accepted")
	}
}
