package load

import (
	"math"
	"math/bits"
	"sync/atomic"
	"time"
)

// The latency histogram is log-linear, like HDR Histogram: values below
// 2^subBits nanoseconds are counted exactly, and above that every power of two
// is split into 2^(subBits-1) equal buckets, so a bucket's midpoint is within
// 1/2^subBits (0.78%) of any value in it. Values are clamped at maxLatency.
const (
	subBits    = 7
	subCount   = 1 << subBits
	subHalf    = subCount / 2
	maxBits    = 36
	maxLatency = 1<<maxBits - 1 // ns, about 68.7s
	numBuckets = (maxBits - subBits + 2) * subHalf
)

// histogram records latencies from many goroutines at once.
type histogram struct {
	counts [numBuckets]atomic.Uint64
	n      atomic.Uint64
	sum    atomic.Uint64 // ns
	min    atomic.Uint64 // ns; math.MaxUint64 while empty
	max    atomic.Uint64 // ns
}

func newHistogram() *histogram {
	h := &histogram{}
	h.min.Store(math.MaxUint64)
	return h
}

// bucketOf maps a value in ns to its bucket.
func bucketOf(v uint64) int {
	if v < subCount {
		return int(v)
	}
	shift := bits.Len64(v) - subBits // v>>shift is in [subHalf, subCount)
	return shift*subHalf + int(v>>shift)
}

// bucketMid is the value reported for bucket i: the middle of its range.
func bucketMid(i int) uint64 {
	if i < subCount {
		return uint64(i)
	}
	shift := i/subHalf - 1
	lower := uint64(i-shift*subHalf) << shift
	return lower + (uint64(1)<<shift)/2
}

// record adds one latency.
func (h *histogram) record(d time.Duration) {
	v := uint64(max(d, 0))
	v = min(v, maxLatency)
	h.counts[bucketOf(v)].Add(1)
	h.n.Add(1)
	h.sum.Add(v)
	for cur := h.min.Load(); v < cur && !h.min.CompareAndSwap(cur, v); cur = h.min.Load() {
	}
	for cur := h.max.Load(); v > cur && !h.max.CompareAndSwap(cur, v); cur = h.max.Load() {
	}
}

// merge adds o's counts into h; o must no longer be written to.
func (h *histogram) merge(o *histogram) {
	for i := range o.counts {
		if c := o.counts[i].Load(); c != 0 {
			h.counts[i].Add(c)
		}
	}
	h.n.Add(o.n.Load())
	h.sum.Add(o.sum.Load())
	if m := o.min.Load(); m < h.min.Load() {
		h.min.Store(m)
	}
	if m := o.max.Load(); m > h.max.Load() {
		h.max.Store(m)
	}
}

// quantile returns the nearest-rank q-quantile (0 < q <= 1), kept within the
// exact min and max; zero when empty.
func (h *histogram) quantile(q float64) time.Duration {
	n := h.n.Load()
	if n == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(n)))
	rank = max(1, min(rank, n))
	var seen uint64
	for i := range h.counts {
		seen += h.counts[i].Load()
		if seen >= rank {
			v := min(max(bucketMid(i), h.min.Load()), h.max.Load())
			return time.Duration(v)
		}
	}
	return time.Duration(h.max.Load())
}

// latency summarizes h for a report.
func (h *histogram) latency() Latency {
	n := h.n.Load()
	if n == 0 {
		return Latency{}
	}
	return Latency{
		Min:  time.Duration(h.min.Load()),
		Mean: time.Duration(h.sum.Load() / n),
		P50:  h.quantile(0.50),
		P90:  h.quantile(0.90),
		P95:  h.quantile(0.95),
		P99:  h.quantile(0.99),
		P999: h.quantile(0.999),
		Max:  time.Duration(h.max.Load()),
	}
}
