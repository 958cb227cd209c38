// Command pollseed gives the first neighborhood of a seeded district (linli
// demo) a building of N households, each with a verified resident, and opens
// a tick-list poll over them, for bench/polls.sh to cast ballots against. It
// prints the poll id and the first voter key; the keys run consecutively.
// The residents are written with plain SQL (no personal data: the bench
// needs voters, not people); the poll is made and opened by internal/polls.
//
//	go run ./bench/pollseed -db /tmp/linli-bench-polls/linli.db -n 50000
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/polls"
)

func main() {
	dbURL := flag.String("db", "", "the database: a SQLite file or a postgres:// URL holding the demo district")
	n := flag.Int("n", 50000, "households (voters) to add")
	flag.Parse()
	if err := run(context.Background(), *dbURL, *n); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, url string, n int) error {
	d, err := db.Open(ctx, url)
	if err != nil {
		return err
	}
	defer d.Close()
	o := org.NewStore(d)
	roots, err := o.Children(ctx, 0)
	if err != nil || len(roots) == 0 {
		return fmt.Errorf("no district in %s (run linli demo first): %v", url, err)
	}
	hoods, err := o.OfKind(ctx, roots[0].ID, org.Neighborhood)
	if err != nil || len(hoods) == 0 {
		return fmt.Errorf("no neighborhoods: %v", err)
	}
	// The demo's first neighborhood, where its cadre works and its polls are.
	hood := hoods[0]
	var demoHood int64
	if d.QueryRowContext(ctx, `SELECT neighborhood_id FROM polls ORDER BY id LIMIT 1`).Scan(&demoHood) == nil {
		for _, h := range hoods {
			if h.ID == demoHood {
				hood = h
			}
		}
	}
	grids, err := o.Children(ctx, hood.ID)
	if err != nil || len(grids) == 0 {
		return fmt.Errorf("no grid in %s: %v", hood.Name, err)
	}
	now := time.Now()
	s := polls.NewStore(d)
	var first, last, cadre int64
	var p *polls.Poll
	began := time.Now()
	err = d.Tx(ctx, func(tx *db.Tx) error {
		b, err := o.CreatePlace(ctx, tx, grids[0].ID, org.Building, fmt.Sprintf("投票基准楼%d", now.Unix()%100000))
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT user_id FROM grants WHERE role = 'cadre' ORDER BY user_id LIMIT 1`).Scan(&cadre); err != nil {
			return fmt.Errorf("no cadre: %w", err)
		}
		for i := range n {
			var h, u int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO households (district_id, neighborhood_id, building_id, room, area_centi, created_at)
				VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, hood.DistrictID, hood.ID, b.ID, fmt.Sprint(10001+i), 6000+i%9000, now.UnixMilli()).Scan(&h); err != nil {
				return err
			}
			if first == 0 {
				first = h
			}
			if h != first+int64(i) {
				return fmt.Errorf("household ids are not consecutive (%d after %d)", h, last)
			}
			last = h
			if err := tx.QueryRowContext(ctx, `INSERT INTO users (phone_index, phone_enc, password_hash, nickname, status, district_id, neighborhood_id, created_at)
				VALUES (?, ?, '', ?, 'verified', ?, ?, ?) RETURNING id`, []byte(fmt.Sprintf("pollbench-%d-%d", b.ID, i)), []byte("-"), fmt.Sprintf("投票人%d", i),
				hood.DistrictID, hood.ID, now.UnixMilli()).Scan(&u); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO residences (user_id, household_id, district_id, neighborhood_id, is_owner, created_at)
				VALUES (?, ?, ?, ?, ?, ?)`, u, h, hood.DistrictID, hood.ID, true, now.UnixMilli()); err != nil {
				return err
			}
		}
		p, err = s.Create(ctx, tx, hood.DistrictID, hood.ID, cadre, polls.NewPoll{Kind: polls.Tick, Title: "投票基准", Electorate: polls.Households,
			PlaceIDs: []int64{b.ID}, Options: []polls.NewOption{{Label: "甲"}, {Label: "乙"}, {Label: "丙"}, {Label: "丁"}}, MinChoices: 1, MaxChoices: 2,
			Winners: 1, PaperCheck: polls.DoubleEntry, OpensAt: now.Add(-time.Minute), ClosesAt: now.Add(24 * time.Hour)})
		if err != nil {
			return err
		}
		p, err = s.Open(ctx, tx, p.ID)
		return err
	})
	if err != nil {
		return err
	}
	log.Printf("added %d voters and opened poll %d in %s", p.ElectorCount, p.ID, time.Since(began).Round(time.Millisecond))
	fmt.Println(p.ID, first)
	return nil
}
