package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/browser"
	"github.com/linli-dev/linli/internal/testenv"
	"github.com/linli-dev/linli/internal/workclock"
)

// TestOverdueCaseEscalatesToTheStreet drives the clocks with the test clock:
// a resident reports at 09:00 on a Wednesday; nobody answers; the first
// response was due at 14:30 (four working hours, lunch excluded) and the
// street's grace is four more working hours, so by Thursday 10:00 the
// clock job has reminded the committee and raised the case to the street.
// The cadre's overdue queue shows it, marked overdue and escalated; the
// street's escalated queue shows it; the case page and the street's metrics
// say so. Every page passes axe.
func TestOverdueCaseEscalatesToTheStreet(t *testing.T) {
	browser.Chromium(t)
	e := testenv.SQLite(t)
	zone := workclock.Shanghai()
	clock := testenv.NewClock(time.Date(2025, 9, 17, 9, 0, 0, 0, zone))
	e.UseCaseClock(clock)
	b := browser.New(t)

	resident := person(t, b, e, testenv.ResidentA)
	browser.Navigate(t, resident, e.URL+"/cases/new")
	browser.Select(t, resident, "#category", "safety")
	browser.Fill(t, resident, "#description", "小区北门的路灯不亮，晚上很黑\n已经好几天了")
	browser.Submit(t, resident, "form.stack button[type=submit]")
	mustSee(t, resident, "待受理", "小区北门的路灯不亮")
	caseURL := strings.Split(browser.URL(t, resident), "?")[0]

	// Before the deadline: nothing is overdue, the sweep does nothing.
	clock.Set(time.Date(2025, 9, 17, 14, 0, 0, 0, zone))
	runClocks(t, e)
	cadre := person(t, b, e, testenv.CadreA)
	browser.Navigate(t, cadre, fmt.Sprintf("%s/places/%d/workbench?queue=overdue", e.URL, e.A.ID))
	if strings.Contains(browser.Text(t, cadre, "main"), "小区北门的路灯不亮") {
		t.Fatal("the case is overdue before its deadline")
	}

	clock.Set(time.Date(2025, 9, 18, 10, 0, 0, 0, zone))
	runClocks(t, e)
	browser.Navigate(t, cadre, fmt.Sprintf("%s/places/%d/workbench?queue=overdue", e.URL, e.A.ID))
	mustSee(t, cadre, "小区北门的路灯不亮", "超时", "已上报街道")
	visit(t, cadre, "workbench-overdue")

	street := person(t, b, e, testenv.StreetAdmin)
	browser.Navigate(t, street, fmt.Sprintf("%s/places/%d/workbench?queue=escalated", e.URL, e.Street.ID))
	mustSee(t, street, "小区北门的路灯不亮", "已上报街道")
	visit(t, street, "street-escalated")
	browser.Navigate(t, street, caseURL)
	mustSee(t, street, "已上报街道", "上报上级")
	visit(t, street, "case-escalated")

	browser.Navigate(t, street, fmt.Sprintf("%s/places/%d/case-metrics?from=2025-09-15&to=2025-09-21", e.URL, e.Street.ID))
	mustSee(t, street, "案件统计", "下辖居委排名", "甲小区")
	if got := browser.Text(t, street, "#figures"); !strings.Contains(got, "0 / 1") {
		t.Fatalf("the street's figures do not count the late answer: %s", got)
	}
	visit(t, street, "street-metrics")
}

// runClocks runs the case clocks once, as `linli jobs run` does, at the test clock's time.
func runClocks(t *testing.T, e *testenv.Env) {
	t.Helper()
	if _, err := e.Svc.RunClocks(context.Background()); err != nil {
		t.Fatal(err)
	}
}
