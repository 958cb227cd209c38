package proposals_test

import (
	"context"
	"sync"
	"testing"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/projects"
	"github.com/linli-dev/linli/internal/proposals"
)

// TestJointProposalFromInvitationsToAdoption follows a joint proposal: the
// author invites neighbors, cannot submit before two accept, passes screening
// in an encouraged category, is deliberated and adopted with a project.
func TestJointProposalFromInvitationsToAdoption(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 4)
		f.streetLists(t)
		author := f.residents[0]
		p := f.create(t, author, proposals.Text{Kind: proposals.Joint, Title: "5号楼楼道加装感应灯", Body: "楼道晚上太黑，老人容易摔倒。", Category: "楼道"})
		if p.State != proposals.Draft || p.FollowerCount != 1 {
			t.Fatalf("new draft: %+v", p)
		}
		var added []int64
		f.tx(t, func(tx *db.Tx) error {
			var err error
			added, err = f.store.Invite(ctx, tx, p.ID, author, []int64{f.residents[1], f.residents[2], f.residents[3], author})
			return err
		})
		if len(added) != 3 {
			t.Fatalf("invited %v, want three neighbors (not the author)", added)
		}
		err := f.txErr(func(tx *db.Tx) error { _, err := f.store.Submit(ctx, tx, f.at(), p.ID, author, 0); return err })
		if !errs.Is(err, errs.Conflict) || errs.As(err).Key != "proposals.too_few_cosigners" {
			t.Fatalf("submit without co-signers: %v", err)
		}
		for _, u := range f.residents[1:3] {
			for range 2 { // pressing twice counts once
				f.tx(t, func(tx *db.Tx) error { _, err := f.store.Answer(ctx, tx, p.ID, u, true); return err })
			}
		}
		f.tx(t, func(tx *db.Tx) error { _, err := f.store.Answer(ctx, tx, p.ID, f.residents[3], false); return err })
		s := f.submit(t, p.ID, author)
		if s.Proposal.State != proposals.Accepted || s.Proposal.CosignerCount != 2 || !s.Verdict.Encouraged || s.Verdict.Item != nil {
			t.Fatalf("screened: %+v %+v", s.Proposal, s.Verdict)
		}
		err = f.txErr(func(tx *db.Tx) error { _, err := f.store.Answer(ctx, tx, p.ID, f.residents[3], true); return err })
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("co-signing after submission: %v", err)
		}
		aud, _ := f.store.Audience(ctx, d, p.ID)
		if len(aud) != 3 {
			t.Fatalf("audience %v, want the author and two co-signers", aud)
		}
		pr := f.move(t, p.ID, proposals.Council, proposals.Deliberate, proposals.MoveInput{MeetingID: 9})
		if pr.State != proposals.Deliberated || pr.MeetingID != 9 {
			t.Fatalf("deliberated: %+v", pr)
		}
		err = f.txErr(func(tx *db.Tx) error {
			_, err := f.store.Move(ctx, tx, p.ID, proposals.Committee, proposals.Adopt, proposals.MoveInput{})
			return err
		})
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("adopting without a project: %v", err)
		}
		var proj *projects.Project
		f.tx(t, func(tx *db.Tx) error {
			var err error
			proj, err = projects.NewStore(d).Create(ctx, tx, projects.Place{DistrictID: f.hood.DistrictID, NeighborhoodID: f.hood.ID}, f.cadre,
				projects.Draft{Title: p.Title, Description: p.Body, ProposerID: author})
			return err
		})
		pr = f.move(t, p.ID, proposals.Committee, proposals.Adopt, proposals.MoveInput{ProjectID: proj.ID, Note: "列入今年实事项目", ActorID: f.cadre})
		if pr.State != proposals.Adopted || pr.ProjectID != proj.ID || pr.OutcomeNote != "列入今年实事项目" {
			t.Fatalf("adopted: %+v", pr)
		}
		tl, _ := f.store.Timeline(ctx, p.ID)
		want := []proposals.Action{"create", proposals.Submit, proposals.Accept, proposals.Deliberate, proposals.Adopt}
		if len(tl) != len(want) {
			t.Fatalf("timeline %+v", tl)
		}
		for i, e := range tl {
			if e.Action != want[i] {
				t.Fatalf("event %d is %s, want %s", i, e.Action, want[i])
			}
		}
	})
}

