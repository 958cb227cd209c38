package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/browser"
	"github.com/linli-dev/linli/internal/testenv"
)

// visit checks and photographs the page the tab is on.
func visit(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	browser.Screenshot(t, ctx, name)
	browser.CheckA11y(t, ctx, name)
}

func login(t *testing.T, ctx context.Context, base, phone string) {
	t.Helper()
	loginWith(t, ctx, base, phone, testenv.Password)
}

func loginWith(t *testing.T, ctx context.Context, base, phone, password string) {
	t.Helper()
	browser.Navigate(t, ctx, base+"/login")
	browser.Fill(t, ctx, "#phone", phone)
	browser.Fill(t, ctx, "#password", password)
	browser.Submit(t, ctx, "form.stack button[type=submit]")
}

func TestResidentRegistersVerifiesAndLogsIn(t *testing.T) {
	browser.Chromium(t)
	e := testenv.SQLite(t)
	b := browser.New(t)
	ctx := b.Incognito(t)

	// Chromium here asks for English; residents choose Chinese with the switch.
	browser.Navigate(t, ctx, e.URL+"/lang/zh-CN?next=/")
	visit(t, ctx, "welcome")
	browser.Navigate(t, ctx, e.URL+"/register")
	visit(t, ctx, "register")
	browser.Fill(t, ctx, "#phone", "139 0000 1234")
	browser.Fill(t, ctx, "#nickname", "楼下的张阿姨")
	browser.Fill(t, ctx, "#password", "我的密码很安全的")
	browser.Submit(t, ctx, "form.stack button[type=submit]")
	if got := browser.URL(t, ctx); !strings.Contains(got, "/verify") {
		t.Fatalf("after registering: %s", got)
	}
	visit(t, ctx, "verify-step1")
	browser.Select(t, ctx, "#neighborhood", fmt.Sprint(e.A.ID))
	browser.Submit(t, ctx, "form.stack button[type=submit]")
	visit(t, ctx, "verify-step2")
	browser.Select(t, ctx, "#building", fmt.Sprint(e.BuildingA.ID))
	browser.Fill(t, ctx, "#room", "１０１")
	browser.Fill(t, ctx, "#real_name", testenv.RosterName)
	browser.Fill(t, ctx, "#id_number", "11010519491231002x")
	browser.Submit(t, ctx, "form.stack button[type=submit]")
	home := browser.Text(t, ctx, "main")
	if !strings.Contains(home, "实名认证通过") || !strings.Contains(home, "甲小区") {
		t.Fatalf("home after verification:\n%s", home)
	}
	visit(t, ctx, "home-verified")

	browser.Submit(t, ctx, "header form button")
	loginWith(t, ctx, e.URL, "13900001234", "我的密码很安全的")
	if h1 := browser.Text(t, ctx, "h1"); h1 != "甲小区" {
		t.Fatalf("home after logging in again: %q", h1)
	}
	browser.Navigate(t, ctx, e.URL+"/lang/en?next=/")
	if got := browser.Text(t, ctx, "main"); !strings.Contains(got, "Verified residents") {
		t.Fatalf("English home: %s", got)
	}
	visit(t, ctx, "home-english")
}

func TestCadreApprovesAPendingVerification(t *testing.T) {
	browser.Chromium(t)
	e := testenv.SQLite(t)
	b := browser.New(t)

	resident := b.Incognito(t)
	browser.Navigate(t, resident, e.URL+"/lang/zh-CN?next=/")
	login(t, resident, e.URL, testenv.Newcomer)
	browser.Navigate(t, resident, fmt.Sprintf("%s/verify?neighborhood=%d", e.URL, e.A.ID))
	browser.Select(t, resident, "#building", fmt.Sprint(e.BuildingA.ID))
	browser.Fill(t, resident, "#room", "102")
	browser.Fill(t, resident, "#real_name", "钱租客")
	browser.Fill(t, resident, "#id_number", "11010519491231002X")
	browser.Submit(t, resident, "form.stack button[type=submit]")
	if got := browser.Text(t, resident, "main"); !strings.Contains(got, "等待居委会审核") {
		t.Fatalf("resident after submitting:\n%s", got)
	}
	visit(t, resident, "verify-pending")

	cadre := b.Incognito(t)
	browser.Navigate(t, cadre, e.URL+"/lang/zh-CN?next=/")
	login(t, cadre, e.URL, testenv.CadreA)
	visit(t, cadre, "cadre-home")
	browser.Navigate(t, cadre, e.URL+"/review")
	queue := browser.Text(t, cadre, "main")
	if !strings.Contains(queue, "新邻居") || !strings.Contains(queue, "钱*客") || strings.Contains(queue, "钱租客") {
		t.Fatalf("queue should show the request with the name masked:\n%s", queue)
	}
	visit(t, cadre, "review-queue")
	browser.Submit(t, cadre, "button[value=approve]")
	if got := browser.Text(t, cadre, "main"); !strings.Contains(got, "已处理") || !strings.Contains(got, "没有待审核的申请") {
		t.Fatalf("queue after approving:\n%s", got)
	}

	browser.Navigate(t, resident, e.URL+"/")
	if h1 := browser.Text(t, resident, "h1"); h1 != "甲小区" {
		t.Fatalf("resident's home after approval: %q", h1)
	}
}

func TestAdminImportsARosterAndSeesProgress(t *testing.T) {
	browser.Chromium(t)
	e := testenv.SQLite(t)
	b := browser.New(t)
	ctx := b.Incognito(t)
	browser.Navigate(t, ctx, e.URL+"/lang/zh-CN?next=/")
	login(t, ctx, e.URL, testenv.SecretaryA)
	browser.Navigate(t, ctx, fmt.Sprintf("%s/admin/places/%d", e.URL, e.A.ID))
	visit(t, ctx, "admin-neighborhood")
	browser.Navigate(t, ctx, fmt.Sprintf("%s/admin/places/%d", e.URL, e.BuildingA.ID))
	roster := browser.Text(t, ctx, "main")
	if !strings.Contains(roster, "张*英") || strings.Contains(roster, testenv.RosterID) {
		t.Fatalf("building roster must be masked:\n%s", roster)
	}
	visit(t, ctx, "admin-building")
	browser.Navigate(t, ctx, e.URL+"/admin/audit")
	visit(t, ctx, "audit-log")
}
