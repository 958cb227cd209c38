package councils_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/councils"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/pii"
)

// TestTheReportBackLoop: a council with a chair and representatives meets,
// signs in, decides with a vote count and assigns two action items; one is
// reported done, the other goes overdue, reminds its owner once, and heads
// the next meeting's agenda.
func TestTheReportBackLoop(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		o := org.NewStore(d)
		dist, _ := o.CreatePlace(ctx, d, 0, org.District, "区")
		street, _ := o.CreatePlace(ctx, d, dist.ID, org.Street, "街道")
		hood, _ := o.CreatePlace(ctx, d, street.ID, org.Neighborhood, "小区")
		keys, _ := pii.NewKeys(make([]byte, 32))
		accts := account.NewStore(d, keys)
		var people []int64
		for i := range 4 {
			u, err := accts.Insert(ctx, d, fmt.Sprintf("1370000%04d", i), "x", fmt.Sprintf("代表%d", i))
			if err != nil {
				t.Fatal(err)
			}
			people = append(people, u.ID)
		}
		now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
		s := councils.NewStore(d)
		s.Now = func() time.Time { return now }
		tx := func(fn func(tx *db.Tx) error) {
			t.Helper()
			if err := d.Tx(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		var c *councils.Council
		var m *councils.Meeting
		var items []*councils.ActionItem
		tx(func(tx *db.Tx) error {
			var err error
			if c, err = s.Ensure(ctx, tx, councils.Place{DistrictID: dist.ID, NeighborhoodID: hood.ID}, "阳光议事亭"); err != nil {
				return err
			}
			e, err := s.AddElection(ctx, tx, c, now.AddDate(0, -1, 0), "居民代表会议选举，到会42人")
			if err != nil {
				return err
			}
			for i, r := range []councils.Role{councils.Chair, councils.ResidentRep, councils.ResidentRep} {
				if _, err := s.AddMember(ctx, tx, c, councils.Member{UserID: people[i], Role: r, ElectionID: e.ID, TermStart: now.AddDate(0, -1, 0),
					TermEnd: now.AddDate(3, 0, 0)}); err != nil {
					return err
				}
			}
			m, err = s.CreateMeeting(ctx, tx, c, people[0], councils.MeetingInput{Title: "四月议事会", StartsAt: now, Mode: councils.Both,
				Location: "居委会二楼", OnlineLink: "https://meeting.example/1"}, []councils.AgendaInput{{Kind: councils.AboutProposal, RefID: 7, Title: "楼道感应灯"}})
			if err != nil {
				return err
			}
			for range 2 {
				if _, err := s.SignIn(ctx, tx, m, people[1], people[0]); err != nil {
					return err
				}
			}
			agenda, _ := s.Agenda(ctx, tx, m.ID)
			dec, item, err := s.AddDecision(ctx, tx, m, councils.Decision{AgendaID: agenda[0].ID, Body: "同意实施", For: 5, Against: 1})
			if err != nil || item.RefID != 7 || !dec.Passed() {
				t.Fatalf("decision %+v on %+v: %v", dec, item, err)
			}
			for i, due := range []time.Time{now.AddDate(0, 0, 7), now.AddDate(0, 0, 30)} {
				a, err := s.AddAction(ctx, tx, m, fmt.Sprintf("事项%d", i), people[i+1], due, false)
				if err != nil {
					return err
				}
				items = append(items, a)
			}
			return s.SetMinutes(ctx, tx, m, "到会代表一致同意。")
		})
		m, _ = s.Meeting(ctx, m.ID)
		if m.AttendanceCount != 1 || m.DecisionCount != 1 || m.ActionCount != 2 || m.Minutes == "" {
			t.Fatalf("meeting counters: %+v", m)
		}
		members, _ := s.Members(ctx, c.ID, now)
		if len(members) != 3 || members[0].Role != councils.Chair {
			t.Fatalf("members: %+v", members)
		}
		tx(func(tx *db.Tx) error {
			return s.Report(ctx, tx, items[1], people[2], "已联系施工队，完工", true)
		})
		err := d.Tx(ctx, func(tx *db.Tx) error { return s.Report(ctx, tx, items[1], people[2], "再报一次", false) })
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("reporting on a done item: %v", err)
		}
		now = now.AddDate(0, 0, 10)
		var rem []councils.Reminder
		for range 2 {
			tx(func(tx *db.Tx) error {
				r, err := s.MarkOverdue(ctx, tx, now)
				rem = append(rem, r...)
				return err
			})
		}
		if len(rem) != 1 || rem[0].ActionID != items[0].ID {
			t.Fatalf("reminders: %+v", rem)
		}
		c, _ = s.ByNeighborhood(ctx, hood.ID)
		if n, _ := s.CountOverdue(ctx, c.ID, now); n != 1 || c.OpenActions != 1 {
			t.Fatalf("overdue %d, open %d", n, c.OpenActions)
		}
		var next *councils.Meeting
		tx(func(tx *db.Tx) error {
			var err error
			next, err = s.CreateMeeting(ctx, tx, c, people[0], councils.MeetingInput{Title: "五月议事会", StartsAt: now, Mode: councils.Online,
				OnlineLink: "https://meeting.example/2"}, []councils.AgendaInput{{Kind: councils.AboutOther, Title: "其他"}})
			return err
		})
		agenda, _ := s.Agenda(ctx, d, next.ID)
		if len(agenda) != 2 || agenda[0].Kind != councils.AboutAction || agenda[0].RefID != items[0].ID || agenda[1].Kind != councils.AboutOther {
			t.Fatalf("next agenda: %+v", agenda)
		}
	})
}