// TestNegativeListReturnsAtOnceWithTheItem: a proposal promoting a shop is
// returned by screening with the item it matched and its explanation; the
// author revises and resubmits, and outside the encouraged list it waits
// for a cadre.
func TestNegativeListReturnsAtOnceWithTheItem(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 1)
		f.streetLists(t)
		author := f.residents[0]
		p := f.create(t, author, proposals.Text{Kind: proposals.Individual, Title: "小区开放团购", Body: "我可以给大家发优惠券。", Category: "其他"})
		s := f.submit(t, p.ID, author)
		if s.Proposal.State != proposals.Returned || s.Proposal.ScreenItem != "商业推广" || s.Proposal.ScreenWord != "优惠券" ||
			s.Proposal.ScreenNote != "提案不能用来推广商品或生意。" {
			t.Fatalf("returned: %+v", s.Proposal)
		}
		f.tx(t, func(tx *db.Tx) error {
			_, err := f.store.Edit(ctx, tx, p.ID, author, 0, proposals.Text{Title: "小区开放团购点", Body: "希望有一个快递和团购的集中取件点。", Category: "其他"})
			return err
		})
		s = f.submit(t, p.ID, author)
		if s.Proposal.State != proposals.Submitted || !s.Proposal.NeedsReview || s.Proposal.ScreenItem != "" {
			t.Fatalf("outside the encouraged list: %+v", s.Proposal)
		}
		q, _ := f.store.List(ctx, proposals.ListQuery{NeighborhoodID: f.hood.ID, Review: true})
		if len(q.Items) != 1 || q.Items[0].ID != p.ID {
			t.Fatalf("review queue: %+v", q.Items)
		}
		err := f.txErr(func(tx *db.Tx) error {
			_, err := f.store.Move(ctx, tx, p.ID, proposals.Committee, proposals.Reject, proposals.MoveInput{})
			return err
		})
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("reject without a reason: %v", err)
		}
		pr := f.move(t, p.ID, proposals.Committee, proposals.Accept, proposals.MoveInput{ActorID: f.cadre})
		if pr.State != proposals.Accepted || pr.NeedsReview {
			t.Fatalf("accepted by review: %+v", pr)
		}
	})
}

// TestNeighborhoodListsOverrideTheStreet: a neighborhood with its own lists
// screens by them; editing bumps the version and the cache follows.
func TestNeighborhoodListsOverrideTheStreet(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 1)
		f.streetLists(t)
		sc, err := f.store.Screener(ctx, f.at())
		if err != nil || sc.Lists.PlaceID != f.street.ID || sc.Lists.Own || sc.Lists.MinCosigners != 2 {
			t.Fatalf("street defaults: %+v %v", sc.Lists, err)
		}
		if v := sc.Screen("帮忙加盟", "", "楼道"); v.Item == nil || v.Item.Name != "商业推广" {
			t.Fatalf("street list: %+v", v)
		}
		set := func(words ...string) {
			f.tx(t, func(tx *db.Tx) error {
				_, err := f.store.SetLists(ctx, tx, f.hood.DistrictID, f.hood.ID, proposals.ListEdit{MinCosigners: 5, Encouraged: []string{"停车"},
					Negative: []proposals.Item{{Name: "违法事项", Words: words, Explanation: "违法的事不能提案。"}}})
				return err
			})
		}
		set("私搭乱建")
		sc, _ = f.store.Screener(ctx, f.at())
		if !sc.Lists.Own || sc.Lists.MinCosigners != 5 || sc.Screen("帮忙加盟", "", "停车").Item != nil || !sc.Screen("x", "", "停车").Encouraged {
			t.Fatalf("own lists: %+v", sc.Lists)
		}
		set("私搭乱建", "群租")
		sc2, _ := f.store.Screener(ctx, f.at())
		if sc2 == sc || sc2.Screen("群租房太多", "", "").Item == nil {
			t.Fatal("the cache kept the old version")
		}
		sc3, _ := f.store.Screener(ctx, f.at())
		if sc3 != sc2 {
			t.Fatal("the same version was compiled twice")
		}
		err = f.txErr(func(tx *db.Tx) error {
			_, err := f.store.SetLists(ctx, tx, f.hood.DistrictID, f.hood.ID, proposals.ListEdit{MinCosigners: 2,
				Negative: []proposals.Item{{Name: "空的", Explanation: "x"}}})
			return err
		})
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("an item without words: %v", err)
		}
	})
}

