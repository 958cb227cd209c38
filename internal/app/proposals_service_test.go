package app_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/councils"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/idcard"
	"github.com/linli-dev/linli/internal/proposals"
	"github.com/linli-dev/linli/internal/service"
	"github.com/linli-dev/linli/internal/testenv"
)

// neighborsOfA opens n more verified residents of neighborhood A and returns their phones.
func neighborsOfA(t *testing.T, e *testenv.Env, n int) []string {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	var phones []string
	for i := range n {
		phone := fmt.Sprintf("1360000%04d", i)
		e.AddResident(t, phone, fmt.Sprintf("甲邻%d", i), "邻居", string(idcard.Synthetic(rng, time.Date(1970+i, 3, 1, 0, 0, 0, 0, time.UTC), i+1)), e.HouseholdA)
		phones = append(phones, phone)
	}
	return phones
}

// seedLists gives the fixture's street default lists.
func seedLists(t *testing.T, e *testenv.Env) {
	t.Helper()
	street := principal(t, e, testenv.StreetAdmin)
	_, err := e.Svc.SetScreeningLists(context.Background(), street, e.Street.ID, proposals.ListEdit{MinCosigners: 2,
		Encouraged: []string{"楼道", "环境整治", "安全"},
		Negative:   []proposals.Item{{Name: "商业推广", Words: []string{"优惠券", "推销"}, Explanation: "提案不能用来推广商品或生意。"}}})
	if err != nil {
		t.Fatal(err)
	}
}

