package load

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// server counts requests by path and answers 500 on /fail.
type server struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newServer(t *testing.T) *server {
	s := &server{hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		if r.URL.Path == "/fail" {
			http.Error(w, "boom\nat line 2", http.StatusInternalServerError)
			return
		}
		io.WriteString(w, "hello, neighbor") // 15 bytes
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// run fails the test unless Run succeeds within a generous bound, so a bug
// hangs nothing.
func run(t *testing.T, cfg Config) *Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	rep, err := Run(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Interrupted {
		t.Fatal("run hit the test's safety timeout")
	}
	return rep
}

func TestExactRequestCount(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
	}{
		{"closed loop", Config{Concurrency: 8, Requests: 300}},
		{"more workers than requests", Config{Concurrency: 64, Requests: 10}},
		{"one worker", Config{Concurrency: 1, Requests: 25}},
		{"open loop", Config{Concurrency: 4, Requests: 40, Rate: 2000}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t)
			tc.cfg.Targets = []Target{{Name: "home", URL: s.URL + "/"}}
			rep := run(t, tc.cfg)
			n := uint64(tc.cfg.Requests)
			tot := rep.Total
			if tot.Requests != n || s.count("/") != int(n) {
				t.Fatalf("report %d, server %d, want %d", tot.Requests, s.count("/"), n)
			}
			if tot.Errors != 0 || tot.Status[200] != n || tot.Bytes != 15*n {
				t.Errorf("errors %d, status %v, bytes %d", tot.Errors, tot.Status, tot.Bytes)
			}
			if tot.Latency.P50 <= 0 || tot.Latency.P50 > tot.Latency.P99 || tot.Latency.P99 > tot.Latency.Max {
				t.Errorf("latency not ordered: %+v", tot.Latency)
			}
			if tot.Duration <= 0 || tot.RPS <= 0 {
				t.Errorf("duration %v rps %v", tot.Duration, tot.RPS)
			}
		})
	}
}

func TestErrorsAreCounted(t *testing.T) {
	s := newServer(t)
	rep := run(t, Config{
		Targets: []Target{
			{Name: "ok", URL: s.URL + "/ok"},
			{Name: "fail", URL: s.URL + "/fail"},
		},
		Concurrency: 4,
		Requests:    100,
	})
	fails := uint64(s.count("/fail"))
	if fails == 0 || rep.Total.Errors != fails || rep.Total.Status[500] != fails || rep.Total.Status[200] != uint64(s.count("/ok")) {
		t.Fatalf("server failed %d, report errors %d status %v", fails, rep.Total.Errors, rep.Total.Status)
	}
	ok, fail := rep.Targets[0], rep.Targets[1]
	if ok.Errors != 0 || fail.Errors != fail.Requests {
		t.Errorf("per target: ok %d errors, fail %d errors of %d", ok.Errors, fail.Errors, fail.Requests)
	}
	want := "500 Internal Server Error: boom at line 2"
	if len(fail.ErrorSamples) != 1 || fail.ErrorSamples[0] != want {
		t.Errorf("samples %q, want one: %q", fail.ErrorSamples, want)
	}
	if !strings.Contains(rep.String(), "fail: "+want) {
		t.Errorf("report does not show the sample:\n%s", rep)
	}
}

func TestTransportErrorsAreCounted(t *testing.T) {
	s := newServer(t)
	url := s.URL
	s.Close() // nothing listens any more: every request fails to connect
	rep := run(t, Config{Targets: []Target{{URL: url}}, Concurrency: 2, Requests: 6})
	if rep.Total.Requests != 6 || rep.Total.Errors != 6 || len(rep.Total.Status) != 0 || len(rep.Total.ErrorSamples) == 0 {
		t.Fatalf("got %+v", rep.Total)
	}
	if rep.Total.Latency != (Latency{}) {
		t.Errorf("failed connections entered the latency histogram: %+v", rep.Total.Latency)
	}
}

func TestWeightsDistributeRequests(t *testing.T) {
	s := newServer(t)
	rep := run(t, Config{
		Targets: []Target{
			{Name: "feed", URL: s.URL + "/feed", Weight: 3},
			{Name: "home", URL: s.URL + "/"}, // weight 0 means 1
		},
		Concurrency: 8,
		Requests:    400,
	})
	for i, want := range []float64{300, 100} {
		got := float64(rep.Targets[i].Requests)
		if got < want*0.9 || got > want*1.1 {
			t.Errorf("%s got %v requests, want about %v", rep.Targets[i].Name, got, want)
		}
	}
	if s.count("/feed")+s.count("/") != 400 {
		t.Errorf("server saw %d", s.count("/feed")+s.count("/"))
	}
}

