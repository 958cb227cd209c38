package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/load"
)

func TestParseTarget(t *testing.T) {
	cases := []struct {
		in   string
		want load.Target
	}{
		{"http://127.0.0.1:8080/", load.Target{URL: "http://127.0.0.1:8080/"}},
		{"home=http://127.0.0.1/", load.Target{Name: "home", URL: "http://127.0.0.1/"}},
		{"POST http://127.0.0.1/posts", load.Target{Method: "POST", URL: "http://127.0.0.1/posts"}},
		{"post=post  http://127.0.0.1/posts", load.Target{Name: "post", Method: "POST", URL: "http://127.0.0.1/posts"}},
		{"http://127.0.0.1/search?q=a=b", load.Target{URL: "http://127.0.0.1/search?q=a=b"}},
		{"GET http://127.0.0.1/?x=1", load.Target{Method: "GET", URL: "http://127.0.0.1/?x=1"}},
	}
	for _, tc := range cases {
		got, err := parseTarget(tc.in)
		if err != nil || got.Name != tc.want.Name || got.Method != tc.want.Method || got.URL != tc.want.URL {
			t.Errorf("parseTarget(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
	if _, err := parseTarget("home="); err == nil {
		t.Error("empty URL accepted")
	}
}

func TestParseHeader(t *testing.T) {
	cases := []struct {
		in, name, value string
		ok              bool
	}{
		{"Cookie: linli_session=abc", "Cookie", "linli_session=abc", true},
		{"authorization:Bearer x:y", "Authorization", "Bearer x:y", true},
		{"X-Empty:", "X-Empty", "", true},
		{"no colon", "", "", false},
		{": value", "", "", false},
		{"Bad Name: v", "", "", false},
	}
	for _, tc := range cases {
		name, value, err := parseHeader(tc.in)
		if (err == nil) != tc.ok || name != tc.name || value != tc.value {
			t.Errorf("parseHeader(%q) = %q, %q, %v", tc.in, name, value, err)
		}
	}
}

// record is what the test server saw.
type record struct {
	mu      sync.Mutex
	n       int
	methods map[string]int
	cookies map[string]int
	bodies  map[string]int
	types   map[string]int
}

func newRecordingServer(t *testing.T) (*httptest.Server, *record) {
	rec := &record{methods: map[string]int{}, cookies: map[string]int{}, bodies: map[string]int{}, types: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		defer rec.mu.Unlock()
		rec.n++
		rec.methods[r.Method]++
		rec.cookies[r.Header.Get("Cookie")]++
		rec.bodies[string(b)]++
		rec.types[r.Header.Get("Content-Type")]++
	}))
	t.Cleanup(srv.Close)
	return srv, rec
}

func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out, errOut strings.Builder
	err = run(ctx, args, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestRunJSONWithHeadersAndBodyFile(t *testing.T) {
	srv, rec := newRecordingServer(t)
	file := filepath.Join(t.TempDir(), "post.form")
	if err := os.WriteFile(file, []byte("text=hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := runCmd(t, "-q", "-json", "-n", "20", "-c", "4", "-warmup", "0",
		"-H", "Cookie: linli_session=abc", "-body", "@"+file, "-url", "post="+srv.URL+"/posts")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if stderr != "" {
		t.Errorf("-q still wrote to stderr: %q", stderr)
	}
	var rep load.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("stdout is not a JSON report: %v\n%s", err, stdout)
	}
	if rep.Total.Requests != 20 || rep.Targets[0].Name != "post" {
		t.Errorf("report: %d requests, target %q", rep.Total.Requests, rep.Targets[0].Name)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.n != 20 || rec.methods["POST"] != 20 || rec.cookies["linli_session=abc"] != 20 ||
		rec.bodies["text=hello"] != 20 || rec.types["application/x-www-form-urlencoded"] != 20 {
		t.Errorf("server saw %d requests: methods %v cookies %v bodies %v types %v", rec.n, rec.methods, rec.cookies, rec.bodies, rec.types)
	}
}

func TestRunTableWithBareURLs(t *testing.T) {
	srv, rec := newRecordingServer(t)
	stdout, _, err := runCmd(t, "-q", "-n", "10", "-c", "2", "-warmup", "0", "-url", "home="+srv.URL+"/", srv.URL+"/feed")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"home", "GET /feed", "total", "200×10"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, stdout)
		}
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.methods["GET"] != 10 {
		t.Errorf("server saw %v", rec.methods)
	}
}

func TestRunErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string // in the error or on stderr
	}{
		{"no targets", []string{"-q"}, "at least one -url"},
		{"not loopback", []string{"-q", "-n", "1", "-url", "http://10.0.0.1/"}, "not a loopback address"},
		{"bad header", []string{"-q", "-H", "nocolon", "-url", "http://127.0.0.1/"}, "Name: value"},
		{"missing body file", []string{"-q", "-body", "@/nonexistent/x", "-url", "http://127.0.0.1/"}, "-body"},
		{"unknown flag", []string{"-zzz"}, "flag provided but not defined"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, err := runCmd(t, tc.args...)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error()+stderr, tc.want) {
				t.Errorf("error %q, stderr %q; want %q", err, stderr, tc.want)
			}
		})
	}
}

func TestHelpPrintsUsageWithExample(t *testing.T) {
	_, stderr, err := runCmd(t, "-h")
	if err != nil {
		t.Fatalf("-h is not an error: %v", err)
	}
	for _, want := range []string{"Usage: linli-load", "Examples:", "-url home=http://127.0.0.1:8080/", "-rate"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("usage lacks %q:\n%s", want, stderr)
		}
	}
}
