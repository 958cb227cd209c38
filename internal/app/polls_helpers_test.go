package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/polls"
	"github.com/linli-dev/linli/internal/service"
	"github.com/linli-dev/linli/internal/testenv"
)

// pollStart is when the polls of these tests open; the clock starts here.
var pollStart = time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// pollClock puts the poll engine on a test clock at pollStart.
func pollClock(e *testenv.Env) *testenv.Clock {
	c := testenv.NewClock(pollStart)
	e.Svc.PollStore.Now = c.Now
	return c
}

// household is one flat of a test building with its verified residents.
type household struct {
	*org.Household
	Users []int64
}

// mustBuilding adds a building to A (see testenv.AddBuilding).
func mustBuilding(t testing.TB, e *testenv.Env, name string, owners bool, seq int, areas ...int64) []household {
	t.Helper()
	var out []household
	for _, h := range e.AddBuilding(t, name, owners, seq, areas...) {
		out = append(out, household{Household: h.Household, Users: []int64{h.UserID}})
	}
	return out
}

// person loads a principal by account id.
func person(t testing.TB, e *testenv.Env, id int64) *service.Principal { return e.Person(t, id) }

// mustOpenPoll creates and opens a poll in A as A's cadre, open for an hour
// from the clock's now.
func mustOpenPoll(t testing.TB, e *testenv.Env, c *testenv.Clock, d polls.NewPoll) *polls.Poll {
	t.Helper()
	ctx := context.Background()
	cadre := principal(t, e, testenv.CadreA)
	d.OpensAt, d.ClosesAt = c.Now(), c.Now().Add(time.Hour)
	p, err := e.Svc.CreatePoll(ctx, cadre, e.A.ID, d)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = e.Svc.OpenPoll(ctx, cadre, p.ID); err != nil {
		t.Fatal(err)
	}
	return p
}

// mustClose advances the clock past the poll's end and closes it as A's cadre.
func mustClose(t testing.TB, e *testenv.Env, c *testenv.Clock, p *polls.Poll) *polls.Result {
	t.Helper()
	if c.Now().Before(p.ClosesAt) {
		c.Set(p.ClosesAt)
	}
	r, err := e.Svc.ClosePoll(context.Background(), principal(t, e, testenv.CadreA), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// passedOwnersVote runs an owners' resolution on a project of A that passes
// (two owners of a new building, both agreeing) and returns its id; closing
// it approves the project's shares that need the owners.
func passedOwnersVote(t testing.TB, e *testenv.Env, projectID int64) int64 {
	t.Helper()
	ctx := context.Background()
	c := pollClock(e)
	homes := mustBuilding(t, e, fmt.Sprintf("表决%d号楼", projectID), true, 7000+int(projectID)*10, 9000, 9000)
	p := mustOpenPoll(t, e, c, polls.NewPoll{Kind: polls.Assembly, Title: "动用维修资金", Electorate: polls.Owners, Major: true,
		ProjectID: projectID, PlaceIDs: []int64{homes[0].BuildingID}})
	for _, h := range homes {
		if _, err := e.Svc.Vote(ctx, person(t, e, h.Users[0]), p.ID, []int{polls.Agree}); err != nil {
			t.Fatal(err)
		}
	}
	if r := mustClose(t, e, c, p); !r.Resolution.Passed() {
		t.Fatalf("the owners' vote failed: %+v", r.Resolution)
	}
	return p.ID
}

// projectIDFrom reads the project id at the end of a path like /projects/7.
func projectIDFrom(t testing.TB, path string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(path[strings.LastIndex(path, "/")+1:], "%d", &id); err != nil {
		t.Fatalf("no project id in %q", path)
	}
	return id
}

// pollDraftLive is a live single-choice question over A's households.
func pollDraftLive(now time.Time) polls.NewPoll {
	return polls.NewPoll{Kind: polls.Single, Title: "周末义诊放在哪里", Electorate: polls.Households, Live: true,
		Options: []polls.NewOption{{Label: "活动室"}, {Label: "小广场"}}, OpensAt: now, ClosesAt: now.Add(time.Hour)}
}
