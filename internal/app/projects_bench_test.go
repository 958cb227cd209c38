package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/projects"
	"github.com/linli-dev/linli/internal/testenv"
)

// benchProject makes a project in progress in A with 200 updates, each with
// a photo, and returns its id.
func benchProject(b *testing.B, e *testenv.Env) int64 {
	b.Helper()
	ctx := context.Background()
	cadre := principal(b, e, testenv.CadreA)
	pr, err := e.Svc.CreateProject(ctx, cadre, e.A.ID, projects.Draft{Title: "小花园路灯更换", Description: "更换六盏路灯。", BudgetFen: 1_800_000,
		Funding: []projects.Share{{Source: projects.StreetFund, BP: 10000}}})
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range []projects.Action{projects.Select, projects.Start} {
		if _, err := e.Svc.MoveProject(ctx, cadre, pr.ID, a, "", 0); err != nil {
			b.Fatal(err)
		}
	}
	photo := []board.Photo{{Key: "ab/cd.jpg", ThumbKey: "ab/cd-t.jpg", ContentType: "image/jpeg", Width: 800, Height: 600}}
	for i := range 200 {
		if _, err := e.Svc.PostProjectUpdate(ctx, cadre, pr.ID, fmt.Sprintf("第%d次进展：今日施工完成，现场已清理。", i), photo); err != nil {
			b.Fatal(err)
		}
	}
	return pr.ID
}

// BenchmarkProjectPage is the project page with 200 updates (its first 50
// timeline events) as a resident sees it, through the real server.
func BenchmarkProjectPage(b *testing.B) {
	e := testenv.SQLite(b)
	id := benchProject(b, e)
	c := e.Client(b)
	c.Login(testenv.ResidentA)
	for _, path := range []string{"/projects/%d", "/api/v1/projects/%d"} {
		url := e.URL + fmt.Sprintf(path, id)
		b.Run(path[1:4], func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				resp, err := c.HTTP.Get(url)
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Fatal(resp.StatusCode, err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
	b.Run("service", func(b *testing.B) {
		res := principal(b, e, testenv.ResidentA)
		defer reportCPU(b)()
		for b.Loop() {
			if _, err := e.Svc.ProjectPage(context.Background(), res, id, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// reportCPU adds the process's CPU time per operation (server, client and
// SQLite together) to a benchmark's report. On a machine shared with other
// builds, wall time per operation swings threefold from run to run; CPU time
// barely moves.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op") }
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