// TestJointProposalDeliberatedAndAdopted runs the seed's loop through the
// service: a joint proposal in A collects co-signers from A only, passes
// screening, is decided on in the council's meeting and becomes a project;
// B's people cannot find any of it.
func TestJointProposalDeliberatedAndAdopted(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		svc := e.Svc
		seedLists(t, e)
		phones := neighborsOfA(t, e, 2)
		resA, resB, cadreA, cadreB := principal(t, e, testenv.ResidentA), principal(t, e, testenv.ResidentB),
			principal(t, e, testenv.CadreA), principal(t, e, testenv.CadreB)

		_, err := svc.CreateProposal(ctx, resB, e.A.ID, proposals.Text{Kind: proposals.Individual, Title: "x", Body: "y"})
		wantCode(t, "a resident of B proposing in A", err, errs.NotFound)
		pr, err := svc.CreateProposal(ctx, resA, e.A.ID, proposals.Text{Kind: proposals.Joint, Title: "5号楼楼道加装感应灯",
			Body: "楼道晚上太黑，老人容易摔倒。", Category: "楼道"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.InviteCosigners(ctx, resA, pr.ID, []string{testenv.ResidentB})
		wantCode(t, "inviting a resident of B", err, errs.Invalid)
		if n, err := svc.InviteCosigners(ctx, resA, pr.ID, phones); err != nil || n != 2 {
			t.Fatalf("invited %d: %v", n, err)
		}
		_, err = svc.ProposalPage(ctx, resB, pr.ID)
		wantCode(t, "B opening A's draft", err, errs.NotFound)
		_, err = svc.ProposalPage(ctx, principal(t, e, testenv.SecretaryA), pr.ID)
		if err != nil {
			t.Fatalf("A's secretary opening a draft: %v", err)
		}
		for _, ph := range phones {
			co := principal(t, e, ph)
			if _, err := svc.ProposalPage(ctx, co, pr.ID); err != nil {
				t.Fatalf("an invited neighbor opening the draft: %v", err)
			}
			if err := svc.AnswerInvitation(ctx, co, pr.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		sub, err := svc.SubmitProposal(ctx, resA, pr.ID, 0)
		if err != nil || sub.Proposal.State != proposals.Accepted {
			t.Fatalf("submitted: %+v %v", sub, err)
		}
		if err := svc.SupportProposal(ctx, resB, pr.ID, true); !errs.Is(err, errs.NotFound) {
			t.Fatalf("B supporting A's proposal: %v", err)
		}
		if err := svc.SupportProposal(ctx, principal(t, e, phones[0]), pr.ID, true); err != nil {
			t.Fatal(err)
		}

		_, err = svc.SetUpCouncil(ctx, cadreB, e.A.ID, "阳光议事亭")
		wantCode(t, "B's cadre setting up A's council", err, errs.NotFound)
		if _, err := svc.SetUpCouncil(ctx, cadreA, e.A.ID, "阳光议事亭"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddCouncilMember(ctx, cadreA, e.A.ID, phones[0], councils.Member{Role: councils.Chair,
			TermStart: time.Now().AddDate(0, -1, 0), TermEnd: time.Now().AddDate(3, 0, 0)}); err != nil {
			t.Fatal(err)
		}
		_, err = svc.CallMeeting(ctx, cadreA, e.A.ID, councils.MeetingInput{Title: "议事会", StartsAt: time.Now(), Mode: councils.InPerson, Location: "居委会"},
			[]councils.AgendaInput{{Kind: councils.AboutProposal, RefID: pr.ID + 1000}})
		wantCode(t, "an agenda naming a proposal that is not A's", err, errs.Invalid)
		m, err := svc.CallMeeting(ctx, cadreA, e.A.ID, councils.MeetingInput{Title: "四月议事会", StartsAt: time.Now(), Mode: councils.InPerson,
			Location: "居委会二楼"}, []councils.AgendaInput{{Kind: councils.AboutProposal, RefID: pr.ID}})
		if err != nil {
			t.Fatal(err)
		}
		chair := principal(t, e, phones[0])
		if err := svc.SignInToMeeting(ctx, chair, m.ID, 0); err != nil {
			t.Fatalf("the chair signing in: %v", err)
		}
		if err := svc.SignInToMeeting(ctx, cadreA, m.ID, resB.User.ID); !errs.Is(err, errs.Invalid) {
			t.Fatalf("the committee signing in a resident of B: %v", err)
		}
		if err := svc.SignInToMeeting(ctx, resA, m.ID, 0); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an uninvited resident signing in: %v", err)
		}
		mv, _ := svc.MeetingPage(ctx, cadreA, m.ID)
		if _, err := svc.RecordDecision(ctx, cadreA, m.ID, councils.Decision{AgendaID: mv.Agenda[0].ID, Body: "同意列入实事项目", For: 7, Against: 1}); err != nil {
			t.Fatal(err)
		}
		if err := svc.WriteMinutes(ctx, cadreA, m.ID, "到会7人，讨论了楼道感应灯。"); err != nil {
			t.Fatal(err)
		}
		_, err = svc.MeetingPage(ctx, resB, m.ID)
		wantCode(t, "B opening A's meeting", err, errs.NotFound)
		after, _ := svc.ProposalPage(ctx, resA, pr.ID)
		if after.Proposal.State != proposals.Deliberated || after.Proposal.MeetingID != m.ID {
			t.Fatalf("after the decision: %+v", after.Proposal)
		}
		_, err = svc.MoveProposal(ctx, resA, pr.ID, proposals.Adopt, "", 0)
		wantCode(t, "the author adopting their own proposal", err, errs.Forbidden)
		adopted, err := svc.MoveProposal(ctx, cadreA, pr.ID, proposals.Adopt, "列入今年实事项目，预计五月施工。", 0)
		if err != nil || adopted.ProjectID == 0 {
			t.Fatalf("adopted: %+v %v", adopted, err)
		}
		proj, err := svc.Projects.Project(ctx, adopted.ProjectID)
		if err != nil || proj.Title != pr.Title || proj.ProposerID != resA.User.ID {
			t.Fatalf("project: %+v %v", proj, err)
		}
		for _, who := range []*service.Principal{resA, principal(t, e, phones[1])} {
			items, _, _ := svc.Inbox.List(ctx, who.User.ID, 0, 20)
			found := false
			for _, n := range items {
				found = found || n.Kind == service.InboxProposalMoved+".adopted" && n.Href() == fmt.Sprintf("/proposals/%d", pr.ID)
			}
			if !found {
				t.Fatalf("user %d did not hear of the adoption: %+v", who.User.ID, items)
			}
		}
	})
}

// TestNegativeListAndTheScreeningQueue: a promotion is returned at once
// with its reason; a proposal outside the encouraged list waits in the
// cadre's queue, which only A's committee sees.
func TestNegativeListAndTheScreeningQueue(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		svc := e.Svc
		seedLists(t, e)
		resA, cadreA, cadreB := principal(t, e, testenv.ResidentA), principal(t, e, testenv.CadreA), principal(t, e, testenv.CadreB)
		pr, _ := svc.CreateProposal(ctx, resA, e.A.ID, proposals.Text{Kind: proposals.Individual, Title: "团购", Body: "我来给大家发优惠券", Category: "其他"})
		sub, err := svc.SubmitProposal(ctx, resA, pr.ID, 0)
		if err != nil || sub.Proposal.State != proposals.Returned || sub.Proposal.ScreenItem != "商业推广" {
			t.Fatalf("returned: %+v %v", sub, err)
		}
		pr2, _ := svc.CreateProposal(ctx, resA, e.A.ID, proposals.Text{Kind: proposals.Individual, Title: "设立共享工具箱", Body: "放在门卫室。", Category: "其他"})
		if _, err := svc.SubmitProposal(ctx, resA, pr2.ID, 0); err != nil {
			t.Fatal(err)
		}
		_, _, err = svc.ScreeningQueue(ctx, cadreB, e.A.ID, 0)
		wantCode(t, "B's cadre opening A's queue", err, errs.NotFound)
		_, _, err = svc.ScreeningQueue(ctx, resA, e.A.ID, 0)
		wantCode(t, "a resident opening the queue", err, errs.Forbidden)
		_, q, err := svc.ScreeningQueue(ctx, cadreA, e.A.ID, 0)
		if err != nil || len(q.Items) != 1 || q.Items[0].ID != pr2.ID {
			t.Fatalf("queue: %+v %v", q, err)
		}
		_, err = svc.MoveProposal(ctx, cadreB, pr2.ID, proposals.Accept, "", 0)
		wantCode(t, "B's cadre screening A's proposal", err, errs.NotFound)
		if _, err := svc.MoveProposal(ctx, cadreA, pr2.ID, proposals.Accept, "", 0); err != nil {
			t.Fatal(err)
		}
		_, err = svc.SetScreeningLists(ctx, cadreB, e.A.ID, proposals.ListEdit{MinCosigners: 1})
		wantCode(t, "B's cadre editing A's lists", err, errs.NotFound)
		_, err = svc.SetScreeningLists(ctx, cadreA, e.Street.ID, proposals.ListEdit{MinCosigners: 1})
		wantCode(t, "A's cadre editing the street's defaults", err, errs.Forbidden)
		v, err := svc.ScreeningLists(ctx, cadreA, e.A.ID)
		if err != nil || v.Own || len(v.Lists.Negative) != 1 {
			t.Fatalf("A's lists before its own: %+v %v", v, err)
		}
	})
}

