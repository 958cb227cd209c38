package app_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/testenv"
)

// TestPollPagesWithoutJavaScript walks a poll through its forms: the cadre
// writes and opens it, a resident votes and gets a receipt, a second vote is
// refused in words, paper is entered twice at the desk, the cadre closes it,
// and the published list finds the receipt.
func TestPollPagesWithoutJavaScript(t *testing.T) {
	e := testenv.SQLite(t)
	c := pollClock(e)
	homes := mustBuilding(t, e, "11号楼", false, 9000, 8000, 8000)
	cadre, sec, res := e.Client(t), e.Client(t), e.Client(t)
	cadre.Login(testenv.CadreA)
	sec.Login(testenv.SecretaryA)
	res.Login(testenv.ResidentA)
	hood := fmt.Sprintf("/neighborhoods/%d/polls", e.A.ID)
	if st, html := page(t, e, cadre, hood+"/new"); st != 200 || !strings.Contains(html, "发起投票") {
		t.Fatalf("new poll form: %d", st)
	}
	if st, html := page(t, e, res, hood+"/new"); st != 403 {
		t.Fatalf("a resident's new poll form: %d %s", st, html)
	}
	form := url.Values{"kind": {"single"}, "title": {"楼道灯换成声控灯吗"}, "electorate": {"households"}, "options": {"换\n不换"},
		"opens_at": {c.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04")}, "closes_at": {"2026-03-05T09:00"}, "paper_check": {"double"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("options", "只有一个")
	if st, html := post(t, e, cadre, hood, bad); st != 422 || !strings.Contains(html, "请列出 2 到") {
		t.Fatalf("one option: %d %s", st, html)
	}
	st, loc := post(t, e, cadre, hood, form)
	if st != 303 || !strings.HasPrefix(loc, "/polls/") {
		t.Fatalf("create: %d %s", st, loc)
	}
	path := strings.Split(loc, "?")[0]
	if st, _ := page(t, e, res, path); st != 404 {
		t.Fatalf("a resident sees a draft: %d", st)
	}
	if st, loc := post(t, e, cadre, path+"/open", nil); st != 303 {
		t.Fatalf("open: %d %s", st, loc)
	}
	st, html := page(t, e, res, path)
	if st != 200 || !strings.Contains(html, `type="radio" name="choice"`) || !strings.Contains(html, "确认投票") {
		t.Fatalf("voting page: %d\n%s", st, html)
	}
	st, html = post(t, e, res, path+"/vote", url.Values{"choice": {"0"}})
	receipt := regexp.MustCompile(`class="receipt"[^>]*>([0-9A-Z]{5}-[0-9A-Z]{5})<`).FindStringSubmatch(html)
	if st != 200 || receipt == nil || !strings.Contains(html, "投票成功") {
		t.Fatalf("vote: %d\n%s", st, html)
	}
	if st, html = page(t, e, res, path); !strings.Contains(html, "您家已经投过票了") {
		t.Fatalf("after voting: %d\n%s", st, html)
	}
	if st, html = post(t, e, res, path+"/vote", url.Values{"choice": {"1"}}); st != 409 || !strings.Contains(html, "以第一次登记的为准") {
		t.Fatalf("second vote: %d\n%s", st, html)
	}
	// Paper, entered by two people at the desk.
	key := fmt.Sprint(homes[0].ID)
	if st, html = post(t, e, cadre, path+"/sheets", url.Values{"serial": {"A-7"}, "voter": {key}, "choice": {"1"}}); st != 200 || !strings.Contains(html, "请另一人再录入") {
		t.Fatalf("first entry: %d\n%s", st, html)
	}
	if st, html = post(t, e, sec, path+"/sheets", url.Values{"serial": {"A-7"}, "voter": {key}, "choice": {"1"}}); st != 200 || !strings.Contains(html, "A-7 号票已计入") {
		t.Fatalf("second entry: %d\n%s", st, html)
	}
	if st, html = page(t, e, cadre, path+"/desk"); st != 200 || strings.Count(html, "✓ ") != 2 {
		t.Fatalf("desk: %d\n%s", st, html)
	}
	if st, _ = page(t, e, res, path+"/desk"); st != 403 {
		t.Fatalf("a resident at the desk: %d", st)
	}
	if st, html = post(t, e, cadre, path+"/close", nil); st != 409 || !strings.Contains(html, "还没到结束时间") {
		t.Fatalf("early close: %d", st)
	}
	c.Set(time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC))
	if st, loc = post(t, e, cadre, path+"/close", nil); st != 303 {
		t.Fatalf("close: %d %s", st, loc)
	}
	st, html = page(t, e, res, path)
	if st != 200 || !strings.Contains(html, "<svg class=\"pollbar\"") || !strings.Contains(html, "查看公示") || !strings.Contains(html, "SHA-256") {
		t.Fatalf("result page: %d\n%s", st, html)
	}
	st, html = page(t, e, res, path+"/ballots?receipt="+strings.ToLower(receipt[1]))
	if st != 200 || !strings.Contains(html, "找到了") || strings.Count(html, "<tr><td class=\"mono\">") != 2 {
		t.Fatalf("ballots page: %d\n%s", st, html)
	}
}

// TestLiveTallyStreams reads the server-sent events of a live poll: the
// first event carries the count, and a ballot cast meanwhile shows in the next.
func TestLiveTallyStreams(t *testing.T) {
	e := testenv.SQLite(t)
	c := pollClock(e)
	homes := mustBuilding(t, e, "12号楼", false, 9100, 8000, 8000)
	ctx := context.Background()
	cadre := principal(t, e, testenv.CadreA)
	d := pollDraftLive(c.Now())
	p, err := e.Svc.CreatePoll(ctx, cadre, e.A.ID, d)
	if err == nil {
		p, err = e.Svc.OpenPoll(ctx, cadre, p.ID)
	}
	if err != nil {
		t.Fatal(err)
	}
	res := e.Client(t)
	res.Login(testenv.ResidentA)
	req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/polls/%d/live", e.URL, p.ID), nil)
	resp, err := res.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	rd := bufio.NewReader(resp.Body)
	next := func() string {
		for {
			line, err := rd.ReadString('\n')
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(line, "data: ") {
				return strings.TrimSpace(strings.TrimPrefix(line, "data: "))
			}
		}
	}
	if got := next(); got != "0;0:0;1:0" {
		t.Fatalf("first tally %q", got)
	}
	if _, err := e.Svc.Vote(ctx, person(t, e, homes[0].Users[0]), p.ID, []int{1}); err != nil {
		t.Fatal(err)
	}
	if got := next(); got != "1;0:0;1:1" {
		t.Fatalf("tally after a ballot %q", got)
	}
}
