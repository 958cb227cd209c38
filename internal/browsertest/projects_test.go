package browsertest

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/browser"
	"github.com/linli-dev/linli/internal/testenv"
)

// TestACadreTurnsATopicIntoAProjectAndResidentsRateIt: a resident's topic
// becomes a project funded 90% by the government and 10% by the maintenance
// fund; the cadre records the owners' vote, runs the work to done with a
// photographed update, and the resident rates it. Every page passes axe.
func TestACadreTurnsATopicIntoAProjectAndResidentsRateIt(t *testing.T) {
	browser.Chromium(t)
	e := testenv.SQLite(t)
	topicID := postTopicAsResidentA(t, e, "3号楼楼道没有扶手", "楼梯太陡，老人上下楼不方便，希望加装扶手。")
	b := browser.New(t)

	cadre := b.Incognito(t)
	browser.Navigate(t, cadre, e.URL+"/lang/zh-CN?next=/")
	login(t, cadre, e.URL, testenv.CadreA)
	browser.Navigate(t, cadre, fmt.Sprintf("%s/topics/%d", e.URL, topicID))
	browser.Submit(t, cadre, fmt.Sprintf(`a[href$="/projects/new?topic=%d"]`, topicID))
	if got := browser.Text(t, cadre, "main"); !strings.Contains(got, "3号楼楼道没有扶手") {
		t.Fatalf("the new project form does not name the topic:\n%s", got)
	}
	visit(t, cadre, "project-form")
	browser.Fill(t, cadre, "#title", "3号楼加装楼道扶手")
	browser.Fill(t, cadre, "#budget", "12000")
	browser.Select(t, cadre, "#source_0", "government")
	browser.Fill(t, cadre, "#share_0", "90")
	browser.Select(t, cadre, "#source_1", "maintenance_fund")
	browser.Fill(t, cadre, "#share_1", "10")
	browser.Fill(t, cadre, "#note_1", "3号楼业主")
	browser.Submit(t, cadre, "form.stack button[type=submit]")
	got := browser.Text(t, cadre, "main")
	for _, want := range []string{"项目已创建", "提议中", "¥12,000.00", "90%", "10%", "¥1,200.00", "需业主大会表决同意"} {
		if !strings.Contains(got, want) {
			t.Fatalf("new project lacks %q:\n%s", want, got)
		}
	}
	visit(t, cadre, "project-proposed")
	projectURL := strings.Split(browser.URL(t, cadre), "?")[0]

	browser.Submit(t, cadre, `button[value="list"]`)
	browser.Submit(t, cadre, `button[value="select"]`)
	browser.Submit(t, cadre, `button[value="start"]`)
	if got := browser.Text(t, cadre, "main"); !strings.Contains(got, "尚未记录表决结果，不能开工") {
		t.Fatalf("the project started without the owners' vote:\n%s", got)
	}
	browser.Fill(t, cadre, "#poll-1", "8")
	browser.Submit(t, cadre, "#funding form button")
	if got := browser.Text(t, cadre, "main"); !strings.Contains(got, "这次表决没有通过这个项目的资金") {
		t.Fatalf("a poll that never took place was recorded:\n%s", got)
	}
	poll := passOwnersVote(t, e, projectURL) // its close approves the share
	browser.Navigate(t, cadre, projectURL)
	browser.Submit(t, cadre, `button[value="start"]`)
	browser.Fill(t, cadre, "#milestone_title", "扶手安装完成")
	browser.Fill(t, cadre, "#due", "2026-05-01")
	browser.Submit(t, cadre, `form[action$="/milestones"] button`)
	browser.Fill(t, cadre, "#body", "一到三楼的扶手已经装好。")
	browser.SetUploadFiles(t, cadre, "#photos", jpegFile(t))
	browser.Submit(t, cadre, `form[action$="/updates"] button[type=submit]`)
	if got := browser.Text(t, cadre, "#timeline"); !strings.Contains(got, "一到三楼的扶手已经装好") {
		t.Fatalf("timeline after the update:\n%s", got)
	}
	browser.WaitVisible(t, cadre, "#timeline .photos img")
	visit(t, cadre, "project-in-progress")
	browser.Submit(t, cadre, `#milestones button`)
	browser.Submit(t, cadre, `button[value="finish"]`)
	if got := browser.Text(t, cadre, "main"); !strings.Contains(got, "已完工") || !strings.Contains(got, fmt.Sprintf("业主大会第 %d 号表决已同意", poll)) {
		t.Fatalf("done project:\n%s", got)
	}

	resident := b.Incognito(t)
	browser.Navigate(t, resident, e.URL+"/lang/zh-CN?next=/")
	login(t, resident, e.URL, testenv.ResidentA)
	browser.Navigate(t, resident, e.URL+"/inbox")
	if got := browser.Text(t, resident, "main"); !strings.Contains(got, "您关注的项目「3号楼加装楼道扶手」已完工，欢迎评价") {
		t.Fatalf("the proposer's inbox:\n%s", got)
	}
	browser.Navigate(t, resident, projectURL)
	visit(t, resident, "project-done")
	browser.Click(t, resident, `input[name="stars"][value="5"]`)
	browser.Fill(t, resident, "#comment", "扶手很结实，老人上下楼方便多了。")
	browser.Submit(t, resident, `form[action$="/rating"] button`)
	if got := browser.Text(t, resident, "#ratings"); !strings.Contains(got, "您已评价：5 星") || !strings.Contains(got, "扶手很结实") {
		t.Fatalf("after rating:\n%s", got)
	}
	visit(t, resident, "project-rated")
	browser.Navigate(t, resident, fmt.Sprintf("%s/neighborhoods/%d/projects", e.URL, e.A.ID))
	if got := browser.Text(t, resident, "main"); !strings.Contains(got, "3号楼加装楼道扶手") || !strings.Contains(got, "已完工 (1)") {
		t.Fatalf("the neighborhood's projects:\n%s", got)
	}
	visit(t, resident, "project-list")
}

// postTopicAsResidentA puts a topic on A's board through the service, as
// resident A, and returns its id.
func postTopicAsResidentA(t *testing.T, e *testenv.Env, title, body string) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := e.Svc.Accounts.UserIDByPhone(ctx, testenv.ResidentA)
	if err != nil {
		t.Fatal(err)
	}
	u, err := e.Svc.Accounts.User(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.Svc.Load(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.Svc.BoardPage(ctx, p, e.A.ID, 0, board.Latest, "")
	if err != nil {
		t.Fatal(err)
	}
	tp, err := e.Svc.PostTopic(ctx, p, v.Sections[0].ID, board.Draft{Title: title, Body: body, Category: "facilities"})
	if err != nil {
		t.Fatal(err)
	}
	return tp.ID
}

// jpegFile writes a small photo to a temporary file and returns its path.
func jpegFile(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for x := 0; x < 320; x++ {
		for y := 0; y < 240; y++ {
			img.Set(x, y, color.RGBA{uint8(x * 3 / 4), uint8(y), 120, 255})
		}
	}
	path := filepath.Join(t.TempDir(), "handrail.jpg")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := jpeg.Encode(f, img, nil); err != nil {
		t.Fatal(err)
	}
	return path
}
