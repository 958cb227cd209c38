package demo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"time"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/cases"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/service"
	"github.com/linli-dev/linli/internal/workclock"
)

// GenerateCases writes n cases into the first neighborhood with residents and
// a partner unit (the demo logins'), spread over the past year: old ones mostly closed, the
// last two weeks' in every state, with deadlines (4 hours to respond, 5 days
// to resolve) so the workbench's due-soon and overdue queues fill. Each case
// gets its submission event and, once assigned, the property company as lead
// handler; the moves in between are not replayed, so this is for list and
// sweep figures, not for timelines.
func GenerateCases(ctx context.Context, svc *service.Service, n int, progress io.Writer) error {
	hoods, err := svc.Neighborhoods(ctx)
	if err != nil || len(hoods) == 0 {
		return fmt.Errorf("demo: generate needs the sample district (run linli demo first): %v", err)
	}
	// The first neighborhood with residents and a unit: the demo logins'.
	var h *org.Place
	var people []int64
	var units []*org.Unit
	for _, n := range hoods {
		if people, err = residentsOf(ctx, svc, n.ID, 1000); err != nil {
			return err
		}
		if units, err = svc.Org.UnitsServing(ctx, n.ID); err != nil {
			return err
		}
		if len(people) > 0 && len(units) > 0 {
			h = n
			break
		}
	}
	if h == nil {
		return fmt.Errorf("demo: no neighborhood has residents and a unit (run linli demo first)")
	}
	all, err := svc.Org.Subtree(ctx, h)
	if err != nil {
		return err
	}
	var places []int64
	for _, p := range all {
		if p.Kind == org.Building {
			places = append(places, p.ID)
		}
	}
	r := mrand.New(mrand.NewPCG(4, 4))
	now := time.Now()
	const batch = 2000
	for first := 0; first < n; first += batch {
		err := svc.DB.Tx(ctx, func(tx *db.Tx) error {
			for i := first; i < min(first+batch, n); i++ {
				age := time.Duration(n-i) * 365 * 24 * time.Hour / time.Duration(n)
				if err := genCase(ctx, tx, r, h, places, people, units[0].ID, now.Add(-age), age, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("demo: generate cases: %w", err)
		}
		if progress != nil {
			fmt.Fprintf(progress, "\rcases %d/%d (%d%%)", min(first+batch, n), n, min(first+batch, n)*100/max(n, 1))
		}
	}
	if progress != nil && n > 0 {
		fmt.Fprintln(progress)
	}
	return nil
}

// genState picks a state: cases older than two weeks are mostly done.
func genState(r *mrand.Rand, age time.Duration) (cases.State, string) {
	x := r.IntN(100)
	if age > 14*24*time.Hour {
		switch {
		case x < 92:
			return cases.Closed, cases.LevelNeighborhood
		case x < 97:
			return cases.Returned, cases.LevelNeighborhood
		case x < 98:
			return cases.InProgress, cases.LevelStreet
		default:
			return cases.Resolved, cases.LevelNeighborhood
		}
	}
	open := []cases.State{cases.Submitted, cases.Acknowledged, cases.Assigned, cases.InProgress, cases.Resolved, cases.Closed, cases.Closed, cases.Reopened}
	level := cases.LevelNeighborhood
	if x < 5 {
		level = cases.LevelStreet
	}
	return open[x%len(open)], level
}

// genCalendar counts the generated cases' working times, as the clocks'
// defaults would have.
var genCalendar = workclock.Default()

func genCase(ctx context.Context, tx *db.Tx, r *mrand.Rand, h *org.Place, places, people []int64, unit int64, created time.Time, age time.Duration, now time.Time) error {
	state, level := genState(r, age)
	respond, resolve := created.Add(4*time.Hour), created.Add(5*24*time.Hour)
	c := &cases.Case{State: state, RespondBy: respond, ResolveBy: resolve}
	var ack, resolved, closed, lead, due, respondWork, resolveWork any
	if state != cases.Submitted {
		at := created.Add(time.Duration(1+r.IntN(6)) * time.Hour)
		ack, respondWork = at.UnixMilli(), genCalendar.Between(created, at).Milliseconds()
	}
	if state == cases.Resolved || state == cases.Closed {
		at := created.Add(time.Duration(10+r.IntN(100)) * time.Hour)
		resolved, resolveWork = at.UnixMilli(), genCalendar.Between(created, at).Milliseconds()
	}
	rating := 0
	if state == cases.Closed {
		closed, rating = created.Add(time.Duration(120+r.IntN(100))*time.Hour).UnixMilli(), 3+r.IntN(3)
	}
	switch state {
	case cases.Assigned, cases.InProgress, cases.Resolved, cases.Closed:
		lead = unit
	}
	if d := genDue(c); !d.IsZero() {
		due = d.UnixMilli()
	}
	var tok [10]byte
	_, _ = rand.Read(tok[:])
	title := genTitles[r.IntN(len(genTitles))]
	body := genBodies[r.IntN(len(genBodies))]
	reporter := people[r.IntN(len(people))]
	updated := created.Add(time.Duration(r.IntN(200)) * time.Hour)
	if updated.After(now) {
		updated = now
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO cases (district_id, street_id, neighborhood_id, place_id, category, title, description,
		reporter_id, channel, state, level, lead_unit_id, respond_by, resolve_by, due_at, acknowledged_at, resolved_at, closed_at, rating,
		respond_work_ms, resolve_work_ms, token, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'app', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
		h.DistrictID, h.ParentID, h.ID, places[r.IntN(len(places))], board.Categories[r.IntN(len(board.Categories))], title, body,
		reporter, state, level, lead, respond.UnixMilli(), resolve.UnixMilli(), due, ack, resolved, closed, rating, respondWork, resolveWork,
		hex.EncodeToString(tok[:]), created.UnixMilli(), updated.UnixMilli()).Scan(&id)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_events (case_id, district_id, actor_id, kind, to_state, created_at) VALUES (?, ?, ?, 'submit', 'submitted', ?)`,
		id, h.DistrictID, reporter, created.UnixMilli()); err != nil {
		return err
	}
	if lead != nil {
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_handlers (case_id, unit_id, district_id, role, created_at) VALUES (?, ?, ?, 'lead', ?)`,
			id, unit, h.DistrictID, created.UnixMilli()); err != nil {
			return err
		}
	}
	return nil
}

// genDue is the deadline that applies in a generated case's state, as the
// store computes it.
func genDue(c *cases.Case) time.Time {
	switch c.State {
	case cases.Submitted, cases.Reopened:
		return c.RespondBy
	case cases.Acknowledged, cases.Assigned, cases.InProgress:
		return c.ResolveBy
	}
	return time.Time{}
}