// TestSupportsCountOncePerResident: concurrent supports by the same and by
// different residents; the counter matches the rows; drafts cannot be supported.
func TestSupportsCountOncePerResident(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 6)
		f.streetLists(t)
		p := f.create(t, f.residents[0], proposals.Text{Kind: proposals.Individual, Title: "增加电动车充电桩", Body: "避免飞线充电。", Category: "安全"})
		if _, err := f.store.Support(ctx, f.hood.DistrictID, p.ID, f.residents[1], true); !errs.Is(err, errs.Conflict) {
			t.Fatalf("supporting a draft: %v", err)
		}
		f.submit(t, p.ID, f.residents[0])
		var wg sync.WaitGroup
		for _, u := range f.residents {
			for range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := f.store.Support(ctx, f.hood.DistrictID, p.ID, u, true); err != nil {
						t.Error(err)
					}
				}()
			}
		}
		wg.Wait()
		if changed, _ := f.store.Support(ctx, f.hood.DistrictID, p.ID, f.residents[5], false); !changed {
			t.Fatal("withdrawing support changed nothing")
		}
		pr, _ := f.store.Proposal(ctx, p.ID)
		var rows int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM proposal_supports WHERE proposal_id = ?`, p.ID).Scan(&rows)
		if pr.SupportCount != 5 || rows != 5 {
			t.Fatalf("support count %d, rows %d, want 5", pr.SupportCount, rows)
		}
		v, _ := f.store.ViewerOf(ctx, p.ID, f.residents[1])
		if !v.Supports || v.Follows {
			t.Fatalf("viewer: %+v", v)
		}
	})
}

// TestOrganizationalProposalNeedsASpeaker: only a group's speaker may propose for it.
func TestOrganizationalProposalNeedsASpeaker(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, 2)
		var g *proposals.Group
		f.tx(t, func(tx *db.Tx) error {
			var err error
			g, err = f.store.CreateGroup(ctx, tx, f.at(), "volunteer_team", "银发志愿者队", []int64{f.residents[0]})
			return err
		})
		txt := proposals.Text{Kind: proposals.Organizational, GroupID: g.ID, Title: "楼道健身角", Body: "在活动室增设健身器材。", Category: "为老服务"}
		err := f.txErr(func(tx *db.Tx) error { _, err := f.store.Create(ctx, tx, f.at(), f.residents[1], txt); return err })
		if !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a non-speaker proposing for the group: %v", err)
		}
		p := f.create(t, f.residents[0], txt)
		if p.GroupName != "银发志愿者队" || p.Kind != proposals.Organizational {
			t.Fatalf("organizational: %+v", p)
		}
		gs, _ := f.store.GroupsFor(ctx, f.hood.ID, f.residents[0])
		if len(gs) != 1 {
			t.Fatalf("groups for the speaker: %+v", gs)
		}
	})
}

// TestTransitionsTable checks a few rows of the table directly.
func TestTransitionsTable(t *testing.T) {
	cases := []struct {
		name   string
		state  proposals.State
		by     proposals.Mover
		action proposals.Action
		want   errs.Code
	}{
		{"author submits a draft", proposals.Draft, proposals.Author, proposals.Submit, ""},
		{"author resubmits after revising", proposals.Returned, proposals.Author, proposals.Submit, ""},
		{"author cannot accept their own", proposals.Submitted, proposals.Author, proposals.Accept, errs.Forbidden},
		{"no adoption before deliberation", proposals.Accepted, proposals.Committee, proposals.Adopt, errs.Conflict},
		{"a council deliberates", proposals.Accepted, proposals.Council, proposals.Deliberate, ""},
		{"screening cannot reject", proposals.Submitted, proposals.Screening, proposals.Reject, errs.Forbidden},
		{"unknown", proposals.Draft, proposals.Author, "burn", errs.Invalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := proposals.Check(c.state, c.by, c.action)
			if errs.CodeOf(err) != c.want && !(err == nil && c.want == "") {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}
