package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/browser"
	"github.com/linli-dev/linli/internal/testenv"
)

func TestNeighborsPostCommentLikeAndSearch(t *testing.T) {
	browser.Chromium(t)
	e := testenv.SQLite(t)
	b := browser.New(t)

	author := b.Incognito(t)
	browser.Navigate(t, author, e.URL+"/lang/zh-CN?next=/")
	login(t, author, e.URL, testenv.ResidentA)
	browser.Navigate(t, author, e.URL+"/board")
	visit(t, author, "board-empty")
	browser.Navigate(t, author, fmt.Sprintf("%s/neighborhoods/%d/compose", e.URL, e.A.ID))
	visit(t, author, "compose")
	browser.Select(t, author, "#category", "parking")
	browser.Fill(t, author, "#title", "晚上停车太难了")
	browser.Fill(t, author, "#body", "三号楼门口每天晚上都停满了。\n能不能请物业划线？")
	browser.Fill(t, author, "#place_note", "3号楼门口")
	browser.Submit(t, author, "form.stack button[type=submit]")
	if got := browser.Text(t, author, "main"); !strings.Contains(got, "发布成功") || !strings.Contains(got, "能不能请物业划线") {
		t.Fatalf("topic after posting:\n%s", got)
	}
	topicURL := browser.URL(t, author)
	visit(t, author, "topic")

	neighbor := b.Incognito(t)
	browser.Navigate(t, neighbor, e.URL+"/lang/zh-CN?next=/")
	login(t, neighbor, e.URL, testenv.CadreA)
	browser.Navigate(t, neighbor, topicURL)
	browser.Fill(t, neighbor, "#body", "收到，下周和物业一起来看。")
	browser.Submit(t, neighbor, "form.stack button[type=submit]")
	browser.Submit(t, neighbor, "article form button")
	got := browser.Text(t, neighbor, "main")
	if !strings.Contains(got, "收到，下周和物业一起来看") || !strings.Contains(got, "取消点赞 (1)") {
		t.Fatalf("topic after a comment and a like:\n%s", got)
	}
	visit(t, neighbor, "topic-commented")

	// A second resident's comment is an advert; the cadre hides it with a reason.
	browser.Navigate(t, author, topicURL)
	browser.Fill(t, author, "#body", "出售二手车，加微信")
	browser.Submit(t, author, "form.stack button[type=submit]")
	browser.Navigate(t, neighbor, topicURL)
	browser.Fill(t, neighbor, "li.card:last-child input[name=reason]", "广告")
	browser.Submit(t, neighbor, "li.card:last-child button[value=hide]")
	if got := browser.Text(t, neighbor, "main"); strings.Contains(got, "出售二手车") || !strings.Contains(got, "已处理") {
		t.Fatalf("after hiding the advert:\n%s", got)
	}
	browser.Navigate(t, author, e.URL+"/inbox")
	if got := browser.Text(t, author, "main"); !strings.Contains(got, "居委会隐藏了您的内容，原因：广告") {
		t.Fatalf("author's inbox:\n%s", got)
	}
	visit(t, author, "inbox")

	browser.Navigate(t, author, fmt.Sprintf("%s/places/%d/search?q=%s", e.URL, e.A.ID, "停车"))
	results := browser.Text(t, author, "main")
	if !strings.Contains(results, "找到 1 条") || !strings.Contains(results, "晚上停车太难了") {
		t.Fatalf("search for 停车:\n%s", results)
	}
	visit(t, author, "search")
	browser.Navigate(t, author, e.URL+"/board")
	if got := browser.Text(t, author, "main"); !strings.Contains(got, "评论 1 · 点赞 1 · 阅读 2") {
		t.Fatalf("board counters:\n%s", got)
	}
	visit(t, author, "board")
}

func TestStreetAdminSeesEveryBoardUnderTheStreet(t *testing.T) {
	browser.Chromium(t)
	e := testenv.SQLite(t)
	b := browser.New(t)
	ctx := b.Incognito(t)
	browser.Navigate(t, ctx, e.URL+"/lang/zh-CN?next=/")
	login(t, ctx, e.URL, testenv.StreetAdmin)
	browser.Navigate(t, ctx, e.URL+"/board")
	got := browser.Text(t, ctx, "main")
	if !strings.Contains(got, "甲小区") || !strings.Contains(got, "乙小区") {
		t.Fatalf("street admin's boards:\n%s", got)
	}
	visit(t, ctx, "boards")
	browser.Navigate(t, ctx, fmt.Sprintf("%s/neighborhoods/%d/board", e.URL, e.B.ID))
	if h1 := browser.Text(t, ctx, "h1"); h1 != "乙小区" {
		t.Fatalf("street admin opening B's board: %q", h1)
	}
}
