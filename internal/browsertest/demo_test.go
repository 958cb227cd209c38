package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/browser"
	"github.com/linli-dev/linli/internal/demo"
	"github.com/linli-dev/linli/internal/testenv"
)

// TestDemoDistrictPages walks the sample district as its resident and its
// secretary see it; the screenshots are the ones the README shows.
func TestDemoDistrictPages(t *testing.T) {
	browser.Chromium(t)
	e := testenv.SQLite(t)
	if _, err := demo.Seed(context.Background(), e.Svc); err != nil {
		t.Fatal(err)
	}
	b := browser.New(t)
	resident := b.Incognito(t)
	browser.Navigate(t, resident, e.URL+"/lang/zh-CN?next=/")
	loginWith(t, resident, e.URL, demo.Logins[5].Phone, demo.Password)
	home := browser.Text(t, resident, "main")
	if !strings.Contains(home, "友谊新村") || !strings.Contains(home, "友谊新村物业服务中心") {
		t.Fatalf("demo resident's home:\n%s", home)
	}
	visit(t, resident, "demo-home")
	browser.Navigate(t, resident, e.URL+"/profile")
	browser.Submit(t, resident, "form.stack button[type=submit]")
	if got := browser.Text(t, resident, "main"); !strings.Contains(got, "已保存") || !strings.Contains(got, "139****0011") {
		t.Fatalf("profile after saving:\n%s", got)
	}
	visit(t, resident, "demo-profile")
	browser.Navigate(t, resident, e.URL+"/messages")
	browser.Fill(t, resident, "#body", "楼上漏水，能不能帮忙协调？")
	browser.Submit(t, resident, "form.stack button[type=submit]")
	if got := browser.Text(t, resident, "main"); !strings.Contains(got, "楼上漏水") {
		t.Fatalf("thread after writing:\n%s", got)
	}
	visit(t, resident, "demo-thread")

	secretary := b.Incognito(t)
	browser.Navigate(t, secretary, e.URL+"/lang/zh-CN?next=/")
	loginWith(t, secretary, e.URL, demo.Logins[2].Phone, demo.Password)
	visit(t, secretary, "demo-secretary-home")
	browser.Navigate(t, secretary, e.URL+"/review")
	if got := browser.Text(t, secretary, "main"); !strings.Contains(got, "友谊新村 (3)") {
		t.Fatalf("the secretary's queue should hold the 3 demo requests:\n%s", got)
	}
	visit(t, secretary, "demo-review")
	browser.Navigate(t, secretary, e.URL+"/admin/places")
	visit(t, secretary, "demo-admin")
	browser.Navigate(t, secretary, e.URL+"/messages")
	if got := browser.Text(t, secretary, "main"); !strings.Contains(got, "1 条未读") {
		t.Fatalf("the secretary's mailbox:\n%s", got)
	}
	visit(t, secretary, "demo-mailbox")
}
