package app_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/proposals"
	"github.com/linli-dev/linli/internal/testenv"
)

// TestProposalPagesWithoutJavaScript walks the pages by forms only: a
// resident writes a proposal that matches the negative list and sees it
// returned with the item and its explanation; revised outside the encouraged
// list it waits in the cadre's queue; accepted, it is put on a meeting's
// agenda, decided with a vote count and adopted as a project.
func TestProposalPagesWithoutJavaScript(t *testing.T) {
	e := testenv.SQLite(t)
	seedLists(t, e)
	res, cadre, resB := e.Client(t), e.Client(t), e.Client(t)
	res.Login(testenv.ResidentA)
	cadre.Login(testenv.CadreA)
	resB.Login(testenv.ResidentB)
	hood := fmt.Sprintf("/neighborhoods/%d", e.A.ID)

	if _, html := projectPage(t, res, hood+"/proposals/new"); !strings.Contains(html, "联名提案") || !strings.Contains(html, `<option value="楼道"`) {
		t.Fatalf("proposal form:\n%s", html)
	}
	st, _, html := postProjectForm(t, e, res, hood+"/proposals", url.Values{"kind": {"individual"}, "title": {""}, "body": {"x"}}, nil)
	if st != 422 || !strings.Contains(html, "aria-invalid") {
		t.Fatalf("an empty title: %d\n%s", st, html)
	}
	st, loc, _ := postProjectForm(t, e, res, hood+"/proposals", url.Values{"kind": {"individual"}, "title": {"楼下开团购"},
		"body": {"我来给大家发优惠券。"}, "category": {""}}, nil)
	if st != 303 || !strings.HasPrefix(loc, "/proposals/") {
		t.Fatalf("create: %d %s", st, loc)
	}
	path := strings.Split(loc, "?")[0]
	if st, _ := projectPage(t, resB, path); st != 404 {
		t.Fatalf("B's resident opening A's draft: %d", st)
	}
	st, loc, _ = postProjectForm(t, e, res, path+"/submit", url.Values{}, nil)
	_, html = projectPage(t, res, loc)
	for _, want := range []string{"退回修改", "商业推广", "优惠券", "提案不能用来推广商品或生意。", "您可以修改后重新提交"} {
		if !strings.Contains(html, want) {
			t.Fatalf("returned page lacks %q (%d %s):\n%s", want, st, loc, html)
		}
	}
	postProjectForm(t, e, res, path+"/edit", url.Values{"title": {"楼下设快递柜"}, "body": {"快递经常丢，希望设快递柜。"}, "category": {""}}, nil)
	postProjectForm(t, e, res, path+"/submit", url.Values{}, nil)
	if _, html := projectPage(t, cadre, hood+"/proposals/review"); !strings.Contains(html, "楼下设快递柜") {
		t.Fatalf("queue:\n%s", html)
	}
	if st, _ := projectPage(t, res, hood+"/proposals/review"); st != 403 {
		t.Fatalf("a resident opening the queue: %d", st)
	}
	st, _, html = postProjectForm(t, e, cadre, path+"/move", url.Values{"action": {"reject"}}, nil)
	if st != 422 || !strings.Contains(html, "请写明原因") {
		t.Fatalf("reject without a reason: %d\n%s", st, html)
	}
	postProjectForm(t, e, cadre, path+"/move", url.Values{"action": {"accept"}}, nil)

	postProjectForm(t, e, cadre, hood+"/council", url.Values{"name": {"阳光议事亭"}}, nil)
	st, loc, html = postProjectForm(t, e, cadre, hood+"/meetings", url.Values{"title": {"五月议事会"}, "starts_at": {time.Now().Format("2006-01-02T15:04")},
		"mode": {"in_person"}, "location": {"居委会二楼"}, "proposal_id": {strings.TrimPrefix(path, "/proposals/")}}, nil)
	if st != 303 || !strings.HasPrefix(loc, "/meetings/") {
		t.Fatalf("call meeting: %d %s\n%s", st, loc, html)
	}
	meeting := strings.Split(loc, "?")[0]
	_, html = projectPage(t, cadre, meeting)
	i := strings.Index(html, `name="agenda_id"`)
	j := strings.Index(html[i:], `<option value="`) // the "—" option
	j = i + j + 1
	k := strings.Index(html[j:], `<option value="`)
	agendaID := strings.SplitN(html[j+k+len(`<option value="`):], `"`, 2)[0]
	postProjectForm(t, e, cadre, meeting+"/decisions", url.Values{"agenda_id": {agendaID}, "body": {"同意设快递柜"}, "for": {"9"}, "against": {"1"}}, nil)
	postProjectForm(t, e, cadre, meeting+"/minutes", url.Values{"minutes": {"到会10人，讨论快递柜。"}}, nil)
	postProjectForm(t, e, cadre, meeting+"/actions", url.Values{"title": {"联系快递柜厂商"}, "due": {time.Now().AddDate(0, 0, 14).Format("2006-01-02")}}, nil)
	_, html = projectPage(t, res, meeting)
	for _, want := range []string{"同意设快递柜", "赞成9，反对1，弃权0", "到会10人", "联系快递柜厂商", "已协商"} {
		if !strings.Contains(html, want) {
			t.Fatalf("meeting page lacks %q:\n%s", want, html)
		}
	}
	postProjectForm(t, e, cadre, path+"/move", url.Values{"action": {"adopt"}, "note": {"列入今年实事项目"}}, nil)
	_, html = projectPage(t, res, path)
	if !strings.Contains(html, "已采纳") || !strings.Contains(html, `id="project-link"`) || !strings.Contains(html, "列入今年实事项目") {
		t.Fatalf("adopted page:\n%s", html)
	}
	if _, html := projectPage(t, res, hood+"/council"); !strings.Contains(html, "联系快递柜厂商") || !strings.Contains(html, "五月议事会") {
		t.Fatalf("council page:\n%s", html)
	}
	if st, _ := projectPage(t, resB, hood+"/council"); st != 404 {
		t.Fatalf("B's resident opening A's council: %d", st)
	}
}

