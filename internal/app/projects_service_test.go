package app_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/projects"
	"github.com/linli-dev/linli/internal/service"
	"github.com/linli-dev/linli/internal/testenv"
)

// principal loads the fixture person with phone as the server would.
func principal(t testing.TB, e *testenv.Env, phone string) *service.Principal {
	t.Helper()
	ctx := context.Background()
	id, err := e.Svc.Accounts.UserIDByPhone(ctx, phone)
	if err != nil {
		t.Fatal(err)
	}
	u, err := e.Svc.Accounts.User(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.Svc.Load(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// residentTopic posts a topic on A's board as resident A.
func residentTopic(t *testing.T, e *testenv.Env, title string) *board.Topic {
	t.Helper()
	ctx := context.Background()
	res := principal(t, e, testenv.ResidentA)
	v, err := e.Svc.BoardPage(ctx, res, e.A.ID, 0, board.Latest, "")
	if err != nil {
		t.Fatal(err)
	}
	tp, err := e.Svc.PostTopic(ctx, res, v.Sections[0].ID, board.Draft{Title: title, Body: "楼道太陡，老人上下楼不方便。", Category: "facilities"})
	if err != nil {
		t.Fatal(err)
	}
	return tp
}

func wantCode(t *testing.T, what string, err error, code errs.Code) {
	t.Helper()
	if !errs.Is(err, code) {
		t.Fatalf("%s: %v, want %s", what, err, code)
	}
}

// TestProjectsStayInTheirNeighborhood runs a project of neighborhood A
// through the service as the fixture's people: only A's committee moves it,
// B's people cannot even find it, only A's verified residents rate it, and
// its proposer hears of every move.
func TestProjectsStayInTheirNeighborhood(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		svc := e.Svc
		cadreA, cadreB := principal(t, e, testenv.CadreA), principal(t, e, testenv.CadreB)
		resA, resB := principal(t, e, testenv.ResidentA), principal(t, e, testenv.ResidentB)
		street := principal(t, e, testenv.StreetAdmin)
		topic := residentTopic(t, e, "3号楼加装扶手")
		draft := projects.Draft{Title: "3号楼加装扶手", Description: "每层加装扶手。", BudgetFen: 1_200_000, Origin: projects.FromTopic,
			TopicID: topic.ID, Funding: []projects.Share{{Source: projects.Government, BP: 9000}, {Source: projects.MaintenanceFund, BP: 1000}}}

		_, err := svc.CreateProject(ctx, cadreB, e.A.ID, draft)
		wantCode(t, "cadre of B creating in A", err, errs.NotFound)
		_, err = svc.CreateProject(ctx, resA, e.A.ID, draft)
		wantCode(t, "resident of A creating a project", err, errs.Forbidden)
		bad := draft
		bad.TopicID = topic.ID
		_, err = svc.CreateProject(ctx, street, e.B.ID, bad)
		wantCode(t, "a project in B from A's topic", err, errs.Invalid)
		pr, err := svc.CreateProject(ctx, cadreA, e.A.ID, draft)
		if err != nil {
			t.Fatal(err)
		}
		if pr.ProposerNickname != "甲居民" || pr.FollowerCount != 1 {
			t.Fatalf("proposer %q, %d followers", pr.ProposerNickname, pr.FollowerCount)
		}

		_, err = svc.ProjectPage(ctx, resB, pr.ID, 0)
		wantCode(t, "resident of B opening A's project", err, errs.NotFound)
		_, err = svc.ProjectList(ctx, resB, e.A.ID, "", 0)
		wantCode(t, "resident of B listing A's projects", err, errs.NotFound)
		_, err = svc.MoveProject(ctx, cadreB, pr.ID, projects.List, "", 0)
		wantCode(t, "cadre of B moving A's project", err, errs.NotFound)
		_, err = svc.MoveProject(ctx, resA, pr.ID, projects.List, "", 0)
		wantCode(t, "resident of A moving a project", err, errs.Forbidden)
		if v, err := svc.ProjectPage(ctx, resA, pr.ID, 0); err != nil || v.CanManage || len(v.Moves) != 0 || !v.Viewer.Following {
			t.Fatalf("resident A's view: %+v %v", v, err)
		}

		for _, a := range []projects.Action{projects.List, projects.Select} {
			if _, err := svc.MoveProject(ctx, cadreA, pr.ID, a, "", 0); err != nil {
				t.Fatal(err)
			}
		}
		_, err = svc.MoveProject(ctx, cadreA, pr.ID, projects.Start, "", 0)
		wantCode(t, "starting before the owners approved", err, errs.Conflict)
		wantCode(t, "recording a poll that did not approve the project", svc.RecordApproval(ctx, cadreA, pr.ID, 1, 7), errs.Invalid)
		poll := passedOwnersVote(t, e, pr.ID) // its close approves the share
		wantCode(t, "cadre of B recording an approval", svc.RecordApproval(ctx, cadreB, pr.ID, 1, poll), errs.NotFound)
		wantCode(t, "recording the approval again", svc.RecordApproval(ctx, cadreA, pr.ID, 1, poll), errs.Conflict)
		for _, a := range []projects.Action{projects.Start, projects.Finish} {
			if _, err := svc.MoveProject(ctx, cadreA, pr.ID, a, "", 0); err != nil {
				t.Fatal(err)
			}
		}
		if err := svc.RateProject(ctx, resA, pr.ID, 5, "扶手很结实"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "resident A rating twice", svc.RateProject(ctx, resA, pr.ID, 1, ""), errs.Conflict)
		wantCode(t, "cadre of A rating", svc.RateProject(ctx, cadreA, pr.ID, 5, ""), errs.Forbidden)
		wantCode(t, "resident of B rating", svc.RateProject(ctx, resB, pr.ID, 5, ""), errs.NotFound)

		items, _, err := svc.InboxPage(ctx, resA, 0)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, n := range items {
			if n.ProjectID == pr.ID {
				kinds = append(kinds, n.Kind)
				if n.Detail != "3号楼加装扶手" || n.Href() != "/projects/"+itoa(pr.ID) {
					t.Fatalf("notification %+v", n)
				}
			}
		}
		if len(kinds) != 4 || kinds[0] != "project_moved.done" || kinds[3] != "project_moved.listed" {
			t.Fatalf("resident A's project notifications: %v", kinds)
		}
		if mine, _, _ := svc.InboxPage(ctx, cadreA, 0); len(mine) != 0 {
			t.Fatalf("the cadre was told of their own moves: %v", mine)
		}
		var audited, denied int
		_ = e.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'project' AND object_id = ?`, pr.ID).Scan(&audited)
		_ = e.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied' AND detail IN ('projects.manage', 'project.rate')`).Scan(&denied)
		if audited != 6 || denied != 7 {
			t.Fatalf("%d audit rows about the project (want created, approval and 4 moves), %d refusals (want 7)", audited, denied)
		}
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
