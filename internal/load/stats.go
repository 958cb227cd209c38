package load

import (
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// maxSamples is how many distinct error messages a target keeps to show.
const maxSamples = 5

// target is a Target prepared for the run, with its live counters. Counters
// are atomics shared by all workers; on two cores that is cheaper than
// merging per-worker copies of a 16 KB histogram.
type target struct {
	Target
	tmpl *http.Request // shared, read-only; copied per request

	hist     *histogram
	requests atomic.Uint64
	errors   atomic.Uint64
	bytes    atomic.Uint64
	status   [1000]atomic.Uint64 // by status code; the client only accepts 3 digits

	mu      sync.Mutex
	samples []string
	full    atomic.Bool // samples has maxSamples entries
}

func newTarget(t Target, u *url.URL) (*target, error) {
	tmpl, err := http.NewRequest(t.Method, u.String(), nil)
	if err != nil {
		return nil, err
	}
	tmpl.Header = t.Header.Clone()
	if tmpl.Header == nil {
		tmpl.Header = http.Header{}
	}
	if h := tmpl.Header.Get("Host"); h != "" {
		tmpl.Host = h // net/http ignores Host in Header
	}
	return &target{Target: t, tmpl: tmpl, hist: newHistogram()}, nil
}

// result records one measured response; latency counts only answered
// requests, so fast-failing connections cannot flatter the percentiles.
func (t *target) result(status int, d time.Duration, n int64, failed bool) {
	t.requests.Add(1)
	t.bytes.Add(uint64(n))
	if status > 0 && status < len(t.status) {
		t.status[status].Add(1)
	}
	if status > 0 {
		t.hist.record(d)
	}
	if failed {
		t.errors.Add(1)
	}
}

// wantSample reports whether another error message would still be kept; it
// lets workers skip reading error bodies once the samples are full.
func (t *target) wantSample() bool { return !t.full.Load() }

// sample keeps msg if it is new and there is room.
func (t *target) sample(msg string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.samples) >= maxSamples {
		return
	}
	for _, s := range t.samples {
		if s == msg {
			return
		}
	}
	t.samples = append(t.samples, msg)
	t.full.Store(len(t.samples) == maxSamples)
}

// stats summarizes the target for the report.
func (t *target) stats(d time.Duration) Stats {
	s := Stats{
		Name:     t.Name,
		URL:      t.tmpl.URL.String(),
		Method:   t.Method,
		Requests: t.requests.Load(),
		Errors:   t.errors.Load(),
		Bytes:    t.bytes.Load(),
		Latency:  t.hist.latency(),
		Status:   map[int]uint64{},
	}
	s.setDuration(d)
	for code := range t.status {
		if n := t.status[code].Load(); n > 0 {
			s.Status[code] = n
		}
	}
	t.mu.Lock()
	s.ErrorSamples = append([]string(nil), t.samples...)
	t.mu.Unlock()
	return s
}