// TestProposalAPI drives the JSON API: draft, submit (returned with the
// item), lists read back, and the council's page.
func TestProposalAPI(t *testing.T) {
	e := testenv.SQLite(t)
	seedLists(t, e)
	c := e.Client(t)
	c.Login(testenv.ResidentA)
	st, body := c.Do("POST", fmt.Sprintf("/api/v1/neighborhoods/%d/proposals", e.A.ID), map[string]any{"kind": "individual", "title": "推销保险",
		"body": "欢迎大家来咨询推销", "category": "安全"})
	if st != 201 {
		t.Fatalf("create: %d %v", st, body)
	}
	id := int64(body["id"].(float64))
	st, body = c.Do("POST", fmt.Sprintf("/api/v1/proposals/%d/submit", id), map[string]any{"version": 0})
	if st != 200 || body["item"] != "商业推广" || body["word"] != "推销" {
		t.Fatalf("submit: %d %v", st, body)
	}
	st, body = c.Do("GET", fmt.Sprintf("/api/v1/places/%d/screening-lists", e.A.ID), nil)
	if st != 403 {
		t.Fatalf("a resident reading the lists editor: %d %v", st, body)
	}
	st, body = c.Do("GET", fmt.Sprintf("/api/v1/neighborhoods/%d/council", e.A.ID), nil)
	if st != 200 || body["council"] != nil {
		t.Fatalf("council: %d %v", st, body)
	}
	st, _ = c.Do("PUT", fmt.Sprintf("/api/v1/proposals/%d/support", id), nil)
	if st != 409 {
		t.Fatalf("supporting a returned proposal: %d", st)
	}
}

