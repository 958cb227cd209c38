package load

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Report is the outcome of a run: one Stats per target and their total.
type Report struct {
	Targets     []Stats `json:"targets"`
	Total       Stats   `json:"total"`
	Concurrency int     `json:"concurrency"`
	Rate        float64 `json:"rate,omitempty"` // 0: closed loop
	Interrupted bool    `json:"interrupted,omitempty"`
}

// Stats describes the measured requests of one target, or of all of them.
// Requests counts every measured request that finished, failed or not;
// Errors counts transport errors and statuses outside 2xx and 3xx.
type Stats struct {
	Name         string         `json:"name"`
	Method       string         `json:"method,omitempty"`
	URL          string         `json:"url,omitempty"`
	Requests     uint64         `json:"requests"`
	Errors       uint64         `json:"errors"`
	Duration     time.Duration  `json:"duration_ns"`
	RPS          float64        `json:"rps"`
	Bytes        uint64         `json:"bytes"` // response bodies
	Latency      Latency        `json:"latency_ns"`
	Status       map[int]uint64 `json:"status"`
	ErrorSamples []string       `json:"error_samples,omitempty"`
}

// Latency summarizes the latencies of answered requests, from when each was
// due to when its body was fully read. Percentiles are within 1%.
type Latency struct {
	Min  time.Duration `json:"min"`
	Mean time.Duration `json:"mean"`
	P50  time.Duration `json:"p50"`
	P90  time.Duration `json:"p90"`
	P95  time.Duration `json:"p95"`
	P99  time.Duration `json:"p99"`
	P999 time.Duration `json:"p999"`
	Max  time.Duration `json:"max"`
}

func (s *Stats) setDuration(d time.Duration) {
	s.Duration = d
	if d > 0 {
		s.RPS = float64(s.Requests) / d.Seconds()
	}
}

// report gathers the targets' counters once the workers have stopped.
func (r *runner) report(d time.Duration, interrupted bool) *Report {
	rep := &Report{Concurrency: r.cfg.Concurrency, Rate: r.cfg.Rate, Interrupted: interrupted}
	total := Stats{Name: "total", Status: map[int]uint64{}}
	all := newHistogram()
	for _, t := range r.targets {
		s := t.stats(d)
		rep.Targets = append(rep.Targets, s)
		total.Requests += s.Requests
		total.Errors += s.Errors
		total.Bytes += s.Bytes
		for code, n := range s.Status {
			total.Status[code] += n
		}
		for _, m := range s.ErrorSamples {
			if len(total.ErrorSamples) < maxSamples {
				total.ErrorSamples = append(total.ErrorSamples, s.Name+": "+m)
			}
		}
		all.merge(t.hist)
	}
	total.Latency = all.latency()
	total.setDuration(d)
	rep.Total = total
	return rep
}

// JSON returns the report indented, for scripts that compare runs.
func (r *Report) JSON() ([]byte, error) {
	return json.MarshalIndent(r, "", "  ")
}

// String formats the report as a table for people, latencies in adaptive
// units, then status counts and sample errors.
func (r *Report) String() string {
	rows := r.Targets
	if len(rows) != 1 {
		rows = append(slices.Clip(rows), r.Total)
	}
	width := len("target")
	for _, s := range rows {
		width = max(width, len(s.Name))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s %9s %7s %9s %8s %8s %8s %8s %8s %8s %8s %9s\n", width,
		"target", "requests", "errors", "req/s", "mean", "p50", "p90", "p95", "p99", "p99.9", "max", "bytes")
	for _, s := range rows {
		l := s.Latency
		fmt.Fprintf(&b, "%-*s %9d %7d %9.1f %8s %8s %8s %8s %8s %8s %8s %9s\n", width,
			s.Name, s.Requests, s.Errors, s.RPS, fmtDur(l.Mean), fmtDur(l.P50), fmtDur(l.P90),
			fmtDur(l.P95), fmtDur(l.P99), fmtDur(l.P999), fmtDur(l.Max), fmtBytes(s.Bytes))
	}
	mode := "closed loop"
	if r.Rate > 0 {
		mode = fmt.Sprintf("open loop at %g req/s", r.Rate)
	}
	fmt.Fprintf(&b, "\nmeasured %s, concurrency %d, %s", r.Total.Duration.Round(time.Millisecond), r.Concurrency, mode)
	if r.Interrupted {
		b.WriteString(", interrupted")
	}
	b.WriteString("\nstatus:")
	codes := make([]int, 0, len(r.Total.Status))
	for code := range r.Total.Status {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		fmt.Fprintf(&b, " %d×%d", code, r.Total.Status[code])
	}
	if transport := r.Total.Requests - sumStatus(r.Total.Status); transport > 0 {
		fmt.Fprintf(&b, " transport-error×%d", transport)
	}
	b.WriteString("\n")
	for _, m := range r.Total.ErrorSamples {
		fmt.Fprintf(&b, "error: %s\n", m)
	}
	return b.String()
}

func sumStatus(m map[int]uint64) uint64 {
	var n uint64
	for _, v := range m {
		n += v
	}
	return n
}

// fmtDur shows a latency with three significant figures or so.
func fmtDur(d time.Duration) string {
	switch {
	case d == 0:
		return "-"
	case d < time.Millisecond:
		return fmt.Sprintf("%.0fµs", float64(d)/float64(time.Microsecond))
	case d < time.Second:
		return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
}

// fmtBytes shows a byte count in binary units.
func fmtBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%dB", n)
	}
	v, suffix := float64(n), "KMGTPE"
	i := -1
	for v >= unit && i < len(suffix)-1 {
		v /= unit
		i++
	}
	return fmt.Sprintf("%.1f%ciB", v, suffix[i])
}
