// Package load drives HTTP load at a linli server on this machine and reports
// throughput and latency percentiles, the terms linli's performance targets
// are written in. It only ever sends traffic to loopback addresses.
package load

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// runner is the state of one Run.
type runner struct {
	cfg          Config
	targets      []*target
	picker       picker
	client       *http.Client
	measureStart time.Time // requests due before this are warmup

	seq         atomic.Uint64 // every request, warmup included
	started     atomic.Int64  // measured requests begun, against the cap
	stopIssuing context.CancelFunc
}

// Run sends the configured load and reports on it. It checks every target is
// on loopback before opening any connection. When ctx is cancelled it stops
// early and still returns the report, marked Interrupted. Requests still in
// flight when the run ends are abandoned and not counted. progress, if not
// nil, gets a line every second.
func Run(ctx context.Context, cfg Config, progress io.Writer) (*Report, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	r := &runner{cfg: cfg}
	allowed := map[string][]net.IP{}
	hostPorts := map[string]bool{}
	var weights []int
	for _, t := range cfg.Targets {
		t, u, err := parseTarget(t)
		if err != nil {
			return nil, err
		}
		host := strings.ToLower(u.Hostname())
		if allowed[host] == nil {
			ips, err := resolveLoopback(ctx, host)
			if err != nil {
				return nil, fmt.Errorf("%w (target %s)", err, t.URL)
			}
			allowed[host] = ips
		}
		hostPorts[u.Host] = true
		tt, err := newTarget(t, u)
		if err != nil {
			return nil, fmt.Errorf("load: target %s: %w", t.URL, err)
		}
		r.targets = append(r.targets, tt)
		weights = append(weights, t.Weight)
	}
	r.picker = newPicker(weights)
	client, tr := newClient(cfg.Concurrency, allowed, len(hostPorts))
	r.client = client
	defer tr.CloseIdleConnections()
	return r.run(ctx, progress), nil
}

func (r *runner) run(parent context.Context, progress io.Writer) *Report {
	start := time.Now()
	r.measureStart = start.Add(r.cfg.Warmup)
	var (
		ctx      context.Context
		cancel   context.CancelFunc
		deadline time.Time
	)
	if r.cfg.Duration > 0 {
		deadline = r.measureStart.Add(r.cfg.Duration)
		ctx, cancel = context.WithDeadline(parent, deadline)
	} else {
		ctx, cancel = context.WithCancel(parent)
	}
	defer cancel()
	// issue stops new requests; ctx also abandons those in flight. Reaching
	// the request cap cancels only issue, so the last requests complete.
	issue, stopIssuing := context.WithCancel(ctx)
	defer stopIssuing()
	r.stopIssuing = stopIssuing

	var tokens chan token
	if r.cfg.Rate > 0 {
		tokens = make(chan token, r.cfg.Concurrency)
		go schedule(issue, start, r.cfg.Rate, tokens)
	}
	var wg sync.WaitGroup
	for range r.cfg.Concurrency {
		wg.Go(func() { r.worker(ctx, issue, tokens) })
	}
	done := make(chan struct{})
	var printed sync.WaitGroup
	if progress != nil {
		printed.Go(func() { r.progress(progress, done) })
	}
	wg.Wait()
	close(done)
	printed.Wait()

	end := time.Now()
	if !deadline.IsZero() && end.After(deadline) {
		end = deadline
	}
	return r.report(max(end.Sub(r.measureStart), 0), parent.Err() != nil)
}

// worker sends requests one after another until told to stop: in closed loop
// as soon as the last one finishes, in open loop when a token falls due.
func (r *runner) worker(ctx, issue context.Context, tokens <-chan token) {
	for {
		var tok token
		if tokens != nil {
			select {
			case tok = <-tokens:
			case <-issue.Done():
				return
			}
		} else {
			if issue.Err() != nil {
				return
			}
			tok.due = time.Now()
			tok.from = tok.due
		}
		measured := !tok.due.Before(r.measureStart)
		if measured && r.cfg.Requests > 0 && r.started.Add(1) > int64(r.cfg.Requests) {
			r.stopIssuing()
			return
		}
		r.send(ctx, tok.from, measured)
	}
}

// token is one open-loop request: when it was due, which decides whether it
// is warmup, and when its latency starts.
type token struct {
	due, from time.Time
}

// schedule hands out start times at a fixed rate. They are computed from
// start, not from the previous send, so falling behind does not shift the
// schedule: late requests go out at once and are measured from when they were
// due, so queueing behind a slow server counts (no coordinated omission). The
// one exception is the driver's own timer firing late: requests that were
// only waiting for that timer are measured from when it fired, until the
// channel is found full, which means the server is the one behind.
func schedule(issue context.Context, start time.Time, rate float64, tokens chan<- token) {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	var woke time.Time // due times before this waited only on our timer
	for k := 0; ; k++ {
		due := start.Add(time.Duration(float64(k) * float64(time.Second) / rate))
		if wait := time.Until(due); wait > 0 {
			timer.Reset(wait)
			select {
			case <-timer.C:
				woke = time.Now()
			case <-issue.Done():
				return
			}
		}
		tok := token{due: due, from: due}
		if due.Before(woke) {
			tok.from = woke
		}
		select {
		case tokens <- tok:
			continue
		default:
			woke = time.Time{} // workers are all busy: the server is behind
		}
		select {
		case tokens <- tok:
		case <-issue.Done():
			return
		}
	}
}

// send makes one request and, if measured, records it. Failures caused by
// the run ending are not the server's and are not recorded.
func (r *runner) send(ctx context.Context, from time.Time, measured bool) {
	i := r.seq.Add(1) - 1
	t := r.targets[r.picker.pick(i)]
	body := t.Body
	if t.BodyFunc != nil {
		body = t.BodyFunc(int(i))
	}
	req := t.tmpl.WithContext(ctx)
	if len(body) > 0 {
		req.ContentLength = int64(len(body))
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}

	resp, err := r.client.Do(req)
	if err != nil {
		if measured && ctx.Err() == nil {
			t.result(0, 0, 0, true)
			t.sample(err.Error())
		}
		return
	}
	failed := resp.StatusCode < 200 || resp.StatusCode > 399
	var head []byte
	if failed && measured && t.wantSample() {
		head, _ = io.ReadAll(io.LimitReader(resp.Body, 200))
	}
	n, err := io.Copy(io.Discard, resp.Body) // to the end, so the connection is reused
	resp.Body.Close()
	n += int64(len(head))
	if !measured || ctx.Err() != nil {
		return
	}
	if err != nil {
		t.result(0, 0, n, true)
		t.sample("reading body: " + err.Error())
		return
	}
	t.result(resp.StatusCode, time.Since(from), n, failed)
	if failed && head != nil {
		t.sample(strings.TrimSpace(resp.Status + ": " + strings.Join(strings.Fields(string(head)), " ")))
	}
}
