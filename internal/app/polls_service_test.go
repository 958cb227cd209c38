package app_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/polls"
	"github.com/linli-dev/linli/internal/projects"
	"github.com/linli-dev/linli/internal/testenv"
)

// TestThousandVotersTenBallotsEachCountOnce sends, at once, ten identical
// online ballots from each of 1,000 households: exactly 1,000 count, the
// 9,000 others are refused and kept for review, and the counters agree with a
// recount from the stored ballots.
func TestThousandVotersTenBallotsEachCountOnce(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		c := pollClock(e)
		areas := make([]int64, 1000)
		for i := range areas {
			areas[i] = 8000
		}
		homes := mustBuilding(t, e, "99号楼", false, 1000, areas...)
		p := mustOpenPoll(t, e, c, polls.NewPoll{Kind: polls.Tick, Title: "二季度实事项目", Electorate: polls.Households, PlaceIDs: []int64{homes[0].BuildingID},
			Options: []polls.NewOption{{Label: "加装扶手"}, {Label: "修路灯"}, {Label: "清理楼道"}}, MinChoices: 1, MaxChoices: 2, Winners: 1})
		if p.ElectorCount != 1000 {
			t.Fatalf("electorate %d, want the 1,000 households of 99号楼", p.ElectorCount)
		}
		var counted, refused, other atomic.Int64
		var wg sync.WaitGroup
		receipts := sync.Map{}
		for _, h := range homes {
			voter := person(t, e, h.Users[0])
			for range 10 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r, err := e.Svc.Vote(ctx, voter, p.ID, []int{0, 2})
					switch {
					case err == nil:
						counted.Add(1)
						if _, dup := receipts.LoadOrStore(r, true); dup {
							other.Add(1)
						}
					case errs.Is(err, errs.Conflict):
						refused.Add(1)
					default:
						t.Errorf("vote: %v", err)
						other.Add(1)
					}
				}()
			}
		}
		wg.Wait()
		if counted.Load() != 1000 || refused.Load() != 9000 || other.Load() != 0 {
			t.Fatalf("counted %d, refused %d, other %d; want 1000, 9000, 0", counted.Load(), refused.Load(), other.Load())
		}
		got, _ := e.Svc.PollStore.Poll(ctx, p.ID)
		if got.BallotCount != 1000 || got.OnlineCount != 1000 || got.RejectCount != 9000 {
			t.Fatalf("counters: ballots %d online %d rejects %d", got.BallotCount, got.OnlineCount, got.RejectCount)
		}
		opts, _ := e.Svc.PollStore.Options(ctx, p.ID)
		if opts[0].Votes != 1000 || opts[1].Votes != 0 || opts[2].Votes != 1000 {
			t.Fatalf("options %+v", opts)
		}
		tally, err := e.Svc.PollStore.Recount(ctx, p.ID, 3)
		if err != nil {
			t.Fatal(err)
		}
		if d := tally.Matches(got, opts); d != "" {
			t.Fatalf("counters differ from the recount: %s", d)
		}
		mustClose(t, e, c, p)
		v, err := e.Svc.PollStore.Verify(ctx, p.ID)
		if err != nil || !v.OK() {
			t.Fatalf("verify: %+v %v", v, err)
		}
	})
}