func TestHeadersAndBodies(t *testing.T) {
	var mu sync.Mutex
	bodies := map[string]bool{}
	var bad atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.Header.Get("Cookie") != "linli_session=abc" || r.Host != "linli.test" ||
			r.ContentLength != int64(len(b)) {
			bad.Add(1)
		}
		mu.Lock()
		bodies[string(b)] = true
		mu.Unlock()
	}))
	defer srv.Close()
	h := http.Header{}
	h.Set("Cookie", "linli_session=abc")
	h.Set("Host", "linli.test")
	rep := run(t, Config{
		Targets: []Target{{
			Method: http.MethodPost, URL: srv.URL + "/signup", Header: h,
			BodyFunc: func(i int) []byte { return []byte("phone=" + strconv.Itoa(13800000000+i)) },
		}},
		Concurrency: 4,
		Requests:    50,
		Warmup:      20 * time.Millisecond,
	})
	if bad.Load() != 0 {
		t.Errorf("%d requests lacked the method, headers, Host or length", bad.Load())
	}
	mu.Lock()
	defer mu.Unlock()
	if rep.Total.Requests != 50 || len(bodies) < 50 {
		t.Errorf("%d measured requests, %d distinct bodies (warmup included), want 50 and >= 50", rep.Total.Requests, len(bodies))
	}
	if rep.Targets[0].Name != "POST /signup" {
		t.Errorf("default name %q", rep.Targets[0].Name)
	}
}

func TestDurationEndsRun(t *testing.T) {
	s := newServer(t)
	rep := run(t, Config{Targets: []Target{{URL: s.URL}}, Concurrency: 2, Duration: 100 * time.Millisecond})
	if rep.Total.Requests == 0 || rep.Total.Errors != 0 {
		t.Fatalf("got %+v", rep.Total)
	}
	if rep.Total.Duration != 100*time.Millisecond {
		t.Errorf("measured %v, want the configured 100ms", rep.Total.Duration)
	}
}

func TestCancelStopsEarlyWithReport(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 20 {
			cancel() // like SIGINT in the middle of a run
		}
	}))
	defer srv.Close()
	done := make(chan struct{})
	var rep *Report
	var err error
	go func() {
		defer close(done)
		rep, err = Run(ctx, Config{Targets: []Target{{URL: srv.URL}}, Concurrency: 2, Duration: time.Minute}, nil)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not stop after cancel")
	}
	if err != nil || !rep.Interrupted || rep.Total.Requests == 0 || rep.Total.Requests > uint64(hits.Load()) {
		t.Fatalf("err %v, report %+v, server saw %d", err, rep, hits.Load())
	}
}

func TestConfigErrors(t *testing.T) {
	ok := []Target{{URL: "http://127.0.0.1:1/"}}
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no targets", Config{Concurrency: 1, Requests: 1}, "no targets"},
		{"no concurrency", Config{Targets: ok, Requests: 1}, "concurrency"},
		{"endless", Config{Targets: ok, Concurrency: 1}, "never ends"},
		{"negative duration", Config{Targets: ok, Concurrency: 1, Duration: -1}, "negative"},
		{"negative rate", Config{Targets: ok, Concurrency: 1, Requests: 1, Rate: -5}, "rate"},
		{"negative weight", Config{Targets: []Target{{URL: "http://127.0.0.1/", Weight: -1}}, Concurrency: 1, Requests: 1}, "weight"},
		{"bad method", Config{Targets: []Target{{URL: "http://127.0.0.1/", Method: "GE T"}}, Concurrency: 1, Requests: 1}, "method"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(context.Background(), tc.cfg, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestReportFormats(t *testing.T) {
	s := newServer(t)
	rep := run(t, Config{
		Targets:     []Target{{Name: "home", URL: s.URL + "/"}, {Name: "fail", URL: s.URL + "/fail"}},
		Concurrency: 2,
		Requests:    10,
	})
	text := rep.String()
	for _, want := range []string{"target", "p99.9", "home", "fail", "total", "concurrency 2, closed loop", "200×5", "500×5"} {
		if !strings.Contains(text, want) {
			t.Errorf("String() lacks %q:\n%s", want, text)
		}
	}
	b, err := rep.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Total.Requests != 10 || back.Total.Status[500] != 5 || back.Total.Latency.P99 != rep.Total.Latency.P99 || len(back.Targets) != 2 {
		t.Errorf("JSON round trip lost data: %s", b)
	}
}

func TestFormatting(t *testing.T) {
	durs := []struct {
		d    time.Duration
		want string
	}{{0, "-"}, {850 * time.Microsecond, "850µs"}, {12345 * time.Microsecond, "12.35ms"}, {2500 * time.Millisecond, "2.50s"}}
	for _, tc := range durs {
		if got := fmtDur(tc.d); got != tc.want {
			t.Errorf("fmtDur(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
	sizes := []struct {
		n    uint64
		want string
	}{{0, "0B"}, {1023, "1023B"}, {1536, "1.5KiB"}, {3 << 30, "3.0GiB"}}
	for _, tc := range sizes {
		if got := fmtBytes(tc.n); got != tc.want {
			t.Errorf("fmtBytes(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
	if got, want := progressLine(2*time.Second, 10234, 5117.2, 3), "   2.0s      10234 requests      5117 req/s        3 errors"; got != want {
		t.Errorf("progressLine = %q, want %q", got, want)
	}
}

// syncBuffer is a bytes.Buffer the progress goroutine and the test can share.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestProgressLines(t *testing.T) {
	defer func(d time.Duration) { progressEvery = d }(progressEvery)
	progressEvery = 10 * time.Millisecond
	s := newServer(t)
	var out syncBuffer
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := Run(ctx, Config{Targets: []Target{{URL: s.URL}}, Concurrency: 1, Warmup: 50 * time.Millisecond, Duration: 100 * time.Millisecond}, &out)
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if !strings.Contains(got, "warming up") || !strings.Contains(got, " requests ") || !strings.Contains(got, " req/s ") {
		t.Errorf("progress output:\n%s", got)
	}
}
