package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/linli-dev/linli/internal/metrics"
	"github.com/linli-dev/linli/internal/service"
)

// job is one idempotent piece of background work: safe to run on every node,
// at any time, twice.
type job struct {
	name string
	run  func(ctx context.Context, svc *service.Service) (int64, error)
}

var jobs = []job{
	{"purge_sessions", func(ctx context.Context, svc *service.Service) (int64, error) { return svc.Accounts.PurgeSessions(ctx) }},
	{"purge_login_throttle", func(ctx context.Context, svc *service.Service) (int64, error) {
		return svc.Accounts.PurgeThrottle(ctx, svc.Throttle)
	}},
	{"purge_photo_uploads", func(ctx context.Context, svc *service.Service) (int64, error) { return svc.Board.PurgeUploads(ctx) }},
	{"case_clocks", func(ctx context.Context, svc *service.Service) (int64, error) { return svc.RunClocks(ctx) }},
	{"council_overdue_actions", func(ctx context.Context, svc *service.Service) (int64, error) { return svc.RemindOverdueActions(ctx) }},
}

// jobMetrics counts job runs for /metrics.
type jobMetrics struct {
	runs *metrics.CounterVec
	last *metrics.GaugeVec
}

func newJobMetrics(reg *metrics.Registry) *jobMetrics {
	return &jobMetrics{
		runs: reg.Counter("linli_jobs_runs_total", "Background job runs by job and result.", "job", "result"),
		last: reg.Gauge("linli_jobs_last_success_timestamp_seconds", "When each background job last succeeded.", "job"),
	}
}

// runJobs runs every job once and reports each result.
func runJobs(ctx context.Context, svc *service.Service, m *jobMetrics, out io.Writer) error {
	var firstErr error
	for _, j := range jobs {
		n, err := j.run(ctx, svc)
		result := "ok"
		if err != nil {
			result = "error"
			slog.Error("job failed", "job", j.name, "err", err)
			if firstErr == nil {
				firstErr = err
			}
		} else if m != nil {
			m.last.With(j.name).Set(float64(time.Now().Unix()))
		}
		if m != nil {
			m.runs.With(j.name, result).Inc()
		}
		if out != nil {
			fmt.Fprintf(out, "%s: %s (%d rows)\n", j.name, result, n)
		}
	}
	return firstErr
}

// runJobsEvery runs the jobs on a ticker until ctx ends.
func runJobsEvery(ctx context.Context, every time.Duration, svc *service.Service, m *jobMetrics) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = runJobs(ctx, svc, m, nil)
		}
	}
}
