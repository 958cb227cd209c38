package metrics

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// vec maps label values to one child metric T. Reads go through an immutable
// map behind an atomic pointer, so lookups never lock and never allocate
// (unless the label values of a multi-label set exceed 128 bytes); creating a
// new label set copies the map, which is rare.
type vec[T any] struct {
	metric     string
	labelNames []string
	init       func(*T) // prepares a new child; may be nil

	mu       sync.Mutex // serializes creation
	children atomic.Pointer[map[string]*series[T]]
}

// series is one label set and its value.
type series[T any] struct {
	values []string
	m      T
}

func newVec[T any](metric string, labelNames []string, init func(*T)) *vec[T] {
	v := &vec[T]{metric: metric, labelNames: slices.Clone(labelNames), init: init}
	v.children.Store(&map[string]*series[T]{})
	if len(labelNames) == 0 {
		v.with(nil) // an unlabelled metric is exposed from the start, as zero
	}
	return v
}

// with returns the child for values, creating it on first use.
func (v *vec[T]) with(values []string) *T {
	if len(values) != len(v.labelNames) {
		panic(fmt.Sprintf("metrics: %s: got %d label values, want %d (%s)",
			v.metric, len(values), len(v.labelNames), strings.Join(v.labelNames, ", ")))
	}
	m := *v.children.Load()
	if len(values) == 1 { // the common case needs no key building
		if s := m[values[0]]; s != nil {
			return &s.m
		}
		return v.create(strings.Clone(values[0]), values)
	}
	var buf [128]byte
	key := appendKey(buf[:0], values)
	// The compiler does not allocate for string(key) in a map index.
	if s := m[string(key)]; s != nil {
		return &s.m
	}
	return v.create(string(key), values)
}

// appendKey joins values unambiguously: each is prefixed by its length.
func appendKey(b []byte, values []string) []byte {
	for _, s := range values {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

func (v *vec[T]) create(key string, values []string) *T {
	v.mu.Lock()
	defer v.mu.Unlock()
	old := *v.children.Load()
	if s := old[key]; s != nil {
		return &s.m
	}
	// Copy the strings so a label taken from, say, a request line does not
	// pin the whole request in memory.
	s := &series[T]{values: make([]string, len(values))}
	for i, val := range values {
		s.values[i] = strings.Clone(val)
	}
	if v.init != nil {
		v.init(&s.m)
	}
	next := make(map[string]*series[T], len(old)+1)
	maps.Copy(next, old)
	next[key] = s
	v.children.Store(&next)
	return &s.m
}

// sorted returns a snapshot of the children ordered by label values.
func (v *vec[T]) sorted() []*series[T] {
	m := *v.children.Load()
	out := make([]*series[T], 0, len(m))
	for _, s := range m {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *series[T]) int { return slices.Compare(a.values, b.values) })
	return out
}
