package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/linli-dev/linli/internal/councils"
	"github.com/linli-dev/linli/internal/proposals"
	"github.com/linli-dev/linli/internal/service"
)

// demoLists are the first neighborhood's screening lists: the seed's six
// encouraged categories and its thirteen negative items.
var demoLists = proposals.ListEdit{
	MinCosigners: 3,
	Encouraged:   []string{"楼道", "环境整治", "安全", "停车", "绿化", "为老服务"},
	Negative: []proposals.Item{
		{Name: "个人纠纷", Words: []string{"欠我钱", "吵架", "离婚"}, Explanation: "个人之间的纠纷请找人民调解委员会。"},
		{Name: "商业推广", Words: []string{"优惠券", "推销", "加盟", "代理"}, Explanation: "提案不能用来推广商品或生意。"},
		{Name: "超出社区职责", Words: []string{"修地铁", "改学区", "调房价"}, Explanation: "这件事超出社区的职责，请向有关部门反映。"},
		{Name: "违法事项", Words: []string{"违建", "私搭乱建", "赌博"}, Explanation: "违法的事不能作为提案；发现违法行为请报警或反映给城管。"},
		{Name: "涉及个人隐私", Words: []string{"身份证号", "住址公开"}, Explanation: "提案不能公开他人的隐私。"},
		{Name: "宗教活动", Words: []string{"传教"}, Explanation: "社区提案不涉及宗教活动。"},
		{Name: "政治议题", Words: []string{"游行"}, Explanation: "这类事项不在居民议事范围内。"},
		{Name: "已在司法程序中", Words: []string{"起诉", "打官司"}, Explanation: "已进入司法程序的事项请等待法院处理。"},
		{Name: "物业合同纠纷", Words: []string{"物业费退款"}, Explanation: "物业合同纠纷请找业委会或物业协商。"},
		{Name: "人事任免", Words: []string{"撤换书记", "罢免"}, Explanation: "人事任免按有关规定办理，不通过提案。"},
		{Name: "重复提案", Words: []string{"重复提交"}, Explanation: "同样的提案已在办理中，请关注原提案。"},
		{Name: "攻击他人", Words: []string{"骗子", "垃圾人"}, Explanation: "请文明表达，不针对个人。"},
		{Name: "集资募捐", Words: []string{"集资", "众筹"}, Explanation: "提案不能发起集资或募捐。"},
	},
}