// TestBallotsAfterCloseAreRefused: the server's clock closes the poll; a
// ballot a minute late is refused, and so is one after the cadre closed it.
func TestBallotsAfterCloseAreRefused(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		c := pollClock(e)
		homes := mustBuilding(t, e, "8号楼", false, 2000, 8000, 8000, 8000)
		p := mustOpenPoll(t, e, c, polls.NewPoll{Kind: polls.Single, Title: "楼道刷什么颜色", Electorate: polls.Households,
			Options: []polls.NewOption{{Label: "浅灰"}, {Label: "米白"}}})
		early := mustBuilding(t, e, "9号楼", false, 2100)
		_ = early
		if _, err := e.Svc.Vote(ctx, person(t, e, homes[0].Users[0]), p.ID, []int{1}); err != nil {
			t.Fatal(err)
		}
		_, err := e.Svc.Vote(ctx, person(t, e, homes[1].Users[0]), p.ID, []int{0, 1})
		wantCode(t, "two answers to a single question", err, errs.Invalid)
		cadre := principal(t, e, testenv.CadreA)
		_, err = e.Svc.ClosePoll(ctx, cadre, p.ID)
		wantCode(t, "closing before the closing time", err, errs.Conflict)
		c.Advance(61 * 60 * 1e9)
		_, err = e.Svc.Vote(ctx, person(t, e, homes[1].Users[0]), p.ID, []int{0})
		wantCode(t, "a ballot a minute after closing time", err, errs.Conflict)
		mustClose(t, e, c, p)
		_, err = e.Svc.Vote(ctx, person(t, e, homes[2].Users[0]), p.ID, []int{0})
		wantCode(t, "a ballot after close", err, errs.Conflict)
		got, _ := e.Svc.PollStore.Poll(ctx, p.ID)
		if got.BallotCount != 1 || got.State != polls.Closed {
			t.Fatalf("after close: %d ballots, state %s", got.BallotCount, got.State)
		}
	})
}

// A node keeps open polls for its ballot paths (polls.Store.Ballotable). A
// poll closed by another node must still refuse this node's ballots, and the
// ballots must not move its published counters.
func TestBallotsRefusedWhenAnotherNodeClosedThePoll(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		c := pollClock(e)
		homes := mustBuilding(t, e, "10号楼", false, 2200, 8000, 8000)
		p := mustOpenPoll(t, e, c, polls.NewPoll{Kind: polls.Single, Title: "装不装充电桩", Electorate: polls.Households,
			Options: []polls.NewOption{{Label: "装"}, {Label: "不装"}}})
		cadre := principal(t, e, testenv.CadreA)
		if _, err := e.Svc.RecordDoor(ctx, cadre, p.ID, homes[0].ID, []int{0}, "D1", true); err != nil {
			t.Fatal(err) // this node now holds the poll as open
		}
		other := polls.NewStore(e.DB) // another node: its own cache, same database
		other.Now = c.Now
		c.Set(p.ClosesAt)
		err := e.DB.Tx(ctx, func(tx *db.Tx) error { _, err := other.Close(ctx, tx, p.ID); return err })
		if err != nil {
			t.Fatal(err)
		}
		c.Set(p.ClosesAt.Add(-time.Minute)) // this node's clock a minute behind
		_, err = e.Svc.RecordDoor(ctx, cadre, p.ID, homes[1].ID, []int{1}, "D2", true)
		wantCode(t, "a door ballot on a poll another node closed", err, errs.Conflict)
		got, _ := e.Svc.PollStore.Poll(ctx, p.ID)
		if got.BallotCount != 1 || got.State != polls.Closed {
			t.Fatalf("after close elsewhere: %d ballots, state %s", got.BallotCount, got.State)
		}
	})
}

// TestElectorateIsFixedWhenThePollOpens: a resident verified after opening
// has no vote, and one who moves out keeps theirs; the counts stay put.
func TestElectorateIsFixedWhenThePollOpens(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		c := pollClock(e)
		mustBuilding(t, e, "5号楼", true, 3000, 9000, 9000)
		p := mustOpenPoll(t, e, c, polls.NewPoll{Kind: polls.Assembly, Title: "更换电梯", Electorate: polls.Owners, Major: true})
		if p.ElectorCount != 2 || p.ElectorArea != 18000 {
			t.Fatalf("owners' electorate %d households, %d area; want 2 and 18000", p.ElectorCount, p.ElectorArea)
		}
		late := mustBuilding(t, e, "6号楼", true, 3100, 12000)
		_, err := e.Svc.Vote(ctx, person(t, e, late[0].Users[0]), p.ID, []int{polls.Agree})
		wantCode(t, "an owner verified after opening", err, errs.Forbidden)
		_, err = e.Svc.Vote(ctx, principal(t, e, testenv.ResidentA), p.ID, []int{polls.Agree})
		wantCode(t, "a resident who is not an owner", err, errs.Forbidden)
		_, err = e.Svc.Vote(ctx, principal(t, e, testenv.ResidentB), p.ID, []int{polls.Agree})
		wantCode(t, "a resident of B", err, errs.NotFound)
		got, _ := e.Svc.PollStore.Poll(ctx, p.ID)
		if got.ElectorCount != 2 || got.ElectorArea != 18000 {
			t.Fatalf("electorate moved to %d, %d", got.ElectorCount, got.ElectorArea)
		}
	})
}

