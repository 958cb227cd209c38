// Command open311seed fills a seeded district with cases spread over recent
// days, in a mix of states, for bench/open311.sh to measure the Open311
// lists against. It writes through internal/cases, like the server does.
//
//	go run ./bench/open311seed -db /tmp/linli-bench-open311/linli.db -n 50000 -days 100
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/org"
)

func main() {
	dbURL := flag.String("db", "", "the database: a SQLite file or a postgres:// URL, already holding a district (linli gen)")
	n := flag.Int("n", 50000, "cases to add")
	days := flag.Int("days", 100, "spread them over this many days up to now")
	flag.Parse()
	if err := run(context.Background(), *dbURL, *n, *days); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, url string, n, days int) error {
	d, err := db.Open(ctx, url)
	if err != nil {
		return err
	}
	defer d.Close()
	o := org.NewStore(d)
	roots, err := o.Children(ctx, 0)
	if err != nil || len(roots) == 0 {
		return fmt.Errorf("no district in %s (run linli gen first): %v", url, err)
	}
	hoods, err := o.OfKind(ctx, roots[0].ID, org.Neighborhood)
	if err != nil || len(hoods) == 0 {
		return fmt.Errorf("no neighborhoods: %v", err)
	}
	s := cases.NewStore(d)
	var at time.Time
	s.Now = func() time.Time { return at }
	end := time.Now().Add(-time.Hour)
	step := time.Duration(days) * 24 * time.Hour / time.Duration(n)
	start := end.Add(-time.Duration(n) * step)
	boss := cases.Actor{Roles: []cases.Role{cases.RoleSupervisor}}
	began := time.Now()
	for i := range n {
		at = start.Add(time.Duration(i) * step)
		lat, lng := 31.30+float64(i%100)/1000, 121.40+float64(i%97)/1000
		c, err := s.Open(ctx, cases.NewCase{NeighborhoodID: hoods[i%len(hoods)].ID, Category: board.Categories[i%len(board.Categories)],
			Description: fmt.Sprintf("第 %d 号问题：楼下路灯不亮，晚上回家看不清路，请尽快修理。", i+1), Lat: &lat, Lng: &lng,
			Channel: cases.Channels[i%len(cases.Channels)]})
		if err != nil {
			return err
		}
		// A quarter stay submitted, a quarter acknowledged, a quarter resolved, a quarter closed.
		moves := [][]cases.Action{nil, {cases.Acknowledge}, {cases.Acknowledge, cases.Assign, cases.Resolve},
			{cases.Acknowledge, cases.Assign, cases.Resolve, cases.AutoClose}}[i%4]
		for k, a := range moves {
			at = at.Add(time.Duration(k+1) * 10 * time.Minute)
			by := boss
			if a == cases.AutoClose {
				by = cases.System
			}
			if _, err := s.Move(ctx, c.ID, by, a, cases.MoveInput{Note: "已处理：" + string(a)}); err != nil {
				return fmt.Errorf("case %d %s: %w", c.ID, a, err)
			}
		}
		if (i+1)%10000 == 0 {
			fmt.Printf("%d cases (%s)\n", i+1, time.Since(began).Round(time.Second))
		}
	}
	fmt.Printf("added %d cases over %d days in %s\n", n, days, time.Since(began).Round(time.Second))
	return nil
}