// proposals seeds the first neighborhood's proposals in different states,
// its council with members, two meetings (one held, with minutes, decisions
// and action items, one overdue; one coming up) and a registered group.
func (s *seeder) proposals(ctx context.Context) error {
	sc := s.show
	if sc.hood == nil || len(sc.residents) < 12 {
		return nil
	}
	svc := s.svc
	cadre, err := s.principal(ctx, sc.cadre)
	if err != nil {
		return err
	}
	if _, err := svc.SetScreeningLists(ctx, cadre, sc.hood.ID, demoLists); err != nil {
		return err
	}
	res := make([]*service.Principal, 12)
	phones := make([]string, 12)
	for i := range res {
		if res[i], err = s.principal(ctx, sc.residents[i]); err != nil {
			return err
		}
		if phones[i], err = svc.Accounts.Phone(ctx, sc.residents[i]); err != nil {
			return err
		}
	}
	hood := sc.hood.ID
	write := func(p *service.Principal, t proposals.Text) (*proposals.Proposal, error) {
		return svc.CreateProposal(ctx, p, hood, t)
	}

	// A joint proposal, co-signed and accepted, to be adopted in the first meeting.
	lights, err := write(res[0], proposals.Text{Kind: proposals.Joint, Title: "5号楼楼道加装感应灯", Category: "楼道",
		Body: "5号楼楼道晚上太黑，老人上下楼容易摔倒。建议每层加装声控感应灯。"})
	if err != nil {
		return err
	}
	if _, err := svc.InviteCosigners(ctx, res[0], lights.ID, phones[1:4]); err != nil {
		return err
	}
	for _, p := range res[1:4] {
		if err := svc.AnswerInvitation(ctx, p, lights.ID, true); err != nil {
			return err
		}
	}
	if _, err := svc.SubmitProposal(ctx, res[0], lights.ID, 0); err != nil {
		return err
	}
	// One accepted and not adopted after deliberation; one accepted for the next meeting.
	dogs, err := s.submitted(ctx, res[4], proposals.Text{Kind: proposals.Individual, Title: "中心绿地划出遛狗区", Category: "绿化",
		Body: "中心绿地经常有狗粪，建议划出专门的遛狗区域。"})
	if err != nil {
		return err
	}
	bikes, err := s.submitted(ctx, res[5], proposals.Text{Kind: proposals.Individual, Title: "清理僵尸自行车", Category: "环境整治",
		Body: "车棚里有很多没人要的旧自行车，占了位置，建议统一清理。"})
	if err != nil {
		return err
	}
	// An organizational proposal by a registered volunteer team.
	team, err := svc.RegisterGroup(ctx, cadre, hood, "volunteer_team", "银发志愿者队", phones[6:7])
	if err != nil {
		return err
	}
	if _, err := s.submitted(ctx, res[6], proposals.Text{Kind: proposals.Organizational, GroupID: team.ID, Title: "活动室开设老年智能手机课",
		Category: "为老服务", Body: "志愿者每周二下午教老人用智能手机：挂号、视频通话、防诈骗。"}); err != nil {
		return err
	}
	// Returned by the negative list; waiting for review; a draft collecting co-signers.
	if _, err := s.submitted(ctx, res[7], proposals.Text{Kind: proposals.Individual, Title: "小区开团购群", Category: "其他",
		Body: "我可以每周给大家发优惠券，欢迎加入团购群。"}); err != nil {
		return err
	}
	if _, err := s.submitted(ctx, res[8], proposals.Text{Kind: proposals.Individual, Title: "设立共享工具箱",
		Body: "在门卫室放一个共享工具箱，邻居登记借用。"}); err != nil {
		return err
	}
	draft, err := write(res[9], proposals.Text{Kind: proposals.Joint, Title: "地下车库加装照明", Category: "安全", Body: "地下车库B区灯坏了很多，晚上很暗。"})
	if err != nil {
		return err
	}
	if _, err := svc.InviteCosigners(ctx, res[9], draft.ID, phones[10:12]); err != nil {
		return err
	}
	for i, p := range res[:8] {
		if i%2 == 0 {
			if err := svc.SupportProposal(ctx, p, bikes.ID, true); err != nil {
				return err
			}
		}
		if err := svc.SupportProposal(ctx, p, lights.ID, true); err != nil {
			return err
		}
	}
	return s.council(ctx, cadre, res, lights, dogs, bikes)
}

// submitted writes a proposal and submits it at once.
func (s *seeder) submitted(ctx context.Context, p *service.Principal, t proposals.Text) (*proposals.Proposal, error) {
	pr, err := s.svc.CreateProposal(ctx, p, s.show.hood.ID, t)
	if err != nil {
		return nil, err
	}
	sub, err := s.svc.SubmitProposal(ctx, p, pr.ID, 0)
	if err != nil {
		return nil, fmt.Errorf("submit %s: %w", t.Title, err)
	}
	return sub.Proposal, nil
}