// TestAssemblyFailsOnAreaAlthoughMostOwnersAgree: four small flats agree, the
// one large flat stays away; 4 of 5 owners took part and agreed, but they
// hold less than 2/3 of the area, so the resolution fails on area turnout,
// says so on the board, and approves nothing.
func TestAssemblyFailsOnAreaAlthoughMostOwnersAgree(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		c := pollClock(e)
		cadre := principal(t, e, testenv.CadreA)
		pr, err := e.Svc.CreateProject(ctx, cadre, e.A.ID, projects.Draft{Title: "外墙修缮", Description: "动用维修资金修外墙。", BudgetFen: 5_000_000,
			Origin: projects.FromPlan, Funding: []projects.Share{{Source: projects.Government, BP: 5000}, {Source: projects.MaintenanceFund, BP: 5000}}})
		if err != nil {
			t.Fatal(err)
		}
		homes := mustBuilding(t, e, "7号楼", true, 4000, 5000, 5000, 5000, 5000, 80000)
		p := mustOpenPoll(t, e, c, polls.NewPoll{Kind: polls.Assembly, Title: "动用维修资金修缮外墙", Electorate: polls.Owners, Major: true,
			ProjectID: pr.ID, Secret: false, Commitment: "表决通过后三个月内开工。"})
		for _, h := range homes[:4] {
			if _, err := e.Svc.Vote(ctx, person(t, e, h.Users[0]), p.ID, []int{polls.Agree}); err != nil {
				t.Fatal(err)
			}
		}
		r := mustClose(t, e, c, p)
		a := r.Resolution
		if a == nil || a.Passed() || len(a.Failed) != 1 || a.Failed[0] != polls.AreaTurnout {
			t.Fatalf("resolution %+v, want failed on area turnout only", a)
		}
		if a.AgreeOwners != 4 || a.VotedOwners != 4 || a.Owners != 5 || a.VotedArea != 20000 || a.Area != 100000 {
			t.Fatalf("counts %+v", a)
		}
		if r.Poll.Outcome != "failed:area_turnout" {
			t.Fatalf("outcome %q", r.Poll.Outcome)
		}
		notice, err := e.Svc.Board.Topic(ctx, r.Poll.NoticeTopicID)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(notice.Body, "未通过") || !strings.Contains(notice.Body, "面积") || !strings.Contains(notice.Body, r.Poll.ResultHash) {
			t.Fatalf("notice body:\n%s", notice.Body)
		}
		err = e.Svc.RecordApproval(ctx, cadre, pr.ID, 1, p.ID)
		wantCode(t, "recording a failed vote as approval", err, errs.Invalid)
		shares, _ := e.Svc.Projects.Funding(ctx, pr.ID)
		if shares[1].ApprovalPollID != 0 {
			t.Fatal("a failed vote approved the maintenance fund share")
		}
	})
}

// TestPassedAssemblyApprovesTheProjectsShare: the owners agree; closing
// records the poll on the project's maintenance-fund share.
func TestPassedAssemblyApprovesTheProjectsShare(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		c := pollClock(e)
		cadre := principal(t, e, testenv.CadreA)
		pr, err := e.Svc.CreateProject(ctx, cadre, e.A.ID, projects.Draft{Title: "加装电梯", Description: "业主出资加装电梯。", BudgetFen: 5_000_000,
			Origin: projects.FromPlan, Funding: []projects.Share{{Source: projects.Government, BP: 9000}, {Source: projects.MaintenanceFund, BP: 1000}}})
		if err != nil {
			t.Fatal(err)
		}
		homes := mustBuilding(t, e, "3号楼", true, 5000, 9000, 9000, 9000, 9000)
		p := mustOpenPoll(t, e, c, polls.NewPoll{Kind: polls.Assembly, Title: "加装电梯动用维修资金", Electorate: polls.Owners, Major: true, ProjectID: pr.ID})
		for i, h := range homes {
			choice := polls.Agree
			if i == 3 {
				choice = polls.Oppose
			}
			if _, err := e.Svc.Vote(ctx, person(t, e, h.Users[0]), p.ID, []int{choice}); err != nil {
				t.Fatal(err)
			}
		}
		r := mustClose(t, e, c, p)
		if !r.Resolution.Passed() {
			t.Fatalf("3 of 4 agreeing on a major matter failed: %+v", r.Resolution)
		}
		shares, _ := e.Svc.Projects.Funding(ctx, pr.ID)
		if shares[1].ApprovalPollID != p.ID {
			t.Fatalf("share approval %d, want poll %d", shares[1].ApprovalPollID, p.ID)
		}
		if err := e.Svc.Polls(ctx, pr.ID, p.ID); err != nil {
			t.Fatalf("the approval check refuses the poll that passed: %v", err)
		}
	})
}

