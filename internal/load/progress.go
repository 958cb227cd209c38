package load

import (
	"fmt"
	"io"
	"time"
)

// progressEvery is how often progress prints; a variable so tests need not
// wait seconds.
var progressEvery = time.Second

// progress prints a line a second until done is closed, so a long run shows
// it is alive and whether errors are piling up.
func (r *runner) progress(w io.Writer, done <-chan struct{}) {
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	var last uint64
	lastAt := r.measureStart
	for {
		select {
		case <-done:
			return
		case now := <-tick.C:
			if now.Before(r.measureStart) {
				fmt.Fprintf(w, "warming up, %s to go\n", r.measureStart.Sub(now).Round(progressEvery))
				continue
			}
			if now.Sub(r.measureStart) < progressEvery/2 {
				continue // measuring has only just begun: nothing to say yet
			}
			var reqs, errs uint64
			for _, t := range r.targets {
				reqs += t.requests.Load()
				errs += t.errors.Load()
			}
			fmt.Fprintln(w, progressLine(now.Sub(r.measureStart), reqs, float64(reqs-last)/now.Sub(lastAt).Seconds(), errs))
			last, lastAt = reqs, now
		}
	}
}

// progressLine formats one progress report.
func progressLine(elapsed time.Duration, requests uint64, rps float64, errors uint64) string {
	return fmt.Sprintf("%6.1fs %10d requests %9.0f req/s %8d errors", elapsed.Seconds(), requests, rps, errors)
}