// council sets up the first neighborhood's council and its two meetings.
func (s *seeder) council(ctx context.Context, cadre *service.Principal, res []*service.Principal, lights, dogs, bikes *proposals.Proposal) error {
	svc, hood := s.svc, s.show.hood.ID
	now := time.Now()
	if _, err := svc.SetUpCouncil(ctx, cadre, hood, "阳光议事亭"); err != nil {
		return err
	}
	el, err := svc.RecordElection(ctx, cadre, hood, now.AddDate(-1, 0, 0), "居民代表会议差额选举，到会代表46人，选出议事会成员5人。")
	if err != nil {
		return err
	}
	for i, role := range []councils.Role{councils.Chair, councils.ViceChair, councils.BuildingLeader, councils.ResidentRep, councils.ResidentRep} {
		phone, err := svc.Accounts.Phone(ctx, res[i+3].User.ID)
		if err != nil {
			return err
		}
		if _, err := svc.AddCouncilMember(ctx, cadre, hood, phone, councils.Member{Role: role, ElectionID: el.ID, TermStart: now.AddDate(-1, 0, 0),
			TermEnd: now.AddDate(2, 0, 0)}); err != nil {
			return err
		}
	}
	held, err := svc.CallMeeting(ctx, cadre, hood, councils.MeetingInput{Title: "四月居民议事会", StartsAt: now.AddDate(0, 0, -30).Truncate(time.Hour),
		Mode: councils.InPerson, Location: "居委会二楼会议室"}, []councils.AgendaInput{{Kind: councils.AboutProposal, RefID: lights.ID},
		{Kind: councils.AboutProposal, RefID: dogs.ID}, {Kind: councils.AboutOther, Title: "楼组长工作交流", Private: true}})
	if err != nil {
		return err
	}
	for _, p := range res[3:7] {
		if err := svc.SignInToMeeting(ctx, p, held.ID, 0); err != nil {
			return err
		}
	}
	v, err := svc.MeetingPage(ctx, cadre, held.ID)
	if err != nil {
		return err
	}
	for _, d := range []councils.Decision{
		{AgendaID: v.Agenda[0].ID, Body: "同意5号楼楼道加装感应灯，报居委会列入实事项目。", For: 5, Against: 0, Abstain: 0},
		{AgendaID: v.Agenda[1].ID, Body: "暂不划出遛狗区，先加强文明养犬宣传。", For: 2, Against: 3, Abstain: 0},
		{AgendaID: v.Agenda[2].ID, Body: "楼组长每月碰头一次。", For: 5, Private: true},
	} {
		if _, err := svc.RecordDecision(ctx, cadre, held.ID, d); err != nil {
			return err
		}
	}
	if err := svc.WriteMinutes(ctx, cadre, held.ID, "到会议事会成员4人，居委会社工列席。\n一、5号楼楼道感应灯：表决通过，报居委会立项。\n二、遛狗区：意见分歧，暂不划出，先做文明养犬宣传。"); err != nil {
		return err
	}
	if _, err := svc.MoveProposal(ctx, cadre, lights.ID, proposals.Adopt, "已列入今年实事项目，预计下月施工。", 0); err != nil {
		return err
	}
	if _, err := svc.MoveProposal(ctx, cadre, dogs.ID, proposals.NotAdopt, "议事会表决未通过；先开展文明养犬宣传，三个月后再议。", 0); err != nil {
		return err
	}
	overdue, err := svc.AssignAction(ctx, cadre, held.ID, "联系物业为5号楼感应灯询价", res[3].User.ID, now.AddDate(0, 0, -10), false)
	if err != nil {
		return err
	}
	if err := svc.ReportAction(ctx, res[3], overdue.ID, "已联系物业，报价还没出来。", false); err != nil {
		return err
	}
	done, err := svc.AssignAction(ctx, cadre, held.ID, "印发文明养犬倡议书", res[4].User.ID, now.AddDate(0, 0, -15), false)
	if err != nil {
		return err
	}
	if err := svc.ReportAction(ctx, res[4], done.ID, "倡议书已贴到每个楼道。", true); err != nil {
		return err
	}
	if _, err := svc.AssignAction(ctx, cadre, held.ID, "整理车棚自行车登记表", res[5].User.ID, now.AddDate(0, 0, 20), false); err != nil {
		return err
	}
	if _, err := svc.CallMeeting(ctx, cadre, hood, councils.MeetingInput{Title: "五月居民议事会", StartsAt: now.AddDate(0, 0, 7).Truncate(time.Hour),
		Mode: councils.Both, Location: "居委会二楼会议室", OnlineLink: "https://meeting.example.cn/linli-may"},
		[]councils.AgendaInput{{Kind: councils.AboutProposal, RefID: bikes.ID}}); err != nil {
		return err
	}
	_, err = svc.RemindOverdueActions(ctx)
	return err
}
