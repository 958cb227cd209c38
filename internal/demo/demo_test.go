package demo_test

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/demo"
	"github.com/linli-dev/linli/internal/idcard"
	"github.com/linli-dev/linli/internal/pii"
	"github.com/linli-dev/linli/internal/service"
)

func TestSampleDistrict(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		keys, _ := pii.NewKeys(bytes.Repeat([]byte{1}, 32))
		svc := service.New(d, keys)
		if seeded, _ := demo.Seeded(ctx, d); seeded {
			t.Fatal("an empty database reports a district")
		}
		logins, err := demo.Seed(ctx, svc)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(logins, demo.Logins) {
			t.Fatalf("Seed returned logins that demo.Logins does not list:\n%v\nwant\n%v", logins, demo.Logins)
		}
		if seeded, _ := demo.Seeded(ctx, d); !seeded {
			t.Fatal("a seeded database reports no district")
		}
		count := func(q string, args ...any) int {
			var n int
			if err := d.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		checks := []struct {
			what string
			got  int
			want int
		}{
			{"streets", count(`SELECT COUNT(*) FROM places WHERE kind = 'street'`), 2},
			{"neighborhoods", count(`SELECT COUNT(*) FROM places WHERE kind = 'neighborhood'`), 6},
			{"households", count(`SELECT COUNT(*) FROM households`), 432},
			{"verified residents", count(`SELECT COUNT(*) FROM users WHERE status = 'verified'`), 270},
			{"waiting for review", count(`SELECT COUNT(*) FROM verifications WHERE status = 'pending'`), 18},
			{"partner units", count(`SELECT COUNT(*) FROM units`), 30},
			{"secretaries", count(`SELECT COUNT(*) FROM grants WHERE role = 'secretary'`), 6},
			{"building leaders", count(`SELECT COUNT(*) FROM grants WHERE role = 'building_leader'`), 36},
			{"cases", count(`SELECT COUNT(*) FROM cases`), 54},
			{"closed and rated cases", count(`SELECT COUNT(*) FROM cases WHERE state = 'closed' AND rating = 5`), 6},
			{"cases escalated to the street", count(`SELECT COUNT(*) FROM cases WHERE level = 'street'`), 6},
			{"parking routes", count(`SELECT COUNT(*) FROM case_routes WHERE category = 'parking'`), 6},
			// Seven sample projects and the one an adopted proposal became.
			{"sample projects", count(`SELECT COUNT(*) FROM projects`), 8},
			{"proposals", count(`SELECT COUNT(*) FROM proposals`), 7},
			{"proposal states shown", count(`SELECT COUNT(DISTINCT state) FROM proposals`), 6},
			{"co-signatures", count(`SELECT COUNT(*) FROM proposal_cosigners WHERE state = 'accepted'`), 3},
			{"supports counted on their proposals", count(`SELECT COALESCE(SUM(support_count), 0) FROM proposals`), count(`SELECT COUNT(*) FROM proposal_supports`)},
			{"council members", count(`SELECT COUNT(*) FROM council_members`), 5},
			{"meetings", count(`SELECT COUNT(*) FROM meetings`), 2},
			{"action items", count(`SELECT COUNT(*) FROM action_items`), 3},
			{"overdue action items reminded", count(`SELECT COUNT(*) FROM action_items WHERE reminded_at IS NOT NULL`), 1},
			{"project states shown", count(`SELECT COUNT(DISTINCT state) FROM projects`), 7},
			{"residents' ratings", count(`SELECT COUNT(*) FROM project_ratings`), 7},
			{"an open tick list and a closed owners' vote", count(`SELECT COUNT(*) FROM polls WHERE (kind = 'tick' AND state = 'open') OR (kind = 'assembly' AND state = 'closed')`), 2},
			{"the owners' vote published on the board", count(`SELECT COUNT(*) FROM polls p JOIN topics t ON t.id = p.notice_topic_id`), 1},
			{"ballots counted on their polls", count(`SELECT COUNT(*) FROM polls p WHERE ballot_count = (SELECT COUNT(*) FROM poll_ballots b WHERE b.poll_id = p.id) AND ballot_count > 0`), 2},
			{"ratings counted on their projects", count(`SELECT COALESCE(SUM(rating_count), 0) FROM projects`), 7},
		}
		if owners := count(`SELECT COUNT(*) FROM residences WHERE is_owner`); owners == 0 || owners == 270 {
			t.Errorf("%d of 270 residents are owners; want some, not all", owners)
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%s: %d, want %d", c.what, c.got, c.want)
			}
		}
		if n := count(`SELECT resident_count FROM places WHERE kind = 'neighborhood' ORDER BY id LIMIT 1`); n != 45 {
			t.Errorf("first neighborhood counts %d residents, want 45", n)
		}
		// Roster ID numbers are valid and marked synthetic.
		rows, err := d.QueryContext(ctx, `SELECT id_number_enc FROM roster_people LIMIT 50`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var sealed []byte
			_ = rows.Scan(&sealed)
			id, err := keys.Open(sealed, "roster_people.id_number")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := idcard.Parse(id); err != nil || !strings.HasPrefix(id, idcard.SyntheticRegion) {
				t.Errorf("roster ID %s: %v", id, err)
			}
		}
	})
}

