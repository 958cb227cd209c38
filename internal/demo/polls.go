package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/polls"
	"github.com/linli-dev/linli/internal/projects"
)

// polls seeds the first neighborhood's polls: this quarter's tick list, open
// for two weeks with a third of the households already voted, and last
// month's owners' vote on the handrail project's maintenance-fund share,
// closed and published. Both go through the service; the poll engine's
// clock is set back for last month's vote and restored after.
func (s *seeder) polls(ctx context.Context) error {
	sc := s.show
	if sc.hood == nil || len(sc.residents) < 12 {
		return nil
	}
	cadre, err := s.principal(ctx, sc.cadre)
	if err != nil {
		return err
	}
	ps := s.svc.PollStore
	realNow := ps.Now
	defer func() { ps.Now = realNow }()
	now := realNow()

	// Last month: the owners' assembly vote, closed.
	page, err := s.svc.Projects.List(ctx, projects.ListQuery{NeighborhoodID: sc.hood.ID, Limit: 50})
	if err != nil {
		return err
	}
	var handrail, listed int64
	var listedTitle string
	for _, pr := range page.Projects {
		switch {
		case pr.Title == sampleProjects[0].title:
			handrail = pr.ID
		case pr.State == projects.Listed:
			listed, listedTitle = pr.ID, pr.Title
		}
	}
	opened := now.AddDate(0, -1, 0)
	ps.Now = func() time.Time { return opened }
	vote, err := s.svc.CreatePoll(ctx, cadre, sc.hood.ID, polls.NewPoll{Kind: polls.Assembly, Electorate: polls.Owners, Major: true,
		Title: "动用专项维修资金加装3号楼扶手", ProjectID: handrail, Secret: false,
		Description: "3号楼加装楼道扶手，预算12000元，其中10%（1200元）拟从专项维修资金列支，请业主表决。",
		Commitment:  "表决通过后，居委会督促物业一个月内完成安装，并公示费用明细。", OpensAt: opened, ClosesAt: opened.AddDate(0, 0, 14)})
	if err != nil {
		return err
	}
	if _, err := s.svc.OpenPoll(ctx, cadre, vote.ID); err != nil {
		return err
	}
	for i, id := range sc.residents {
		answer := polls.Agree
		switch i % 10 {
		case 3:
			answer = polls.Oppose
		case 7:
			answer = polls.Abstain
		}
		if i%6 == 5 {
			continue // stayed away
		}
		if err := s.castAs(ctx, id, vote.ID, []int{answer}); err != nil {
			return err
		}
	}
	ps.Now = func() time.Time { return opened.AddDate(0, 0, 15) }
	if _, err := s.svc.ClosePoll(ctx, cadre, vote.ID); err != nil {
		return fmt.Errorf("close the owners' vote: %w", err)
	}

	// This quarter: the residents' tick list, open now.
	ps.Now = realNow
	opts := []polls.NewOption{{Label: "小区门口增设休息座椅"}, {Label: "加装楼道声控灯"}, {Label: "设置快递临时存放点"}, {Label: "修补中心路面坑洼"}}
	if listed != 0 {
		opts = append([]polls.NewOption{{ProjectID: listed, Label: listedTitle}}, opts...)
	}
	tick, err := s.svc.CreatePoll(ctx, cadre, sc.hood.ID, polls.NewPoll{Kind: polls.Tick, Electorate: polls.Households,
		Title: "二季度“居民打钩、居委办事”", Description: "下面是居委会梳理的候选实事，请勾选您认为最急需的（最多三项）。得票最多的两项列入本季度工作。",
		Options: opts, MinChoices: 1, MaxChoices: 3, Winners: 2, Secret: true, Live: true,
		Commitment: "得票最高的两项列入本季度实事项目，每月在公告栏公布进度。", OpensAt: now.Add(-72 * time.Hour), ClosesAt: now.AddDate(0, 0, 14)})
	if err != nil {
		return err
	}
	if _, err := s.svc.OpenPoll(ctx, cadre, tick.ID); err != nil {
		return err
	}
	for i, id := range sc.residents {
		if i%3 != 0 {
			continue
		}
		if err := s.castAs(ctx, id, tick.ID, []int{i % len(opts), (i/3 + 1) % len(opts)}); err != nil {
			return err
		}
	}
	return nil
}

// castAs votes online as a demo resident; one whose household already voted
// (or who has no vote) is skipped, as a real second ballot would be refused.
func (s *seeder) castAs(ctx context.Context, userID, pollID int64, choices []int) error {
	p, err := s.principal(ctx, userID)
	if err != nil {
		return err
	}
	_, err = s.svc.Vote(ctx, p, pollID, dedupe(choices))
	if errs.Is(err, errs.Conflict) || errs.Is(err, errs.Forbidden) {
		return nil
	}
	return err
}

func dedupe(c []int) []int {
	if len(c) == 2 && c[0] == c[1] {
		return c[:1]
	}
	return c
}
