package metrics

import (
	"io"
	"testing"
)

// TestHotPathDoesNotAllocate is the allocation claim as a test, so it cannot
// regress silently: after the first use of a label set, nothing allocates.
func TestHotPathDoesNotAllocate(t *testing.T) {
	r := NewRegistry()
	c := r.Counter("c_total", "", "method", "code")
	c1 := r.Counter("c1_total", "", "route")
	g := r.Gauge("g", "", "pool")
	h := r.Histogram("h", "", nil, "route")
	method, code, route := "GET", "200", "/feed"
	cases := []struct {
		name string
		f    func()
	}{
		{"counter two labels", func() { c.With(method, code).Inc() }},
		{"counter one label", func() { c1.With(route).Add(3) }},
		{"gauge", func() { g.With("read").Add(1.5) }},
		{"histogram", func() { h.With(route).Observe(0.012) }},
	}
	for _, tc := range cases {
		tc.f() // first use creates the series
		if n := testing.AllocsPerRun(1000, tc.f); n != 0 {
			t.Errorf("%s: %v allocs per call, want 0", tc.name, n)
		}
	}
}

func BenchmarkCounterInc(b *testing.B) {
	c := NewRegistry().Counter("c_total", "").With()
	b.ReportAllocs()
	for b.Loop() {
		c.Inc()
	}
}

func BenchmarkCounterWith(b *testing.B) {
	c := NewRegistry().Counter("c_total", "", "method", "code")
	b.ReportAllocs()
	for b.Loop() {
		c.With("GET", "200").Inc()
	}
}

func BenchmarkCounterWithParallel(b *testing.B) {
	c := NewRegistry().Counter("c_total", "", "method", "code")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.With("GET", "200").Inc()
		}
	})
}

func BenchmarkGaugeAdd(b *testing.B) {
	g := NewRegistry().Gauge("g", "", "pool")
	b.ReportAllocs()
	for b.Loop() {
		g.With("read").Add(1)
	}
}

func BenchmarkHistogramObserve(b *testing.B) {
	h := NewRegistry().Histogram("h", "", nil, "route")
	b.ReportAllocs()
	for b.Loop() {
		h.With("/feed").Observe(0.012)
	}
}

func BenchmarkHistogramObserveParallel(b *testing.B) {
	h := NewRegistry().Histogram("h", "", nil, "route")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			h.With("/feed").Observe(0.012)
		}
	})
}

// BenchmarkWriteTo is one scrape of a realistically sized registry.
func BenchmarkWriteTo(b *testing.B) {
	r := NewRegistry()
	c := r.Counter("http_requests_total", "", "route", "code")
	h := r.Histogram("http_request_seconds", "", nil, "route")
	for _, route := range []string{"/", "/feed", "/login", "/posts", "/places", "/admin"} {
		for _, code := range []string{"200", "302", "404", "500"} {
			c.With(route, code).Inc()
		}
		h.With(route).Observe(0.01)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
