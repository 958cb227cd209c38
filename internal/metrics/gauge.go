package metrics

import (
	"math"
	"sync/atomic"
)

// GaugeVec is a gauge family, one Gauge per label set.
type GaugeVec struct {
	name, help string
	v          *vec[Gauge]
}

// Gauge is a value that goes up and down.
type Gauge struct {
	bits atomic.Uint64 // float64 bits
}

// Gauge registers a gauge family. It panics if name is taken or invalid.
func (r *Registry) Gauge(name, help string, labelNames ...string) *GaugeVec {
	g := &GaugeVec{name: name, help: help, v: newVec[Gauge](name, labelNames, nil)}
	r.register(name, labelNames, g)
	return g
}

// With returns the gauge for labelValues, given in the order of the label
// names. It panics on a wrong count.
func (g *GaugeVec) With(labelValues ...string) *Gauge {
	return g.v.with(labelValues)
}

// Set replaces the value.
func (g *Gauge) Set(v float64) { g.bits.Store(math.Float64bits(v)) }

// Add adds d, which may be negative.
func (g *Gauge) Add(d float64) { addFloat(&g.bits, d) }

// Value returns the current value.
func (g *Gauge) Value() float64 { return math.Float64frombits(g.bits.Load()) }

// addFloat adds d to the float64 stored as bits in u; atomics have no float
// add, so it retries a compare-and-swap.
func addFloat(u *atomic.Uint64, d float64) {
	for {
		old := u.Load()
		if u.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+d)) {
			return
		}
	}
}

func (g *GaugeVec) familyName() string { return g.name }

func (g *GaugeVec) appendTo(b []byte) []byte {
	ss := g.v.sorted()
	if len(ss) == 0 {
		return b
	}
	b = appendHeader(b, g.name, g.help, "gauge")
	for _, s := range ss {
		b = appendSeries(b, g.name, "", g.v.labelNames, s.values, "")
		b = appendFloat(b, s.m.Value())
		b = append(b, '\n')
	}
	return b
}

// gaugeFunc is a gauge read at scrape time.
type gaugeFunc struct {
	name, help string
	f          func() float64
}

// GaugeFunc registers a gauge whose value f returns at each scrape, for
// numbers owned elsewhere such as database pool stats. f must be safe to call
// from the scraping goroutine. It panics if name is taken or invalid.
func (r *Registry) GaugeFunc(name, help string, f func() float64) {
	r.register(name, nil, &gaugeFunc{name: name, help: help, f: f})
}

func (g *gaugeFunc) familyName() string { return g.name }

func (g *gaugeFunc) appendTo(b []byte) []byte {
	b = appendHeader(b, g.name, g.help, "gauge")
	b = appendSeries(b, g.name, "", nil, nil, "")
	b = appendFloat(b, g.f())
	return append(b, '\n')
}
