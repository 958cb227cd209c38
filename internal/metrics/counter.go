package metrics

import (
	"strconv"
	"sync/atomic"
)

// CounterVec is a counter family, one Counter per label set.
type CounterVec struct {
	name, help string
	v          *vec[Counter]
}

// Counter only goes up; it restarts from zero with the process.
type Counter struct {
	n atomic.Uint64
}

// Counter registers a counter family. By convention its name ends in _total.
// It panics if name is taken or invalid.
func (r *Registry) Counter(name, help string, labelNames ...string) *CounterVec {
	c := &CounterVec{name: name, help: help, v: newVec[Counter](name, labelNames, nil)}
	r.register(name, labelNames, c)
	return c
}

// With returns the counter for labelValues, given in the order of the label
// names. Keep the result to skip even the lookup. It panics on a wrong count.
func (c *CounterVec) With(labelValues ...string) *Counter {
	return c.v.with(labelValues)
}

// Inc adds one.
func (c *Counter) Inc() { c.n.Add(1) }

// Add adds n; unsigned, because a counter never goes down.
func (c *Counter) Add(n uint64) { c.n.Add(n) }

// Value returns the current count.
func (c *Counter) Value() uint64 { return c.n.Load() }

func (c *CounterVec) familyName() string { return c.name }

func (c *CounterVec) appendTo(b []byte) []byte {
	ss := c.v.sorted()
	if len(ss) == 0 {
		return b
	}
	b = appendHeader(b, c.name, c.help, "counter")
	for _, s := range ss {
		b = appendSeries(b, c.name, "", c.v.labelNames, s.values, "")
		b = strconv.AppendUint(b, s.m.Value(), 10)
		b = append(b, '\n')
	}
	return b
}
