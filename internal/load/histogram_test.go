package load

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestHistogramPercentilesWithinOnePercent(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		name string
		gen  func(i int) time.Duration
	}{
		{"uniform 1µs..100ms", func(i int) time.Duration { return time.Duration(1000 + rng.Int64N(int64(100*time.Millisecond))) }},
		{"log-uniform 10µs..60s", func(i int) time.Duration {
			lo, hi := math.Log(float64(10*time.Microsecond)), math.Log(float64(60*time.Second))
			return time.Duration(math.Exp(lo + rng.Float64()*(hi-lo)))
		}},
		{"bimodal with a slow tail", func(i int) time.Duration {
			if i%100 == 0 {
				return time.Duration(200e6 + rng.Int64N(50e6))
			}
			return time.Duration(300e3 + rng.Int64N(100e3))
		}},
		{"sequence 1..100000µs", func(i int) time.Duration { return time.Duration(i+1) * time.Microsecond }},
		{"sub-microsecond, counted exactly", func(i int) time.Duration { return time.Duration(i % 120) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			const n = 100_000
			h := newHistogram()
			vals := make([]time.Duration, n)
			for i := range vals {
				vals[i] = tc.gen(i)
				h.record(vals[i])
			}
			slices.Sort(vals)
			for _, q := range []float64{0.001, 0.5, 0.9, 0.95, 0.99, 0.999, 1} {
				want := vals[int(math.Ceil(q*n))-1] // nearest rank
				got := h.quantile(q)
				if rel := math.Abs(float64(got-want)) / float64(want); rel > 0.01 && got != want {
					t.Errorf("p%v = %v, want %v (off by %.2f%%)", q*100, got, want, rel*100)
				}
			}
			if l := h.latency(); l.Min != vals[0] || l.Max != vals[n-1] {
				t.Errorf("min/max = %v/%v, want %v/%v", l.Min, l.Max, vals[0], vals[n-1])
			}
		})
	}
}

func TestHistogramBucketsAreContiguous(t *testing.T) {
	// Every bucket's midpoint must map back to it, and bucket numbers must
	// not skip or repeat across the whole range.
	prev := -1
	for v := uint64(0); v <= maxLatency; v = v*17/16 + 1 {
		b := bucketOf(v)
		if b < prev || b >= numBuckets {
			t.Fatalf("bucketOf(%d) = %d after %d (of %d)", v, b, prev, numBuckets)
		}
		if bucketOf(bucketMid(b)) != b {
			t.Fatalf("midpoint %d of bucket %d maps to %d", bucketMid(b), b, bucketOf(bucketMid(b)))
		}
		prev = b
	}
	if bucketOf(maxLatency) != numBuckets-1 {
		t.Fatalf("largest value lands in %d, want the last bucket %d", bucketOf(maxLatency), numBuckets-1)
	}
}

func TestHistogramClampsAndMerges(t *testing.T) {
	a, b := newHistogram(), newHistogram()
	a.record(-time.Second) // clock skew must not index out of range
	a.record(2 * time.Millisecond)
	b.record(time.Hour) // beyond the range: clamped
	all := newHistogram()
	all.merge(a)
	all.merge(b)
	l := all.latency()
	if all.n.Load() != 3 || l.Min != 0 || l.Max != maxLatency || l.P50 < 1980*time.Microsecond || l.P50 > 2020*time.Microsecond {
		t.Fatalf("merged: n=%d %+v", all.n.Load(), l)
	}
	if got := newHistogram().latency(); got != (Latency{}) {
		t.Fatalf("empty histogram latency = %+v", got)
	}
}
