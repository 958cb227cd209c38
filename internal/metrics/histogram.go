package metrics

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync/atomic"
)

// DefaultBuckets are upper bounds in seconds suited to HTTP request latency,
// from half a millisecond to ten seconds. Histogram copies them; do not modify.
var DefaultBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// HistogramVec is a histogram family, one Histogram per label set, all with
// the same buckets.
type HistogramVec struct {
	name, help string
	upper      []float64 // sorted bucket upper bounds, +Inf implied
	les        []string  // upper formatted once for exposition
	v          *vec[Histogram]
}

// Histogram counts observations into buckets and keeps their sum.
type Histogram struct {
	upper  []float64       // shared with the family, read-only
	counts []atomic.Uint64 // per bucket, not cumulative; the last is +Inf
	sum    atomic.Uint64   // float64 bits
}

// Histogram registers a histogram family with the given bucket upper bounds
// (nil means DefaultBuckets). It panics if name is taken or invalid, if the
// buckets are not strictly increasing, or if a label is named "le".
func (r *Registry) Histogram(name, help string, buckets []float64, labelNames ...string) *HistogramVec {
	if len(buckets) == 0 {
		buckets = DefaultBuckets
	}
	upper := slices.Clone(buckets)
	if math.IsInf(upper[len(upper)-1], 1) {
		upper = upper[:len(upper)-1] // +Inf is always there
	}
	for i, u := range upper {
		if math.IsNaN(u) || i > 0 && u <= upper[i-1] {
			panic(fmt.Sprintf("metrics: %s: buckets must be strictly increasing: %v", name, buckets))
		}
	}
	for _, n := range labelNames {
		if n == "le" {
			panic(fmt.Sprintf("metrics: %s: label name \"le\" is reserved for buckets", name))
		}
	}
	h := &HistogramVec{name: name, help: help, upper: upper}
	for _, u := range upper {
		h.les = append(h.les, string(appendFloat(nil, u)))
	}
	h.les = append(h.les, "+Inf")
	h.v = newVec(name, labelNames, func(c *Histogram) {
		c.upper = upper
		c.counts = make([]atomic.Uint64, len(upper)+1)
	})
	r.register(name, labelNames, h, "_bucket", "_sum", "_count")
	return h
}

// With returns the histogram for labelValues, given in the order of the label
// names. It panics on a wrong count.
func (h *HistogramVec) With(labelValues ...string) *Histogram {
	return h.v.with(labelValues)
}

// Observe records one value, in seconds for latencies. NaN lands in +Inf, as
// with client_golang.
func (h *Histogram) Observe(v float64) {
	// Binary search for the first bound >= v; written out because
	// slices.BinarySearch orders NaN first.
	lo, hi := 0, len(h.upper)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if h.upper[m] >= v {
			hi = m
		} else {
			lo = m + 1
		}
	}
	h.counts[lo].Add(1)
	addFloat(&h.sum, v)
}

func (h *HistogramVec) familyName() string { return h.name }

// appendTo writes cumulative buckets; _count is the +Inf bucket, so the two
// always agree even while observations race the scrape.
func (h *HistogramVec) appendTo(b []byte) []byte {
	ss := h.v.sorted()
	if len(ss) == 0 {
		return b
	}
	b = appendHeader(b, h.name, h.help, "histogram")
	for _, s := range ss {
		var cum uint64
		for i := range s.m.counts {
			cum += s.m.counts[i].Load()
			b = appendSeries(b, h.name, "_bucket", h.v.labelNames, s.values, h.les[i])
			b = strconv.AppendUint(b, cum, 10)
			b = append(b, '\n')
		}
		b = appendSeries(b, h.name, "_sum", h.v.labelNames, s.values, "")
		b = appendFloat(b, math.Float64frombits(s.m.sum.Load()))
		b = append(b, '\n')
		b = appendSeries(b, h.name, "_count", h.v.labelNames, s.values, "")
		b = strconv.AppendUint(b, cum, 10)
		b = append(b, '\n')
	}
	return b
}
