package app_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/testenv"
)

// projectPage fetches a page and returns its status and HTML.
func projectPage(t *testing.T, c *testenv.Client, path string) (int, string) {
	t.Helper()
	st, body := c.Do("GET", path, nil)
	return st, body["_raw"].(string)
}

// postProjectForm sends a form the way a browser without JavaScript does: fields,
// and files as multipart when there are any. It returns the status, the
// redirect target and the HTML.
func postProjectForm(t *testing.T, e *testenv.Env, c *testenv.Client, path string, fields url.Values, files map[string][]byte) (int, string, string) {
	t.Helper()
	var body io.Reader = strings.NewReader(fields.Encode())
	ctype := "application/x-www-form-urlencoded"
	if files != nil {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, vs := range fields {
			for _, v := range vs {
				mw.WriteField(k, v)
			}
		}
		for name, b := range files {
			fw, _ := mw.CreateFormFile("photos", name)
			fw.Write(b)
		}
		mw.Close()
		body, ctype = &buf, mw.FormDataContentType()
	}
	req, _ := http.NewRequest("POST", e.URL+path, body)
	req.Header.Set("Content-Type", ctype)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// TestProjectPagesWithoutJavaScript walks the cadre's and the resident's
// pages: a topic made into a project with a 90/10 split, a form error shown
// beside its field, moves, a milestone, an update with a photo, a rating.
func TestProjectPagesWithoutJavaScript(t *testing.T) {
	e := testenv.SQLite(t)
	topic := residentTopic(t, e, "单元门禁坏了")
	cadre, res, cadreB := e.Client(t), e.Client(t), e.Client(t)
	cadre.Login(testenv.CadreA)
	res.Login(testenv.ResidentA)
	cadreB.Login(testenv.CadreB)

	if _, html := projectPage(t, cadre, fmt.Sprintf("/topics/%d", topic.ID)); !strings.Contains(html, "转为实事项目") {
		t.Fatal("the cadre's topic page offers no way to make a project")
	}
	if _, html := projectPage(t, res, fmt.Sprintf("/topics/%d", topic.ID)); strings.Contains(html, "转为实事项目") {
		t.Fatal("a resident is offered to make a project")
	}
	newPath := fmt.Sprintf("/neighborhoods/%d/projects/new?topic=%d", e.A.ID, topic.ID)
	st, html := projectPage(t, cadre, newPath)
	if st != 200 || !strings.Contains(html, `value="单元门禁坏了"`) || !strings.Contains(html, "专项维修资金") {
		t.Fatalf("new project form: %d\n%s", st, html)
	}
	if st, _ := projectPage(t, cadreB, newPath); st != 404 {
		t.Fatalf("cadre of B opening A's form: %d", st)
	}
	fields := url.Values{"topic_id": {fmt.Sprint(topic.ID)}, "title": {"更换单元门禁"}, "description": {"更换3号楼单元门禁系统。"},
		"budget": {"12,000"}, "source_0": {"government"}, "share_0": {"90"}, "source_1": {"maintenance_fund"}, "share_1": {"9"}}
	st, _, html = postProjectForm(t, e, cadre, fmt.Sprintf("/neighborhoods/%d/projects", e.A.ID), fields, nil)
	if st != 422 || !strings.Contains(html, "各资金来源合计应为 100%，现在是 99%") || !strings.Contains(html, `value="更换单元门禁"`) {
		t.Fatalf("a 90/9 split: %d\n%s", st, html)
	}
	fields.Set("share_1", "10")
	fields.Set("note_1", "3号楼")
	st, loc, _ := postProjectForm(t, e, cadre, fmt.Sprintf("/neighborhoods/%d/projects", e.A.ID), fields, nil)
	if st != 303 || !strings.HasPrefix(loc, "/projects/") {
		t.Fatalf("create: %d %s", st, loc)
	}
	path := strings.Split(loc, "?")[0]
	_, html = projectPage(t, cadre, loc)
	for _, want := range []string{"项目已创建", "提议中", "¥12,000.00", "政府财政</strong> 90%", "¥1,200.00", "需业主大会表决同意", "列入候选", "甲居民"} {
		if !strings.Contains(html, want) {
			t.Fatalf("project page lacks %q:\n%s", want, html)
		}
	}
	if st, loc := getRedirect(t, e, cadre, newPath); st != 303 || !strings.HasPrefix(loc, path) {
		t.Fatalf("the topic's form once it has a project: %d %s", st, loc)
	}

	move := func(action, note string) {
		t.Helper()
		if st, _, html := postProjectForm(t, e, cadre, path+"/move", url.Values{"action": {action}, "note": {note}}, nil); st != 303 {
			t.Fatalf("%s: %d\n%s", action, st, html)
		}
	}
	move("list", "")
	move("select", "")
	if st, _, html := postProjectForm(t, e, cadre, path+"/move", url.Values{"action": {"start"}}, nil); st != 409 || !strings.Contains(html, "尚未记录表决结果") {
		t.Fatalf("start before the owners' vote: %d\n%s", st, html)
	}
	if st, _, _ := postProjectForm(t, e, cadre, path+"/funding/1/approval", url.Values{"poll_id": {"31"}}, nil); st != 422 {
		t.Fatalf("recording a poll that does not exist: %d", st)
	}
	poll := passedOwnersVote(t, e, projectIDFrom(t, path))
	move("start", "")
	if st, _, html := postProjectForm(t, e, cadre, path+"/milestones", url.Values{"milestone_title": {"设备到货"}, "due": {"明天"}}, nil); st != 422 || !strings.Contains(html, "请填写完成日期") {
		t.Fatalf("a bad due date: %d\n%s", st, html)
	}
	if st, _, _ := postProjectForm(t, e, cadre, path+"/milestones", url.Values{"milestone_title": {"设备到货"}, "due": {"2026-04-01"}}, nil); st != 303 {
		t.Fatalf("milestone: %d", st)
	}
	st, _, html = postProjectForm(t, e, cadre, path+"/updates", url.Values{"body": {"新门禁已安装，正在调试。"}}, map[string][]byte{"door.jpg": jpegWithCamera(t, "Cam")})
	if st != 303 {
		t.Fatalf("update with a photo: %d\n%s", st, html)
	}
	move("finish", "")

	if st, html := projectPage(t, cadreB, path); st != 404 || strings.Contains(html, "更换单元门禁") {
		t.Fatalf("cadre of B opening A's project: %d", st)
	}
	_, html = projectPage(t, res, path)
	for _, want := range []string{"已完工", "新门禁已安装", "/photos/", "您对完成的效果满意吗", fmt.Sprintf("第 %d 号表决已同意", poll), "设备到货"} {
		if !strings.Contains(html, want) {
			t.Fatalf("resident's project page lacks %q:\n%s", want, html)
		}
	}
	if strings.Contains(html, "居委会操作") {
		t.Fatal("the resident is shown the committee's actions")
	}
	if st, _, _ := postProjectForm(t, e, res, path+"/rating", url.Values{"stars": {"4"}, "comment": {"刷卡很灵"}}, nil); st != 303 {
		t.Fatalf("rating: %d", st)
	}
	if st, _, html := postProjectForm(t, e, res, path+"/rating", url.Values{"stars": {"1"}}, nil); st != 409 || !strings.Contains(html, "每位居民只能评价一次") {
		t.Fatalf("a second rating: %d\n%s", st, html)
	}
	_, html = projectPage(t, res, path)
	if !strings.Contains(html, "您已评价：4 星") || !strings.Contains(html, "<strong>4.0</strong> / 5") {
		t.Fatalf("after rating:\n%s", html)
	}
	_, html = projectPage(t, res, fmt.Sprintf("/neighborhoods/%d/projects?state=done", e.A.ID))
	if !strings.Contains(html, "更换单元门禁") || !strings.Contains(html, "已完工 (1)") {
		t.Fatalf("done projects:\n%s", html)
	}
	_, html = projectPage(t, res, "/inbox")
	if !strings.Contains(html, "您关注的项目「更换单元门禁」已完工，欢迎评价") || !strings.Contains(html, `href="`+path+`"`) {
		t.Fatalf("resident's inbox:\n%s", html)
	}
}

// getRedirect fetches path without following a redirect and returns the
// status and the redirect target.
func getRedirect(t *testing.T, e *testenv.Env, c *testenv.Client, path string) (int, string) {
	t.Helper()
	resp, err := c.HTTP.Get(e.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}