// TestTickListWithPaperAndDuplicates runs a tick list over listed projects
// with online ballots, paper sheets entered twice (one mismatch resolved by a
// cadre), a door-to-door ballot and a duplicate from another channel; the top
// two projects move to selected on close and a notice goes on the board.
func TestTickListWithPaperAndDuplicates(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		c := pollClock(e)
		cadre, secretary := principal(t, e, testenv.CadreA), principal(t, e, testenv.SecretaryA)
		var ids []int64
		for _, title := range []string{"加装扶手", "修路灯", "清理楼道", "增设非机动车棚"} {
			pr, err := e.Svc.CreateProject(ctx, cadre, e.A.ID, projects.Draft{Title: title, Description: title + "。", Origin: projects.FromPlan})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.Svc.MoveProject(ctx, cadre, pr.ID, projects.List, "", 0); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, pr.ID)
		}
		homes := mustBuilding(t, e, "2号楼", false, 6000, 8000, 8000, 8000, 8000, 8000, 8000)
		var opts []polls.NewOption
		for _, id := range ids {
			opts = append(opts, polls.NewOption{ProjectID: id})
		}
		p := mustOpenPoll(t, e, c, polls.NewPoll{Kind: polls.Tick, Title: "二季度居民打钩", Electorate: polls.Households, Options: opts,
			MinChoices: 1, MaxChoices: 2, Winners: 2, Secret: true, Commitment: "入选项目本季度内完成。"})
		vote := func(i int, choices ...int) string {
			r, err := e.Svc.Vote(ctx, person(t, e, homes[i].Users[0]), p.ID, choices)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		receipt := vote(0, 0, 1)
		vote(1, 0, 1)
		vote(2, 1)
		key := func(i int) int64 { return homes[i].ID }
		// Sheet P-001 entered alike by cadre and secretary: counted.
		if sh, err := e.Svc.EnterSheet(ctx, cadre, p.ID, "p-001", key(3), []int{0, 2}); err != nil || sh.State != polls.SheetPending {
			t.Fatalf("first entry: %+v %v", sh, err)
		}
		_, err := e.Svc.EnterSheet(ctx, cadre, p.ID, "P-001", key(3), []int{0, 2})
		wantCode(t, "the same clerk entering a sheet twice", err, errs.Conflict)
		if sh, err := e.Svc.EnterSheet(ctx, secretary, p.ID, "P-001", key(3), []int{0, 2}); err != nil || sh.State != polls.SheetCounted {
			t.Fatalf("second entry: %+v %v", sh, err)
		}
		// Sheet P-002: the entries differ; the cadre counts the second.
		e.Svc.EnterSheet(ctx, cadre, p.ID, "P-002", key(4), []int{3})
		if sh, _ := e.Svc.EnterSheet(ctx, secretary, p.ID, "P-002", key(4), []int{2}); sh.State != polls.SheetMismatch {
			t.Fatalf("differing entries: %+v", sh)
		}
		desk, err := e.Svc.PollDesk(ctx, cadre, p.ID)
		if err != nil || len(desk.Mismatched) != 1 {
			t.Fatalf("desk: %+v %v", desk, err)
		}
		if sh, err := e.Svc.ResolveSheet(ctx, cadre, p.ID, "P-002", 2); err != nil || sh.State != polls.SheetCounted {
			t.Fatalf("resolve: %+v %v", sh, err)
		}
		// A paper sheet for a household that voted online is refused and kept.
		e.Svc.EnterSheet(ctx, cadre, p.ID, "P-003", key(0), []int{3})
		if sh, _ := e.Svc.EnterSheet(ctx, secretary, p.ID, "P-003", key(0), []int{3}); sh.State != polls.SheetDuplicate {
			t.Fatalf("duplicate sheet: %+v", sh)
		}
		// Door to door, with the voter's signature on slip D-01.
		_, err = e.Svc.RecordDoor(ctx, cadre, p.ID, key(5), []int{0}, "D-01", false)
		wantCode(t, "a door-to-door ballot without confirmation", err, errs.Invalid)
		if _, err := e.Svc.RecordDoor(ctx, cadre, p.ID, key(5), []int{0}, "D-01", true); err != nil {
			t.Fatal(err)
		}
		_, err = e.Svc.Vote(ctx, person(t, e, homes[5].Users[0]), p.ID, []int{3})
		wantCode(t, "an online ballot after a door-to-door one", err, errs.Conflict)
		_, err = e.Svc.EnterSheet(ctx, principal(t, e, testenv.ResidentA), p.ID, "P-009", key(1), []int{0})
		wantCode(t, "a resident entering paper ballots", err, errs.Forbidden)
		_, err = e.Svc.EnterSheet(ctx, principal(t, e, testenv.CadreB), p.ID, "P-009", key(1), []int{0})
		wantCode(t, "B's cadre entering A's ballots", err, errs.NotFound)

		// The desk shows who voted, and how they came, never how they voted.
		desk, _ = e.Svc.PollDesk(ctx, cadre, p.ID)
		voted := map[polls.Channel]int{}
		for _, row := range desk.Electors {
			voted[row.Voted]++
		}
		if voted[polls.Online] != 3 || voted[polls.Paper] != 2 || voted[polls.Door] != 1 || len(desk.Rejects) != 2 {
			t.Fatalf("desk: voted %v, %d rejects", voted, len(desk.Rejects))
		}
		_, err = e.Svc.PollResult(ctx, principal(t, e, testenv.ResidentA), p.ID)
		wantCode(t, "a resident reading a hidden tally before close", err, errs.Forbidden)

		r := mustClose(t, e, c, p)
		// Votes: 0 → 4 (homes 0, 1, sheet 1, door), 1 → 3, 2 → 2, 3 → 0.
		if r.Winners[0].ProjectID != ids[0] || r.Winners[1].ProjectID != ids[1] || len(r.Winners) != 2 {
			t.Fatalf("winners %+v", r.Winners)
		}
		for i, id := range ids {
			pr, _ := e.Svc.Projects.Project(ctx, id)
			want := projects.Listed
			if i < 2 {
				want = projects.Selected
			}
			if pr.State != want {
				t.Errorf("project %d is %s, want %s", i, pr.State, want)
			}
		}
		if r.Poll.OnlineCount != 3 || r.Poll.PaperCount != 2 || r.Poll.DoorCount != 1 {
			t.Fatalf("channels %+v", r.Poll)
		}
		notice, err := e.Svc.Board.Topic(ctx, r.Poll.NoticeTopicID)
		if err != nil || !strings.Contains(notice.Body, "入选项目本季度内完成") || !strings.Contains(notice.Title, "二季度居民打钩") {
			t.Fatalf("notice %+v %v", notice, err)
		}
		b, err := e.Svc.LookupReceipt(ctx, principal(t, e, testenv.ResidentA), p.ID, strings.ToLower(receipt))
		if err != nil || fmt.Sprint(polls.Positions(b.Choices)) != "[0 1]" {
			t.Fatalf("receipt lookup: %+v %v", b, err)
		}
		v, err := e.Svc.PollStore.Verify(ctx, p.ID)
		if err != nil || !v.OK() || v.Tally.Ballots != 6 {
			t.Fatalf("verify: %+v %v", v, err)
		}
		_, err = e.Svc.ClosePoll(ctx, cadre, p.ID)
		wantCode(t, "closing twice", err, errs.Conflict)
	})
}
