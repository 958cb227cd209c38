// Package metrics is a small Prometheus registry: counters, gauges and
// histograms written in text exposition format 0.0.4, so linli can be scraped
// without depending on client_golang.
//
// The hot path (With, Inc, Add, Set, Observe) is lock-free and does not
// allocate once a label set has been seen.
package metrics

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// ContentType is what Prometheus expects for text exposition format 0.0.4.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// Registry holds metric families by name and writes them for scraping. It is
// safe for concurrent use.
type Registry struct {
	mu       sync.Mutex
	families map[string]family
	samples  map[string]string // every sample name in use -> family owning it
}

// family is one named metric with its type and help, able to append its
// samples in exposition format.
type family interface {
	familyName() string
	// appendTo appends HELP, TYPE and samples; nothing if it has no samples.
	appendTo(b []byte) []byte
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{families: map[string]family{}, samples: map[string]string{}}
}

// register adds f under name, also reserving the extra sample names a
// histogram writes so two families can never emit the same series. Clashes are
// programming errors and panic.
func (r *Registry) register(name string, labelNames []string, f family, sampleSuffixes ...string) {
	mustValidName(name)
	mustValidLabelNames(name, labelNames)
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.families[name]; ok {
		panic(fmt.Sprintf("metrics: %s registered twice", name))
	}
	if len(sampleSuffixes) == 0 {
		sampleSuffixes = []string{""}
	}
	for _, s := range sampleSuffixes {
		if owner, ok := r.samples[name+s]; ok {
			panic(fmt.Sprintf("metrics: %s clashes with samples of %s", name+s, owner))
		}
	}
	for _, s := range sampleSuffixes {
		r.samples[name+s] = name
	}
	r.families[name] = f
}

// WriteTo writes every metric in text exposition format, sorted by name. It
// builds the whole page first so a failing writer never gets half a family.
func (r *Registry) WriteTo(w io.Writer) (int64, error) {
	r.mu.Lock()
	fs := make([]family, 0, len(r.families))
	for _, f := range r.families {
		fs = append(fs, f)
	}
	r.mu.Unlock()
	slices.SortFunc(fs, func(a, b family) int { return strings.Compare(a.familyName(), b.familyName()) })

	var b []byte
	for _, f := range fs {
		b = f.appendTo(b)
	}
	n, err := w.Write(b)
	return int64(n), err
}

// Handler serves the registry for a Prometheus scrape. It does no access
// control: mount it where only the scraper can reach it.
func (r *Registry) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", ContentType)
		w.Header().Set("Cache-Control", "no-store")
		_, _ = r.WriteTo(w) // a failed write means the scraper went away
	})
}
