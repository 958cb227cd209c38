package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/open311"
	"github.com/linli-dev/linli/internal/testenv"
)

// TestCaseTextIsScreened: a report with a sensitive word (written with
// full-width letters and spaces to dodge the list) still opens and is
// handled, but neighbors see neither its title nor its text until a cadre
// releases it; its author and the committee see the word that held it. A
// public reply on a move and a note are held the same way; B's cadre cannot
// release A's case, a resident cannot release at all.
func TestCaseTextIsScreened(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		w := newCaseWorld(t, e)
		resident, cadre, neighbor := as(t, e, testenv.ResidentA), as(t, e, testenv.CadreA), as(t, e, neighborA)
		out := must(t, resident, "POST", "/api/v1/cases", map[string]any{"title": "楼下有人发小广告", "category": "environment",
			"description": "单元门口贴满了 代 开 发 票 的广告，天天有人贴"}, 201)
		id := num(out["id"])
		if out["held"] != true || out["held_word"] != "代开发票" {
			t.Fatalf("the author is not told why: %v", out["_raw"])
		}
		path := fmt.Sprintf("/api/v1/cases/%d", id)
		pub := must(t, neighbor, "GET", path, nil, 200)["case"].(map[string]any)
		if pub["held"] != true || pub["held_word"] != nil || pub["title"] != "" || pub["description"] != "" {
			t.Fatalf("a neighbor sees held text: %v", pub)
		}
		if own := must(t, resident, "GET", path, nil, 200)["case"].(map[string]any); !strings.Contains(own["description"].(string), "代 开 发 票") {
			t.Fatalf("the author cannot read their own report: %v", own)
		}
		list := must(t, neighbor, "GET", fmt.Sprintf("/api/v1/neighborhoods/%d/cases", e.A.ID), nil, 200)
		if raw := fmtAny(list["_raw"]); strings.Contains(raw, "小广告") {
			t.Fatalf("the neighborhood's list shows the held title: %s", raw)
		}

		// The committee handles it as usual; a reply with a word is held too.
		w.move(t, cadre, id, map[string]any{"action": "acknowledge", "note": "收到，贷款秒批的小广告我们去清理"}, 200)
		must(t, cadre, "POST", fmt.Sprintf("/api/v1/cases/%d/notes", id), map[string]any{"kind": "note", "note": "疑似代开发票的团伙"}, 204)
		staff := must(t, cadre, "GET", path, nil, 200)
		if c := staff["case"].(map[string]any); c["held_word"] != "代开发票" || staff["can_release"] != true {
			t.Fatalf("the committee's view: %v", staff["_raw"])
		}
		timeline := must(t, neighbor, "GET", path, nil, 200)["timeline"].([]any)
		ack := timeline[len(timeline)-1].(map[string]any)
		if ack["kind"] != "acknowledge" || ack["held"] != true || ack["note"] != nil {
			t.Fatalf("a neighbor reads the held reply: %v", ack)
		}

		must(t, as(t, e, testenv.CadreB), "POST", fmt.Sprintf("/api/v1/cases/%d/release", id), nil, 404)
		must(t, resident, "POST", fmt.Sprintf("/api/v1/cases/%d/release", id), nil, 403)
		must(t, cadre, "POST", fmt.Sprintf("/api/v1/cases/%d/release", id), nil, 204)
		must(t, cadre, "POST", fmt.Sprintf("/api/v1/cases/%d/release", id), nil, 409)
		after := must(t, neighbor, "GET", path, nil, 200)
		if c := after["case"].(map[string]any); c["held"] != nil || c["title"] != "楼下有人发小广告" {
			t.Fatalf("released text is still held: %v", c)
		}
		var audited int
		_ = e.DB.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'case.released' AND object_id = ?`, id).Scan(&audited)
		if audited != 1 {
			t.Fatalf("%d releases audited, want 1", audited)
		}
		if st, html := fetchPage(t, e, neighbor, "GET", fmt.Sprintf("/cases/%d", id), nil); st != 200 || !strings.Contains(html, "楼下有人发小广告") {
			t.Fatalf("case page after release: %d", st)
		}
	})
}

// TestHeldCasePage: the case page shows neighbors a placeholder and the
// committee the word and a release button.
func TestHeldCasePage(t *testing.T) {
	e := testenv.SQLite(t)
	newCaseWorld(t, e)
	id := num(must(t, as(t, e, testenv.ResidentA), "POST", "/api/v1/cases", map[string]any{"title": "赌博网站传单", "category": "safety",
		"description": "有人在小区里发赌博网站的传单"}, 201)["id"])
	_, html := fetchPage(t, e, as(t, e, neighborA), "GET", fmt.Sprintf("/cases/%d", id), nil)
	if strings.Contains(html, "传单") || !strings.Contains(html, "（内容待审核）") || strings.Contains(html, "赌博") {
		t.Fatalf("a neighbor's case page:\n%s", html)
	}
	_, html = fetchPage(t, e, as(t, e, testenv.CadreA), "GET", fmt.Sprintf("/cases/%d", id), nil)
	if !strings.Contains(html, "敏感词“赌博网站”") || !strings.Contains(html, fmt.Sprintf(`action="/cases/%d/release"`, id)) {
		t.Fatalf("the cadre's case page:\n%s", html)
	}
}

// TestOpen311RequestIsScreened: a partner's request with a sensitive word
// opens a case whose text is held: the committee sees the word, and the
// partner's own keyed view of the request leaves the description out.
func TestOpen311RequestIsScreened(t *testing.T) {
	e := testenv.SQLite(t)
	key, _, err := open311.NewKeys(e.DB).Create(context.Background(), e.District.ID, "12345 热线", 0)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.PostForm(e.URL+"/open311/v2/requests.json", url.Values{"api_key": {key}, "service_code": {"safety"},
		"address_id": {strconv.FormatInt(e.BuildingA.ID, 10)}, "description": {"楼道里有人散发赌博网站的传单"}})
	if err != nil {
		t.Fatal(err)
	}
	var created []struct {
		ID string `json:"service_request_id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&created); err != nil || resp.StatusCode != 200 || len(created) != 1 {
		t.Fatalf("POST: %d %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	resp, err = http.Get(e.URL + "/open311/v2/requests/" + created[0].ID + ".json?api_key=" + url.QueryEscape(key))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(string(b), "传单") {
		t.Fatalf("the partner's view shows held text: %s", b)
	}
	l := must(t, as(t, e, testenv.CadreA), "GET", fmt.Sprintf("/api/v1/places/%d/case-queue?queue=new", e.A.ID), nil, 200)
	items := l["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["held_word"] != "赌博网站" {
		t.Fatalf("the committee's queue: %v", l["_raw"])
	}
}
