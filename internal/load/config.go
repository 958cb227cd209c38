package load

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"time"
)

// Config describes one load run.
type Config struct {
	// Targets are the requests to send, mixed by Weight.
	Targets []Target
	// Concurrency is how many requests may be in flight at once.
	Concurrency int
	// Duration is how long to measure, after Warmup; 0 means until Requests
	// have been sent.
	Duration time.Duration
	// Requests caps the measured requests; 0 means no cap.
	Requests int
	// Warmup sends unrecorded requests first, to open connections and warm
	// caches, so the numbers describe the steady state.
	Warmup time.Duration
	// Rate, when positive, sends requests at this fixed rate per second (open
	// loop) and measures each latency from when it was due, so a stalled
	// server cannot hide the queue behind it (coordinated omission). Zero
	// sends the next request as soon as a response arrives (closed loop).
	Rate float64
}

// Target is one kind of request in the mix.
type Target struct {
	// Name labels the target in the report; it defaults to "METHOD /path".
	Name string
	// Method defaults to GET.
	Method string
	// URL must be http or https on a host that resolves only to loopback.
	URL string
	// Header is sent with every request; a "Host" entry sets the Host.
	Header http.Header
	// Body is sent with every request unless BodyFunc is set.
	Body []byte
	// BodyFunc, if set, makes the body of each request. i counts requests
	// across the whole run, warmup included, so it is unique, e.g. for
	// sign-ups that need distinct phone numbers. It must be safe for
	// concurrent use.
	BodyFunc func(i int) []byte
	// Weight is the target's relative share of requests; 0 means 1.
	Weight int
}

// maxWeight keeps weight arithmetic far from overflow.
const maxWeight = 1_000_000

// check rejects configurations that are wrong or would never end.
func (c *Config) check() error {
	switch {
	case len(c.Targets) == 0:
		return errors.New("load: no targets")
	case c.Concurrency < 1:
		return fmt.Errorf("load: concurrency must be at least 1, got %d", c.Concurrency)
	case c.Duration < 0 || c.Requests < 0 || c.Warmup < 0:
		return errors.New("load: duration, requests and warmup must not be negative")
	case c.Duration == 0 && c.Requests == 0:
		return errors.New("load: set a duration or a number of requests, or the run never ends")
	case c.Rate < 0 || math.IsNaN(c.Rate) || math.IsInf(c.Rate, 0) || c.Rate > 1e7:
		return fmt.Errorf("load: rate must be between 0 and 1e7 per second, got %v", c.Rate)
	}
	return nil
}

// parseTarget checks t's method, URL scheme and weight (not yet its host)
// and fills in the defaults.
func parseTarget(t Target) (Target, *url.URL, error) {
	if t.Method == "" {
		t.Method = http.MethodGet
	}
	u, err := url.Parse(t.URL)
	if err != nil {
		return t, nil, fmt.Errorf("load: target %q: %w", t.URL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return t, nil, fmt.Errorf("load: target %q: scheme must be http or https", t.URL)
	}
	if u.Hostname() == "" {
		return t, nil, fmt.Errorf("load: target %q: no host", t.URL)
	}
	if t.Weight < 0 || t.Weight > maxWeight {
		return t, nil, fmt.Errorf("load: target %q: weight must be between 0 and %d", t.URL, maxWeight)
	}
	if t.Weight == 0 {
		t.Weight = 1
	}
	if t.Name == "" {
		t.Name = t.Method + " " + u.RequestURI()
	}
	return t, u, nil
}