// TestGroupsAndPrivateItems: a cadre registers a volunteer team on the lists
// page, and its speaker is offered it on the proposal form; a meeting's
// private agenda item and decision are shown to the committee, not to residents.
func TestGroupsAndPrivateItems(t *testing.T) {
	e := testenv.SQLite(t)
	res, cadre := e.Client(t), e.Client(t)
	res.Login(testenv.ResidentA)
	cadre.Login(testenv.CadreA)
	hood := fmt.Sprintf("/neighborhoods/%d", e.A.ID)
	st, _, html := postProjectForm(t, e, cadre, hood+"/groups", url.Values{"kind": {"volunteer_team"}, "name": {"银发志愿者队"},
		"phones": {testenv.ResidentB}}, nil)
	if st != 422 || !strings.Contains(html, "不属于本居民区") {
		t.Fatalf("a speaker from B: %d\n%s", st, html)
	}
	if st, loc, _ := postProjectForm(t, e, cadre, hood+"/groups", url.Values{"kind": {"volunteer_team"}, "name": {"银发志愿者队"},
		"phones": {testenv.ResidentA}}, nil); st != 303 || !strings.Contains(loc, "#groups") {
		t.Fatalf("register: %d %s", st, loc)
	}
	lists := fmt.Sprintf("/places/%d/screening", e.A.ID)
	if _, html := projectPage(t, cadre, lists); !strings.Contains(html, "register_group") && !strings.Contains(html, "登记居民组织") {
		t.Fatalf("lists page:\n%s", html)
	}
	st, _, html = postProjectForm(t, e, cadre, lists, url.Values{"min_cosigners": {"2"}, "encouraged": {"楼道\n安全\n"},
		"negative": {"商业推广 | 优惠券、推销 | 不能推广生意。\n坏行"}}, nil)
	if st != 422 || !strings.Contains(html, "坏行") {
		t.Fatalf("a malformed line: %d\n%s", st, html)
	}
	postProjectForm(t, e, cadre, lists, url.Values{"min_cosigners": {"2"}, "encouraged": {"楼道\r\n安全\r\n"},
		"negative": {"商业推广 | 优惠券、推销 | 不能推广生意。\r\n违法事项 | 违建 | 违法的事不能提案。"}}, nil)
	sc, err := e.Svc.Proposals.Screener(context.Background(), proposals.Place{DistrictID: e.A.DistrictID, StreetID: e.Street.ID, NeighborhoodID: e.A.ID})
	if err != nil || len(sc.Lists.Negative) != 2 || len(sc.Lists.Encouraged) != 2 || sc.Screen("发优惠券", "", "").Item == nil ||
		sc.Screen("有人违建", "", "").Item == nil || !sc.Screen("x", "", "安全").Encouraged {
		t.Fatalf("lists saved from the page: %+v %v", sc.Lists, err)
	}
	if _, html := projectPage(t, res, hood+"/proposals/new"); !strings.Contains(html, "银发志愿者队") {
		t.Fatalf("the speaker's form does not offer the group:\n%s", html)
	}
	postProjectForm(t, e, cadre, hood+"/council", url.Values{"name": {"阳光议事亭"}}, nil)
	_, loc, _ := postProjectForm(t, e, cadre, hood+"/meetings", url.Values{"title": {"内部碰头会"}, "starts_at": {time.Now().Format("2006-01-02T15:04")},
		"mode": {"online"}, "online_link": {"https://meet.example/1"}}, nil)
	meeting := strings.Split(loc, "?")[0]
	postProjectForm(t, e, cadre, meeting+"/agenda", url.Values{"kind": {"other"}, "title": {"楼组长人选"}, "private": {"1"}}, nil)
	postProjectForm(t, e, cadre, meeting+"/agenda", url.Values{"kind": {"other"}, "title": {"公开议题"}}, nil)
	postProjectForm(t, e, cadre, meeting+"/decisions", url.Values{"body": {"推荐人选保密讨论"}, "for": {"5"}, "private": {"1"}}, nil)
	if _, html := projectPage(t, cadre, meeting); !strings.Contains(html, "楼组长人选") || !strings.Contains(html, "推荐人选保密讨论") {
		t.Fatalf("the committee's view lacks the private items:\n%s", html)
	}
	_, html = projectPage(t, res, meeting)
	if strings.Contains(html, "楼组长人选") || strings.Contains(html, "推荐人选保密讨论") || !strings.Contains(html, "公开议题") {
		t.Fatalf("a resident's view of the meeting:\n%s", html)
	}
}
