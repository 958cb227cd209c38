package metrics

import (
	"io"
	"math"
	"strconv"
	"sync"
	"testing"
)

// TestConcurrentUpdates hammers shared and new label sets from many
// goroutines while scraping; run it with -race. Every count must be exact.
func TestConcurrentUpdates(t *testing.T) {
	const goroutines, perG = 32, 2000
	r := NewRegistry()
	c := r.Counter("hits_total", "", "shard")
	g := r.Gauge("level", "")
	h := r.Histogram("rt", "", []float64{0.5, 1}, "shard")

	var wg sync.WaitGroup
	stop := make(chan struct{})
	scraped := make(chan struct{})
	go func() { // scrape throughout
		defer close(scraped)
		for {
			select {
			case <-stop:
				return
			default:
				if _, err := r.WriteTo(io.Discard); err != nil {
					t.Error(err)
				}
			}
		}
	}()
	for i := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := strconv.Itoa(i % 4) // label sets created concurrently
			for range perG {
				c.With("all").Inc()
				c.With(own).Add(2)
				g.With().Add(1)
				h.With(own).Observe(1)
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-scraped

	if got, want := c.With("all").Value(), uint64(goroutines*perG); got != want {
		t.Errorf("shared counter = %d, want %d", got, want)
	}
	var shards uint64
	for i := range 4 {
		shards += c.With(strconv.Itoa(i)).Value()
	}
	if want := uint64(2 * goroutines * perG); shards != want {
		t.Errorf("sharded counters sum to %d, want %d", shards, want)
	}
	if got, want := g.With().Value(), float64(goroutines*perG); got != want {
		t.Errorf("gauge = %v, want %v", got, want)
	}
	var count uint64
	var sum float64
	for i := range 4 {
		hh := h.With(strconv.Itoa(i))
		for j := range hh.counts {
			count += hh.counts[j].Load()
		}
		sum += math.Float64frombits(hh.sum.Load())
	}
	if want := uint64(goroutines * perG); count != want || sum != float64(want) {
		t.Errorf("histogram count %d sum %v, want %d", count, sum, want)
	}
}
