package demo

import (
	"context"
	"fmt"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/projects"
	"github.com/linli-dev/linli/internal/service"
)

// showcase is what the first neighborhood's projects need: its place, a
// cadre, its property company and some verified residents.
type showcase struct {
	hood      *org.Place
	cadre     int64
	unit      int64
	residents []int64
}

// sampleProject is one project of the first neighborhood, taken as far as
// its state through the service, so the audit log and the proposers' inboxes
// hold what they would in real use.
type sampleProject struct {
	title, body string
	topic       string // the residents' topic it comes from; "" for the committee's plan
	budgetYuan  int64
	lead        bool // led by the property company
	funding     []projects.Share
	moves       []projects.Action
	dropReason  string
	milestones  []string // due dates follow; the first ones are reached
	reached     int
	updates     []string
	ratings     []int
}

var sampleProjects = []sampleProject{
	{title: "3号楼加装楼道扶手", body: "3号楼一至六层楼梯加装不锈钢扶手，方便老人上下楼。", topic: "3号楼楼道没有扶手，老人上下楼太难了",
		budgetYuan: 12000, lead: true, funding: []projects.Share{{Source: projects.Government, BP: 9000}, {Source: projects.MaintenanceFund, BP: 1000, Note: "3号楼业主"}},
		moves: []projects.Action{projects.List, projects.Select}},
	{title: "小花园路灯更换", body: "小花园六盏路灯老化，更换为节能LED路灯。", budgetYuan: 18000, lead: true,
		funding: []projects.Share{{Source: projects.StreetFund, BP: 10000}}, moves: []projects.Action{projects.Select, projects.Start},
		milestones: []string{"灯具采购", "安装调试", "验收"}, reached: 1, updates: []string{"灯具已到货，周三开始安装。", "已换好四盏，剩下两盏本周完成。"}},
	{title: "非机动车棚加装充电桩", body: "在2号车棚加装12个智能充电口，杜绝电瓶车进楼道充电。", topic: "电瓶车在楼道里充电太危险了",
		budgetYuan: 36000, lead: true, funding: []projects.Share{{Source: projects.Government, BP: 7000}, {Source: projects.PropertyCompany, BP: 3000}},
		moves: []projects.Action{projects.List, projects.Select, projects.Start, projects.Finish}, milestones: []string{"电力增容", "设备安装"}, reached: 2,
		updates: []string{"供电公司已完成增容。", "充电桩已安装并通电，扫码即可使用。"}, ratings: []int{5, 4, 5}},
	{title: "健身角器材更新", body: "更换健身角锈蚀的器材，地面铺设防滑地垫。", budgetYuan: 25000,
		funding: []projects.Share{{Source: projects.Government, BP: 8000}, {Source: projects.Donation, BP: 2000, Note: "共建单位捐赠"}},
		moves:   []projects.Action{projects.Select, projects.Start, projects.Finish}, updates: []string{"新器材已安装完毕。"}, ratings: []int{4, 4, 3, 5}},
	{title: "楼道墙面粉刷", body: "1至6号楼楼道墙面重新粉刷，清理小广告。", topic: "楼道墙上小广告太多了", budgetYuan: 40000,
		funding: []projects.Share{{Source: projects.Government, BP: 10000}}, moves: []projects.Action{projects.List}},
	{title: "中心绿地改建停车位", body: "将中心绿地的一部分改建为20个停车位。", topic: "晚上停车太难了", budgetYuan: 150000,
		moves: []projects.Action{projects.List, projects.Drop}, dropReason: "居民意见分歧较大，转议事会继续协商。"},
	{title: "垃圾厢房除臭改造", body: "为两处垃圾厢房加装喷淋除臭和洗手池。", topic: "垃圾厢房夏天味道很大"},
}

// projects seeds the first neighborhood's projects in every state. It runs
// after the district's transaction, as each step is its own transaction.
func (s *seeder) projects(ctx context.Context) error {
	sc := s.show
	if sc.hood == nil || len(sc.residents) < 12 {
		return nil
	}
	cadre, err := s.principal(ctx, sc.cadre)
	if err != nil {
		return err
	}
	sections, err := s.svc.EnsureSectionsFor(ctx, sc.hood)
	if err != nil {
		return err
	}
	for i, sp := range sampleProjects {
		proposer, err := s.principal(ctx, sc.residents[i])
		if err != nil {
			return err
		}
		d := projects.Draft{Title: sp.title, Description: sp.body, BudgetFen: sp.budgetYuan * 100, Funding: sp.funding}
		if sp.lead {
			d.LeadUnitID = sc.unit
		}
		if sp.topic != "" {
			t, err := s.svc.PostTopic(ctx, proposer, sections[0].ID, board.Draft{Title: sp.topic, Body: sp.body, Category: "facilities"})
			if err != nil {
				return err
			}
			d.Origin, d.TopicID = projects.FromTopic, t.ID
		}
		if err := s.runProject(ctx, cadre, d, sp); err != nil {
			return fmt.Errorf("demo: project %s: %w", sp.title, err)
		}
	}
	return nil
}

func (s *seeder) runProject(ctx context.Context, cadre *service.Principal, d projects.Draft, sp sampleProject) error {
	svc := s.svc
	p, err := svc.CreateProject(ctx, cadre, s.show.hood.ID, d)
	if err != nil {
		return err
	}
	var steps []*projects.Milestone
	for mi, title := range sp.milestones {
		m, err := svc.AddMilestone(ctx, cadre, p.ID, title, fmt.Sprintf("2026-%02d-15", 3+mi))
		if err != nil {
			return err
		}
		steps = append(steps, m)
	}
	for _, a := range sp.moves {
		note := ""
		if a == projects.Drop {
			note = sp.dropReason
		}
		if _, err := svc.MoveProject(ctx, cadre, p.ID, a, note, 0); err != nil {
			return err
		}
		if a != projects.Start {
			continue
		}
		// Work under way: steps reached, progress reported.
		for _, m := range steps[:sp.reached] {
			if err := svc.CompleteMilestone(ctx, cadre, p.ID, m.ID); err != nil {
				return err
			}
		}
		for _, u := range sp.updates {
			if _, err := svc.PostProjectUpdate(ctx, cadre, p.ID, u, nil); err != nil {
				return err
			}
		}
	}
	for ri, stars := range sp.ratings {
		rater, err := s.principal(ctx, s.show.residents[len(s.show.residents)-1-ri])
		if err != nil {
			return err
		}
		if err := svc.RateProject(ctx, rater, p.ID, stars, ratingComments[(ri+len(sp.title))%len(ratingComments)]); err != nil {
			return err
		}
	}
	if len(sp.ratings) > 3 {
		_, err = svc.MoveProject(ctx, cadre, p.ID, projects.Evaluate, "", 0)
	}
	return err
}

var ratingComments = []string{"做得很好，谢谢居委会！", "质量不错，希望后期维护跟上。", "", "施工期间有点吵，不过结果满意。"}

// principal loads a demo person as the server would.
func (s *seeder) principal(ctx context.Context, userID int64) (*service.Principal, error) {
	u, err := s.svc.Accounts.User(ctx, userID)
	if err != nil {
		return nil, err
	}
	return s.svc.Load(ctx, u)
}