// TestOverdueActionsRemindOnce: the sweep reminds the owner once, and the
// council page shows the item as overdue.
func TestOverdueActionsRemindOnce(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		svc := e.Svc
		cadreA, resA := principal(t, e, testenv.CadreA), principal(t, e, testenv.ResidentA)
		svc.SetUpCouncil(ctx, cadreA, e.A.ID, "阳光议事亭")
		m, err := svc.CallMeeting(ctx, cadreA, e.A.ID, councils.MeetingInput{Title: "三月议事会", StartsAt: time.Now().AddDate(0, 0, -20),
			Mode: councils.Online, OnlineLink: "https://meet.example/x"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		resB := principal(t, e, testenv.ResidentB)
		_, err = svc.AssignAction(ctx, cadreA, m.ID, "x", resB.User.ID, time.Now(), false)
		wantCode(t, "an action item owned by a resident of B", err, errs.Invalid)
		_, err = svc.AddCouncilMember(ctx, cadreA, e.A.ID, testenv.ResidentB, councils.Member{Role: councils.ResidentRep,
			TermStart: time.Now(), TermEnd: time.Now().AddDate(1, 0, 0)})
		wantCode(t, "a resident of B on A's council", err, errs.Invalid)
		_, err = svc.InviteToMeeting(ctx, cadreA, m.ID, []string{testenv.ResidentB})
		wantCode(t, "inviting a resident of B to A's meeting", err, errs.Invalid)
		if n, err := svc.InviteToMeeting(ctx, cadreA, m.ID, []string{testenv.ResidentA, testenv.ResidentA}); err != nil || n != 1 {
			t.Fatalf("inviting A's resident twice: %d %v", n, err)
		}
		a, err := svc.AssignAction(ctx, cadreA, m.ID, "联系物业修路灯", resA.User.ID, time.Now().AddDate(0, 0, -1), false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AssignAction(ctx, cadreA, m.ID, "内部事项", resA.User.ID, time.Now().AddDate(0, 0, 5), true); err != nil {
			t.Fatal(err)
		}
		for want := range []int64{1, 0} {
			if n, err := svc.RemindOverdueActions(ctx); err != nil || n != int64(1-want) {
				t.Fatalf("reminded %d: %v", n, err)
			}
		}
		v, err := svc.CouncilPage(ctx, principal(t, e, testenv.SecretaryA), e.A.ID, 0)
		if err != nil || v.Overdue != 1 || len(v.Open) != 2 || v.Open[0].ID != a.ID {
			t.Fatalf("council page: %+v %v", v, err)
		}
		// A resident who is not a member sees the public item only.
		if nv, err := svc.CouncilPage(ctx, resA, e.A.ID, 0); err != nil || len(nv.Open) != 1 || nv.Overdue != 1 {
			t.Fatalf("a resident's council page: %+v %v", nv, err)
		}
		if err := svc.ReportAction(ctx, resA, a.ID, "已联系，物业答应周五修。", true); err != nil {
			t.Fatal(err)
		}
		if err := svc.ReportAction(ctx, principal(t, e, testenv.CadreB), a.ID, "x", false); !errs.Is(err, errs.NotFound) {
			t.Fatalf("B's cadre reporting on A's item: %v", err)
		}
	})
}

// TestAdoptingTwiceAtOnceMakesOneProject: two cadres press "adopt" on the
// same deliberated proposal at once; one wins, the other is told it moved
// meanwhile, and exactly one project exists for it.
func TestAdoptingTwiceAtOnceMakesOneProject(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		svc := e.Svc
		seedLists(t, e)
		resA, cadreA, secA := principal(t, e, testenv.ResidentA), principal(t, e, testenv.CadreA), principal(t, e, testenv.SecretaryA)
		pr, _ := svc.CreateProposal(ctx, resA, e.A.ID, proposals.Text{Kind: proposals.Individual, Title: "楼道装扶手", Body: "楼梯太陡。", Category: "楼道"})
		if _, err := svc.SubmitProposal(ctx, resA, pr.ID, 0); err != nil {
			t.Fatal(err)
		}
		svc.SetUpCouncil(ctx, cadreA, e.A.ID, "阳光议事亭")
		m, err := svc.CallMeeting(ctx, cadreA, e.A.ID, councils.MeetingInput{Title: "议事会", StartsAt: time.Now(), Mode: councils.InPerson, Location: "居委会"},
			[]councils.AgendaInput{{Kind: councils.AboutProposal, RefID: pr.ID}})
		if err != nil {
			t.Fatal(err)
		}
		mv, _ := svc.MeetingPage(ctx, cadreA, m.ID)
		if _, err := svc.RecordDecision(ctx, cadreA, m.ID, councils.Decision{AgendaID: mv.Agenda[0].ID, Body: "同意", For: 5}); err != nil {
			t.Fatal(err)
		}
		cur, _ := svc.Proposals.Proposal(ctx, pr.ID)
		errsOut := make(chan error, 2)
		for _, who := range []*service.Principal{cadreA, secA} {
			go func() {
				_, err := svc.MoveProposal(ctx, who, pr.ID, proposals.Adopt, "立项", cur.Version)
				errsOut <- err
			}()
		}
		var ok, conflicts int
		for range 2 {
			switch err := <-errsOut; {
			case err == nil:
				ok++
			case errs.Is(err, errs.Conflict):
				conflicts++
			default:
				t.Fatalf("adopting at once: %v", err)
			}
		}
		var projects int
		e.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM projects WHERE title = ?`, "楼道装扶手").Scan(&projects)
		if ok != 1 || conflicts != 1 || projects != 1 {
			t.Fatalf("%d adopted, %d conflicts, %d projects; want 1, 1, 1", ok, conflicts, projects)
		}
	})
}
