package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/browser"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/testenv"
)

// person opens a private browser window logged in as phone, in Chinese.
func person(t *testing.T, b *browser.Browser, e *testenv.Env, phone string) context.Context {
	t.Helper()
	ctx := b.Incognito(t)
	browser.Navigate(t, ctx, e.URL+"/lang/zh-CN?next=/")
	login(t, ctx, e.URL, phone)
	return ctx
}

func mustSee(t *testing.T, ctx context.Context, what ...string) {
	t.Helper()
	got := browser.Text(t, ctx, "main")
	for _, w := range what {
		if !strings.Contains(got, w) {
			t.Fatalf("page lacks %q:\n%s", w, got)
		}
	}
}

// TestCaseFromReportToRating closes the loop in the browser: a resident
// reports a broken light, the committee acknowledges it and assigns the
// property company, the property company resolves it, and the resident
// confirms and rates it. Every page passes axe.
func TestCaseFromReportToRating(t *testing.T) {
	browser.Chromium(t)
	e := testenv.SQLite(t)
	const propertyPhone = "13700000201"
	unit := e.AddUnit(t, e.A, org.Property, "甲小区物业", propertyPhone, "物业小王")
	b := browser.New(t)

	resident := person(t, b, e, testenv.ResidentA)
	browser.Navigate(t, resident, e.URL+"/cases/new")
	visit(t, resident, "case-new")
	browser.Select(t, resident, "#category", "facilities")
	browser.Select(t, resident, "#place", fmt.Sprint(e.BuildingA.ID))
	browser.Fill(t, resident, "#description", "1号楼三楼楼道灯坏了一个星期\n晚上老人上下楼看不见")
	browser.Fill(t, resident, "#address", "三楼楼梯口")
	browser.Submit(t, resident, "form.stack button[type=submit]")
	mustSee(t, resident, "已提交", "1号楼三楼楼道灯坏了一个星期", "待受理")
	caseURL := strings.Split(browser.URL(t, resident), "?")[0]
	visit(t, resident, "case-submitted")

	cadre := person(t, b, e, testenv.CadreA)
	browser.Navigate(t, cadre, e.URL+"/workbench")
	mustSee(t, cadre, "待受理", "1号楼三楼楼道灯坏了一个星期")
	visit(t, cadre, "workbench")
	browser.Navigate(t, cadre, caseURL)
	visit(t, cadre, "case-cadre")
	browser.Fill(t, cadre, "#note-ack", "收到，今天联系物业")
	browser.Submit(t, cadre, "button[value=acknowledge]")
	mustSee(t, cadre, "已受理", "收到，今天联系物业")
	browser.Select(t, cadre, "#lead_unit", fmt.Sprint(unit.ID))
	browser.Submit(t, cadre, "button[value=assign]")
	mustSee(t, cadre, "已派单", "甲小区物业")
	visit(t, cadre, "case-assigned")

	property := person(t, b, e, propertyPhone)
	browser.Navigate(t, property, e.URL+"/workbench")
	mustSee(t, property, "1号楼三楼楼道灯坏了一个星期")
	visit(t, property, "unit-queue")
	browser.Navigate(t, property, caseURL)
	browser.Fill(t, property, "#note-resolve", "已更换灯泡")
	browser.Submit(t, property, "button[value=resolve]")
	mustSee(t, property, "已办结待确认", "已更换灯泡")
	visit(t, property, "case-resolved")

	browser.Navigate(t, resident, e.URL+"/inbox")
	mustSee(t, resident, "已办结，请确认并评价")
	visit(t, resident, "inbox-cases")
	browser.Navigate(t, resident, caseURL)
	browser.Click(t, resident, "#rating-4")
	browser.Fill(t, resident, "#comment", "修得挺快，谢谢")
	browser.Submit(t, resident, "button[value=confirm]")
	mustSee(t, resident, "谢谢您的评价", "已关闭", "居民确认解决", "修得挺快，谢谢", "★★★★☆")
	visit(t, resident, "case-closed")
	browser.Navigate(t, resident, e.URL+"/cases")
	mustSee(t, resident, "已关闭")
	visit(t, resident, "my-cases")

	street := person(t, b, e, testenv.StreetAdmin)
	browser.Navigate(t, street, fmt.Sprintf("%s/places/%d/workbench?queue=all", e.URL, e.Street.ID))
	mustSee(t, street, "1号楼三楼楼道灯坏了一个星期")
	visit(t, street, "oversight")
	browser.Navigate(t, cadre, fmt.Sprintf("%s/neighborhoods/%d/case-routes", e.URL, e.A.ID))
	visit(t, cadre, "case-routes")
}
