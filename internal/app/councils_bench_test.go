package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/councils"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/testenv"
)

// benchCouncil gives A's council 200 meetings over four years with ten action
// items each (2,000): all but the last 100 done, a third of those open ones
// overdue.
func benchCouncil(b *testing.B, e *testenv.Env) {
	b.Helper()
	ctx := context.Background()
	cadre := principal(b, e, testenv.CadreA)
	res := principal(b, e, testenv.ResidentA)
	if _, err := e.Svc.SetUpCouncil(ctx, cadre, e.A.ID, "阳光议事亭"); err != nil {
		b.Fatal(err)
	}
	s := e.Svc.Councils
	c, _ := s.ByNeighborhood(ctx, e.A.ID)
	start := time.Now().AddDate(-4, 0, 0)
	err := e.DB.Tx(ctx, func(tx *db.Tx) error {
		for i := range 200 {
			at := start.Add(time.Duration(i) * 7 * 24 * time.Hour)
			m, err := s.CreateMeeting(ctx, tx, c, cadre.User.ID, councils.MeetingInput{Title: fmt.Sprintf("第%d次议事会", i+1), StartsAt: at,
				Mode: councils.InPerson, Location: "居委会"}, []councils.AgendaInput{{Kind: councils.AboutOther, Title: "议题"}})
			if err != nil {
				return err
			}
			for j := range 10 {
				a, err := s.AddAction(ctx, tx, m, fmt.Sprintf("第%d次会议交办事项%d", i+1, j+1), res.User.ID, at.AddDate(0, 0, 90+j), j%4 == 0)
				if err != nil {
					return err
				}
				if i < 190 {
					if err := s.Report(ctx, tx, a, res.User.ID, "已完成", true); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkCouncilPage is the council page of a council with 200 meetings and
// 2,000 action items, as a resident sees it, through the real server; it
// reports the 50th and 99th percentile of the requests' times. The
// PostgreSQL run needs LINLI_TEST_POSTGRES.
func BenchmarkCouncilPage(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchCouncilPage(b, testenv.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { benchCouncilPage(b, testenv.Postgres(b)) })
}

func benchCouncilPage(b *testing.B, e *testenv.Env) {
	benchCouncil(b, e)
	c := e.Client(b)
	c.Login(testenv.ResidentA)
	for _, path := range []string{"/neighborhoods/%d/council", "/api/v1/neighborhoods/%d/council"} {
		url := e.URL + fmt.Sprintf(path, e.A.ID)
		b.Run(path[1:4], func(b *testing.B) {
			defer reportCPU(b)()
			var took []time.Duration
			for b.Loop() {
				t0 := time.Now()
				resp, err := c.HTTP.Get(url)
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Fatal(resp.StatusCode, err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				took = append(took, time.Since(t0))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}
