package browsertest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/browser"
	"github.com/linli-dev/linli/internal/idcard"
	"github.com/linli-dev/linli/internal/proposals"
	"github.com/linli-dev/linli/internal/testenv"
)

// streetLists gives the fixture's street its default screening lists, as its admin.
func streetLists(t *testing.T, e *testenv.Env) {
	t.Helper()
	ctx := context.Background()
	id, _ := e.Svc.Accounts.UserIDByPhone(ctx, testenv.StreetAdmin)
	u, _ := e.Svc.Accounts.User(ctx, id)
	p, err := e.Svc.Load(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.SetScreeningLists(ctx, p, e.Street.ID, proposals.ListEdit{MinCosigners: 2, Encouraged: []string{"楼道", "环境整治", "安全"},
		Negative: []proposals.Item{{Name: "商业推广", Words: []string{"优惠券", "推销"}, Explanation: "提案不能用来推广商品或生意。"}}}); err != nil {
		t.Fatal(err)
	}
}

// TestAJointProposalBecomesAProject: a resident writes a joint proposal, two
// neighbors co-sign it, it passes screening in an encouraged category, the
// council deliberates it in a meeting whose minutes record the decision, and
// the committee adopts it as a project. A proposal promoting a shop is
// returned at once with the item it matched and why. Every page passes axe.
func TestAJointProposalBecomesAProject(t *testing.T) {
	browser.Chromium(t)
	e := testenv.SQLite(t)
	streetLists(t, e)
	rng := rand.New(rand.NewPCG(3, 4))
	neighbors := []string{"13600000101", "13600000102"}
	for i, ph := range neighbors {
		e.AddResident(t, ph, fmt.Sprintf("甲邻居%d", i+1), "邻居", string(idcard.Synthetic(rng, time.Date(1980+i, 5, 1, 0, 0, 0, 0, time.UTC), i+1)), e.HouseholdA)
	}
	b := browser.New(t)

	author := person(t, b, e, testenv.ResidentA)
	browser.Navigate(t, author, fmt.Sprintf("%s/neighborhoods/%d/proposals/new", e.URL, e.A.ID))
	visit(t, author, "proposal-form")
	browser.Click(t, author, `input[name="kind"][value="joint"]`)
	browser.Fill(t, author, "#title", "5号楼楼道加装感应灯")
	browser.Select(t, author, "#category", "楼道")
	browser.Fill(t, author, "#body", "楼道晚上太黑，老人容易摔倒，建议每层加装感应灯。")
	browser.Submit(t, author, "form.stack button[type=submit]")
	mustSee(t, author, "草稿已保存", "联名提案")
	proposalURL := strings.Split(browser.URL(t, author), "?")[0]
	browser.Fill(t, author, "#phones", strings.Join(neighbors, ","))
	browser.Submit(t, author, `form[action$="/invite"] button`)
	mustSee(t, author, "邀请已发送", "甲邻居1", "已邀请")
	browser.Submit(t, author, "#submit-proposal")
	mustSee(t, author, "至少需要2位邻居同意联名")
	visit(t, author, "proposal-draft")

	for _, ph := range neighbors {
		n := person(t, b, e, ph)
		browser.Navigate(t, n, e.URL+"/inbox")
		mustSee(t, n, "邀请您联名提案“5号楼楼道加装感应灯”")
		browser.Navigate(t, n, proposalURL)
		browser.Submit(t, n, "#cosign-accept")
		mustSee(t, n, "已同意")
	}
	browser.Navigate(t, author, proposalURL)
	browser.Submit(t, author, "#submit-proposal")
	mustSee(t, author, "提案已提交并受理", "已受理", "2人联名")
	visit(t, author, "proposal-accepted")

	cadre := person(t, b, e, testenv.CadreA)
	browser.Navigate(t, cadre, fmt.Sprintf("%s/neighborhoods/%d/council", e.URL, e.A.ID))
	visit(t, cadre, "council-none")
	browser.Submit(t, cadre, `form[action$="/council"] button`)
	browser.Fill(t, cadre, "#m-title", "五月议事会")
	browser.Fill(t, cadre, "#starts_at", time.Now().Format("2006-01-02T15:04"))
	browser.Fill(t, cadre, "#location", "居委会二楼会议室")
	browser.Fill(t, cadre, "#proposal_id", strings.TrimPrefix(proposalURL, e.URL+"/proposals/"))
	browser.Submit(t, cadre, "#call-meeting")
	mustSee(t, cadre, "会议已安排", "5号楼楼道加装感应灯")
	browser.Fill(t, cadre, "#d-body", "同意加装感应灯，列入实事项目。")
	browser.Fill(t, cadre, "#d-for", "9")
	browser.Fill(t, cadre, "#d-against", "1")
	browser.Submit(t, cadre, "#record-decision")
	browser.Fill(t, cadre, "#minutes-in", "到会10人。讨论5号楼楼道感应灯，表决通过。")
	browser.Submit(t, cadre, "#save-minutes")
	browser.Fill(t, cadre, "#x-title", "联系物业询价")
	browser.Fill(t, cadre, "#x-due", time.Now().AddDate(0, 0, 14).Format("2006-01-02"))
	browser.Submit(t, cadre, `form[action$="/actions"] button`)
	mustSee(t, cadre, "通过", "赞成9，反对1，弃权0", "到会10人", "联系物业询价", "已协商")
	visit(t, cadre, "meeting")

	browser.Navigate(t, cadre, proposalURL)
	browser.Select(t, cadre, "#action", "adopt")
	browser.Fill(t, cadre, "#note", "列入今年实事项目，预计六月施工。")
	browser.Submit(t, cadre, "#move-proposal")
	mustSee(t, cadre, "已采纳", "列入今年实事项目")
	browser.Submit(t, cadre, "#project-link")
	mustSee(t, cadre, "5号楼楼道加装感应灯", "提议中")

	browser.Navigate(t, author, proposalURL)
	mustSee(t, author, "已采纳", "居委会反馈：列入今年实事项目")
	visit(t, author, "proposal-adopted")
	browser.Navigate(t, author, fmt.Sprintf("%s/neighborhoods/%d/council", e.URL, e.A.ID))
	mustSee(t, author, "联系物业询价", "五月议事会")
	visit(t, author, "council")

	// The committee takes the street's lists as its own and adds an item, on the page.
	browser.Navigate(t, cadre, fmt.Sprintf("%s/places/%d/screening", e.URL, e.A.ID))
	mustSee(t, cadre, "目前使用街道的默认清单")
	visit(t, cadre, "proposal-lists")
	browser.Fill(t, cadre, "#negative", "商业推广 | 优惠券、推销 | 提案不能用来推广商品或生意。\n违法事项 | 私搭乱建、违建 | 违法的事不能作为提案。")
	browser.Submit(t, cadre, "#save-lists")
	mustSee(t, cadre, "已保存", "本居民区使用自己的清单", "第1版")

	browser.Navigate(t, author, fmt.Sprintf("%s/neighborhoods/%d/proposals/new", e.URL, e.A.ID))
	browser.Fill(t, author, "#title", "小区团购")
	browser.Fill(t, author, "#body", "我可以给大家发优惠券，欢迎加入。")
	browser.Submit(t, author, "form.stack button[type=submit]")
	browser.Submit(t, author, "#submit-proposal")
	mustSee(t, author, "提案被退回", "商业推广", "优惠券", "提案不能用来推广商品或生意。", "您可以修改后重新提交")
	visit(t, author, "proposal-returned")
	browser.Navigate(t, author, fmt.Sprintf("%s/neighborhoods/%d/proposals", e.URL, e.A.ID))
	mustSee(t, author, "5号楼楼道加装感应灯", "小区团购")
	visit(t, author, "proposal-list")
}