func TestGenerateFillsTheBoardsWithConsistentCounters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		keys, _ := pii.NewKeys(bytes.Repeat([]byte{1}, 32))
		svc := service.New(d, keys)
		if _, err := demo.Seed(ctx, svc); err != nil {
			t.Fatal(err)
		}
		var seeded int // the demo's own topics (those its projects and cases came from)
		_ = d.QueryRowContext(ctx, `SELECT COUNT(*) FROM topics`).Scan(&seeded)
		var progress bytes.Buffer
		if err := demo.Generate(ctx, svc, demo.Volume{Topics: 100, Comments: 1000, Likes: 4000}, &progress); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(progress.String(), "100/100 (100%)") {
			t.Fatalf("progress: %q", progress.String())
		}
		var topics, mismatched int
		_ = d.QueryRowContext(ctx, `SELECT COUNT(*) FROM topics`).Scan(&topics)
		_ = d.QueryRowContext(ctx, `SELECT COUNT(*) FROM topics t WHERE t.comment_count != (SELECT COUNT(*) FROM comments c WHERE c.topic_id = t.id)
			OR t.like_count != (SELECT COUNT(*) FROM likes l WHERE l.target_type = 'topic' AND l.target_id = t.id)
			OR t.read_count != (SELECT COUNT(*) FROM topic_reads r WHERE r.topic_id = t.id)`).Scan(&mismatched)
		if topics-seeded != 100 || mismatched != 0 {
			t.Fatalf("%d topics beside the demo's %d, %d with counters that disagree with their rows", topics-seeded, seeded, mismatched)
		}
		if err := demo.GenerateCases(ctx, svc, 500, &progress); err != nil {
			t.Fatal(err)
		}
		var generated, undue, unhandled int
		_ = d.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases`).Scan(&generated)
		// The due time follows the state, as the store keeps it; assigned cases have their lead handler.
		_ = d.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE respond_by IS NOT NULL AND (due_at IS NULL) = (state IN ('submitted','acknowledged','assigned','in_progress','reopened'))`).Scan(&undue)
		_ = d.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases c WHERE c.lead_unit_id IS NOT NULL AND c.state IN ('assigned','in_progress')
			AND NOT EXISTS (SELECT 1 FROM case_handlers h WHERE h.case_id = c.id AND h.role = 'lead')`).Scan(&unhandled)
		if generated != 54+500 || undue != 0 || unhandled != 0 {
			t.Fatalf("%d cases (want 554), %d with a due time at odds with their state, %d assigned without a handler", generated, undue, unhandled)
		}
	})
}
