package metrics

import (
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// write returns the registry's exposition page, failing on a short count.
func write(t *testing.T, r *Registry) string {
	t.Helper()
	var sb strings.Builder
	n, err := r.WriteTo(&sb)
	if err != nil {
		t.Fatal(err)
	}
	if int(n) != sb.Len() {
		t.Fatalf("WriteTo reported %d bytes, wrote %d", n, sb.Len())
	}
	return sb.String()
}

func TestExposition(t *testing.T) {
	cases := []struct {
		name  string
		build func(r *Registry)
		want  string
	}{
		{
			name: "counter with labels sorted by value",
			build: func(r *Registry) {
				c := r.Counter("http_requests_total", "Requests served.", "method", "code")
				c.With("POST", "500").Inc()
				c.With("GET", "404").Inc()
				c.With("GET", "200").Add(3)
			},
			want: `# HELP http_requests_total Requests served.
# TYPE http_requests_total counter
http_requests_total{method="GET",code="200"} 3
http_requests_total{method="GET",code="404"} 1
http_requests_total{method="POST",code="500"} 1
`,
		},
		{
			name:  "unlabelled counter shows zero before use",
			build: func(r *Registry) { r.Counter("logins_total", "Logins.") },
			want: `# HELP logins_total Logins.
# TYPE logins_total counter
logins_total 0
`,
		},
		{
			name:  "labelled family without series is left out",
			build: func(r *Registry) { r.Counter("errors_total", "Errors.", "code") },
			want:  "",
		},
		{
			name: "gauge",
			build: func(r *Registry) {
				g := r.Gauge("queue_depth", "Jobs waiting.", "queue")
				g.With("sms").Set(2.5)
				g.With("email").Set(4)
				g.With("email").Add(-1.5)
			},
			want: `# HELP queue_depth Jobs waiting.
# TYPE queue_depth gauge
queue_depth{queue="email"} 2.5
queue_depth{queue="sms"} 2.5
`,
		},
		{
			name: "gauge func read at scrape time",
			build: func(r *Registry) {
				n := 6.0
				r.GaugeFunc("db_open_connections", "Open database connections.", func() float64 { n++; return n })
			},
			want: `# HELP db_open_connections Open database connections.
# TYPE db_open_connections gauge
db_open_connections 7
`,
		},
		{
			name: "special float values",
			build: func(r *Registry) {
				g := r.Gauge("odd", "Odd values.", "v")
				g.With("inf").Set(math.Inf(1))
				g.With("minf").Set(math.Inf(-1))
				g.With("nan").Set(math.NaN())
				g.With("tiny").Set(1e-7)
			},
			want: `# HELP odd Odd values.
# TYPE odd gauge
odd{v="inf"} +Inf
odd{v="minf"} -Inf
odd{v="nan"} NaN
odd{v="tiny"} 1e-07
`,
		},
		{
			name: "histogram",
			build: func(r *Registry) {
				h := r.Histogram("request_seconds", "Latency.", []float64{0.1, 0.5, 1}, "route")
				h.With("/").Observe(0.0625)
				h.With("/").Observe(0.5) // on the bound: le is inclusive
				h.With("/").Observe(3)
				h.With("/feed").Observe(0.25)
			},
			want: `# HELP request_seconds Latency.
# TYPE request_seconds histogram
request_seconds_bucket{route="/",le="0.1"} 1
request_seconds_bucket{route="/",le="0.5"} 2
request_seconds_bucket{route="/",le="1"} 2
request_seconds_bucket{route="/",le="+Inf"} 3
request_seconds_sum{route="/"} 3.5625
request_seconds_count{route="/"} 3
request_seconds_bucket{route="/feed",le="0.1"} 0
request_seconds_bucket{route="/feed",le="0.5"} 1
request_seconds_bucket{route="/feed",le="1"} 1
request_seconds_bucket{route="/feed",le="+Inf"} 1
request_seconds_sum{route="/feed"} 0.25
request_seconds_count{route="/feed"} 1
`,
		},
		{
			name: "unlabelled histogram, explicit +Inf bound dropped",
			build: func(r *Registry) {
				h := r.Histogram("job_seconds", "Job time.", []float64{0.001, 2.5, math.Inf(1)})
				h.With().Observe(1)
				h.With().Observe(math.NaN())
			},
			want: `# HELP job_seconds Job time.
# TYPE job_seconds histogram
job_seconds_bucket{le="0.001"} 0
job_seconds_bucket{le="2.5"} 1
job_seconds_bucket{le="+Inf"} 2
job_seconds_sum NaN
job_seconds_count 2
`,
		},
		{
			name: "escaping in help and label values",
			build: func(r *Registry) {
				c := r.Counter("odd_total", "Path \\ with\nnewline and \"quotes\".", "path")
				c.With("a\\b\"c\nd").Inc()
				c.With("bad\xffutf8").Inc()
			},
			want: `# HELP odd_total Path \\ with\nnewline and "quotes".
# TYPE odd_total counter
odd_total{path="a\\b\"c\nd"} 1
odd_total{path="bad` + "\uFFFD" + `utf8"} 1
`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := NewRegistry()
			tc.build(r)
			if got := write(t, r); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestFamiliesSortedByName(t *testing.T) {
	r := NewRegistry()
	r.GaugeFunc("b", "B.", func() float64 { return 2 })
	r.Counter("c_total", "C.")
	r.GaugeFunc("a", "A.", func() float64 { return 1 })
	want := `# HELP a A.
# TYPE a gauge
a 1
# HELP b B.
# TYPE b gauge
b 2
# HELP c_total C.
# TYPE c_total counter
c_total 0
`
	if got := write(t, r); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestLabelValuesAreKeyedUnambiguously(t *testing.T) {
	// Naively joined, ("ab","c") and ("a","bc") would share a key.
	r := NewRegistry()
	c := r.Counter("pairs_total", "Pairs.", "x", "y")
	c.With("ab", "c").Inc()
	c.With("a", "bc").Add(2)
	if a, b := c.With("ab", "c").Value(), c.With("a", "bc").Value(); a != 1 || b != 2 {
		t.Fatalf("got %d and %d, want 1 and 2", a, b)
	}
}

func TestHandler(t *testing.T) {
	r := NewRegistry()
	r.Counter("hits_total", "Hits.").With().Add(42)
	rec := httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if got := rec.Header().Get("Content-Type"); got != "text/plain; version=0.0.4; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	if got, want := rec.Body.String(), write(t, r); got != want || !strings.Contains(got, "hits_total 42\n") {
		t.Errorf("body:\n%s\nwant:\n%s", got, want)
	}
}

func TestProgrammingErrorsPanic(t *testing.T) {
	cases := []struct {
		name string
		f    func(r *Registry)
	}{
		{"same name twice", func(r *Registry) { r.Counter("x_total", ""); r.Gauge("x_total", "") }},
		{"gauge func over a counter", func(r *Registry) { r.Counter("x", ""); r.GaugeFunc("x", "", func() float64 { return 0 }) }},
		{"counter named like histogram count", func(r *Registry) { r.Histogram("rt", "", nil); r.Counter("rt_count", "") }},
		{"histogram over existing sum", func(r *Registry) { r.Gauge("rt_sum", ""); r.Histogram("rt", "", nil) }},
		{"too few label values", func(r *Registry) { r.Counter("x", "", "a", "b").With("1") }},
		{"too many label values", func(r *Registry) { r.Gauge("x", "").With("1") }},
		{"histogram label count", func(r *Registry) { r.Histogram("x", "", nil, "a").With() }},
		{"bad metric name", func(r *Registry) { r.Counter("9lives", "") }},
		{"dash in name", func(r *Registry) { r.Counter("http-requests", "") }},
		{"empty name", func(r *Registry) { r.Gauge("", "") }},
		{"colon in label", func(r *Registry) { r.Counter("x", "", "a:b") }},
		{"reserved label", func(r *Registry) { r.Counter("x", "", "__name") }},
		{"repeated label", func(r *Registry) { r.Counter("x", "", "a", "a") }},
		{"le label on histogram", func(r *Registry) { r.Histogram("x", "", nil, "le") }},
		{"unsorted buckets", func(r *Registry) { r.Histogram("x", "", []float64{1, 0.5}) }},
		{"repeated bucket", func(r *Registry) { r.Histogram("x", "", []float64{1, 1}) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("did not panic")
				}
			}()
			tc.f(NewRegistry())
		})
	}
}

func TestValidNamesAccepted(t *testing.T) {
	r := NewRegistry()
	r.Counter("linli:http_requests_total", "", "_method", "Code2")
	r.Histogram("rt", "", nil)
	r.Counter("rt_total", "") // shares a prefix with the histogram, not a sample name
	if !strings.Contains(write(t, r), "rt_total 0\n") {
		t.Error("rt_total missing")
	}
}

func TestDefaultBucketsSpanHTTPLatency(t *testing.T) {
	b := DefaultBuckets
	if b[0] != 0.0005 || b[len(b)-1] != 10 {
		t.Fatalf("DefaultBuckets run %v to %v, want 0.0005 to 10", b[0], b[len(b)-1])
	}
	r := NewRegistry()
	h := r.Histogram("rt", "", nil)
	h.With().Observe(0.0004)
	if got := write(t, r); !strings.Contains(got, `rt_bucket{le="0.0005"} 1`) {
		t.Errorf("nil buckets did not use DefaultBuckets:\n%s", got)
	}
}
