package app_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/linli-dev/linli/internal/testenv"
)

// boardSections returns a neighborhood's sections by kind, as the API lists them.
func boardSections(t *testing.T, c *testenv.Client, hood int64) map[string]int64 {
	t.Helper()
	st, body := c.Do("GET", fmt.Sprintf("/api/v1/neighborhoods/%d/board", hood), nil)
	if st != 200 {
		t.Fatalf("board: %d %v", st, body)
	}
	out := map[string]int64{}
	for _, s := range body["sections"].([]any) {
		sec := s.(map[string]any)
		out[sec["kind"].(string)] = int64(sec["id"].(float64))
	}
	return out
}

func TestResidentsTalkOnTheirOwnBoard(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		a := e.Client(t)
		a.Login(testenv.ResidentA)
		secs := boardSections(t, a, e.A.ID)
		if secs["hall"] == 0 || secs["announcements"] == 0 {
			t.Fatalf("sections: %v", secs)
		}
		st, topic := a.Do("POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["hall"]),
			map[string]any{"title": "晚上停车太难", "body": "三号楼门口每天晚上都停满了\n能不能划线？ https://example.org/map", "category": "parking"})
		if st != 201 || topic["status"] != "visible" {
			t.Fatalf("post: %d %v", st, topic)
		}
		id := int64(topic["id"].(float64))
		if st, body := a.Do("POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["announcements"]),
			map[string]any{"title": "通知", "body": "居民不能发公告", "category": "other"}); st != 422 {
			t.Fatalf("a resident posting an announcement: %d %v", st, body)
		}

		cadre := e.Client(t)
		cadre.Login(testenv.CadreA)
		if st, body := cadre.Do("POST", fmt.Sprintf("/api/v1/topics/%d/comments", id), map[string]any{"body": "我们下周和物业一起去看"}); st != 201 {
			t.Fatalf("comment: %d %v", st, body)
		}
		for i := 0; i < 3; i++ {
			if st, _ := cadre.Do("PUT", fmt.Sprintf("/api/v1/topics/%d/like", id), nil); st != 204 {
				t.Fatalf("like %d: %d", i, st)
			}
		}
		_, detail := a.Do("GET", fmt.Sprintf("/api/v1/topics/%d", id), nil)
		tp := detail["topic"].(map[string]any)
		if tp["likes"].(float64) != 1 || tp["comments"].(float64) != 1 || tp["readers"].(float64) != 1 {
			t.Fatalf("counters after 3 likes by one cadre and one comment: %v", tp)
		}
		cadre.Do("GET", fmt.Sprintf("/api/v1/topics/%d", id), nil)
		_, detail = a.Do("GET", fmt.Sprintf("/api/v1/topics/%d", id), nil)
		if r := detail["topic"].(map[string]any)["readers"].(float64); r != 2 {
			t.Fatalf("readers after two people read, one twice: %v", r)
		}

		// Neighborhood B sees none of it.
		b := e.Client(t)
		b.Login(testenv.ResidentB)
		comment := map[string]any{"body": "路过"}
		post := map[string]any{"body": "路过", "title": "路过", "category": "other"}
		for _, req := range []struct {
			method, path string
			body         any
		}{
			{"GET", fmt.Sprintf("/api/v1/topics/%d", id), nil},
			{"POST", fmt.Sprintf("/api/v1/topics/%d/comments", id), comment},
			{"PUT", fmt.Sprintf("/api/v1/topics/%d/like", id), nil},
			{"GET", fmt.Sprintf("/api/v1/neighborhoods/%d/board", e.A.ID), nil},
			{"POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["hall"]), post},
		} {
			if st, body := b.Do(req.method, req.path, req.body); st != 404 {
				t.Errorf("resident of B: %s %s = %d %v", req.method, req.path, st, body)
			}
		}

		_, found := a.Do("GET", fmt.Sprintf("/api/v1/places/%d/search?q=%s", e.A.ID, "停车"), nil)
		if items := found["items"].([]any); len(items) != 1 {
			t.Fatalf("search 停车: %v", found)
		}
		_, found = b.Do("GET", fmt.Sprintf("/api/v1/places/%d/search?q=%s", e.B.ID, "停车"), nil)
		if items := found["items"].([]any); len(items) != 0 {
			t.Fatalf("B's search found A's topic: %v", found)
		}
	})
}

func TestCadrePostsForAnOfflineResident(t *testing.T) {
	e := testenv.SQLite(t)
	resident := e.Client(t)
	resident.Login(testenv.ResidentA)
	secs := boardSections(t, resident, e.A.ID)
	post := map[string]any{"title": "楼道灯坏了", "body": "王阿姨打电话说二楼灯不亮", "category": "facilities", "channel": "phone"}
	if st, _ := resident.Do("POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["hall"]), post); st != 403 {
		t.Fatalf("a resident posting for someone else: %d", st)
	}
	cadre := e.Client(t)
	cadre.Login(testenv.CadreA)
	st, body := cadre.Do("POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["hall"]), post)
	if st != 201 || body["channel"] != "phone" {
		t.Fatalf("cadre for an offline resident: %d %v", st, body)
	}
}

func TestSensitiveWordsHoldAPostAndTellTheAuthorWhy(t *testing.T) {
	e := testenv.SQLite(t)
	a := e.Client(t)
	a.Login(testenv.ResidentA)
	secs := boardSections(t, a, e.A.ID)
	st, body := a.Do("POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["neighbors"]),
		map[string]any{"title": "出闲置", "body": "八成新自行车，另可代 开\u200b发 票", "category": "other"})
	if st != 201 || body["status"] != "held" || body["status_reason"] != "代开发票" {
		t.Fatalf("a post with an evasive sensitive word: %d %v", st, body)
	}
	id := int64(body["id"].(float64))
	if st, _ := a.Do("GET", fmt.Sprintf("/api/v1/topics/%d", id), nil); st != 200 {
		t.Fatalf("the author cannot see their held post: %d", st)
	}
	if _, board := a.Do("GET", fmt.Sprintf("/api/v1/neighborhoods/%d/board", e.A.ID), nil); len(board["items"].([]any)) != 0 {
		t.Fatalf("a held post is on the board: %v", board["items"])
	}
}

func TestCadreHidesACommentAndTheAuthorIsTold(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		a := e.Client(t)
		a.Login(testenv.ResidentA)
		secs := boardSections(t, a, e.A.ID)
		_, topic := a.Do("POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["hall"]), map[string]any{"title": "电梯", "body": "电梯又坏了", "category": "facilities"})
		tid := int64(topic["id"].(float64))
		cadre := e.Client(t)
		cadre.Login(testenv.CadreA)
		_, c := cadre.Do("POST", fmt.Sprintf("/api/v1/topics/%d/comments", tid), map[string]any{"body": "这里打个小广告"})
		cid := int64(c["id"].(float64))

		// The topic's author hears of the comment.
		if _, in := a.Do("GET", "/api/v1/inbox", nil); len(in["items"].([]any)) != 1 {
			t.Fatalf("author's inbox: %v", in)
		}
		if st, body := a.Do("POST", fmt.Sprintf("/api/v1/comments/%d/moderation", cid), map[string]any{"action": "hide", "reason": "广告"}); st != 403 {
			t.Fatalf("a resident moderating: %d %v", st, body)
		}
		if st, body := cadre.Do("POST", fmt.Sprintf("/api/v1/comments/%d/moderation", cid), map[string]any{"action": "hide"}); st != 422 {
			t.Fatalf("hiding without a reason: %d %v", st, body)
		}
		if st, body := cadre.Do("POST", fmt.Sprintf("/api/v1/comments/%d/moderation", cid), map[string]any{"action": "hide", "reason": "广告"}); st != 204 {
			t.Fatalf("hide: %d %v", st, body)
		}
		_, detail := a.Do("GET", fmt.Sprintf("/api/v1/topics/%d", tid), nil)
		if len(detail["comments"].([]any)) != 0 || detail["topic"].(map[string]any)["comments"].(float64) != 0 {
			t.Fatalf("a hidden comment still shows: %v", detail)
		}
		_, in := cadre.Do("GET", "/api/v1/inbox", nil)
		items := in["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["detail"] != "广告" || items[0].(map[string]any)["kind"] != "moderated.hide" {
			t.Fatalf("the comment's author was not told why: %v", in)
		}
		var audited int
		_ = e.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'moderation.hide' AND object_id = ?`, cid).Scan(&audited)
		if audited != 1 {
			t.Fatalf("decision audited %d times", audited)
		}
	})
}

func TestThreeReportsHoldATopicUntilACadreDecides(t *testing.T) {
	e := testenv.SQLite(t)
	a := e.Client(t)
	a.Login(testenv.ResidentA)
	secs := boardSections(t, a, e.A.ID)
	_, topic := a.Do("POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["neighbors"]), map[string]any{"title": "转让", "body": "便宜出", "category": "other"})
	tid := int64(topic["id"].(float64))
	reporters := []string{testenv.CadreA, testenv.SecretaryA, testenv.ResidentA}
	for i, who := range reporters {
		c := e.Client(t)
		c.Login(who)
		for rep := 0; rep < 2; rep++ { // reporting twice counts once
			if st, body := c.Do("POST", fmt.Sprintf("/api/v1/topics/%d/report", tid), map[string]any{"reason": "疑似广告"}); st != 204 && !(i == 2 && st == 404) {
				t.Fatalf("report by %s: %d %v", who, st, body)
			}
		}
	}
	if _, board := a.Do("GET", fmt.Sprintf("/api/v1/neighborhoods/%d/board", e.A.ID), nil); len(board["items"].([]any)) != 0 {
		t.Fatalf("a topic with three reports is still on the board")
	}
	cadre := e.Client(t)
	cadre.Login(testenv.CadreA)
	_, q := cadre.Do("GET", fmt.Sprintf("/api/v1/neighborhoods/%d/moderation", e.A.ID), nil)
	if items := q["items"].([]any); len(items) != 1 || items[0].(map[string]any)["reports"].(float64) != 3 {
		t.Fatalf("queue: %v", q)
	}
	cadre.Do("POST", fmt.Sprintf("/api/v1/topics/%d/moderation", tid), map[string]any{"action": "approve"})
	if _, board := a.Do("GET", fmt.Sprintf("/api/v1/neighborhoods/%d/board", e.A.ID), nil); len(board["items"].([]any)) != 1 {
		t.Fatalf("an approved topic is not back on the board")
	}
}

func TestAuthorsEditWithinTheWindowAndDeleteTheirOwn(t *testing.T) {
	e := testenv.SQLite(t)
	a := e.Client(t)
	a.Login(testenv.ResidentA)
	secs := boardSections(t, a, e.A.ID)
	_, topic := a.Do("POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["hall"]), map[string]any{"title": "错别子", "body": "内容", "category": "other"})
	id := int64(topic["id"].(float64))
	st, body := a.Do("PATCH", fmt.Sprintf("/api/v1/topics/%d", id), map[string]any{"title": "错别字", "body": "改过的内容：停车", "category": "parking"})
	if st != 200 || body["title"] != "错别字" {
		t.Fatalf("edit: %d %v", st, body)
	}
	if _, found := a.Do("GET", fmt.Sprintf("/api/v1/places/%d/search?q=停车", e.A.ID), nil); len(found["items"].([]any)) != 1 {
		t.Fatalf("the edit was not re-indexed: %v", found)
	}
	cadre := e.Client(t)
	cadre.Login(testenv.CadreA)
	if st, _ := cadre.Do("PATCH", fmt.Sprintf("/api/v1/topics/%d", id), map[string]any{"title": "别人改", "body": "x", "category": "other"}); st != 403 {
		t.Fatalf("someone else editing: %d", st)
	}
	if st, _ := cadre.Do("DELETE", fmt.Sprintf("/api/v1/topics/%d", id), nil); st != 403 {
		t.Fatalf("someone else deleting: %d", st)
	}
	if st, _ := a.Do("DELETE", fmt.Sprintf("/api/v1/topics/%d", id), nil); st != 204 {
		t.Fatalf("delete own: %d", st)
	}
	if st, _ := a.Do("GET", fmt.Sprintf("/api/v1/topics/%d", id), nil); st != 404 {
		t.Fatalf("a deleted topic still shows: %d", st)
	}
}

// inboxKinds lists the kinds of a person's notifications, oldest first.
func inboxKinds(t *testing.T, c *testenv.Client) []string {
	t.Helper()
	st, body := c.Do("GET", "/api/v1/inbox", nil)
	if st != 200 {
		t.Fatalf("inbox: %d %v", st, body)
	}
	items := body["items"].([]any)
	var kinds []string
	for i := len(items) - 1; i >= 0; i-- {
		kinds = append(kinds, items[i].(map[string]any)["kind"].(string))
	}
	return kinds
}

// A comment tells the topic's author and a reply the author of the comment
// it answers (the thread's first comment), never the writer themself; the
// notifications commit with the comment.
func TestCommentsAndRepliesReachTheirInboxes(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		author, cadre, neighbor := e.Client(t), e.Client(t), e.Client(t)
		author.Login(testenv.ResidentA)
		cadre.Login(testenv.CadreA)
		neighbor.Login(testenv.SecretaryA)
		secs := boardSections(t, author, e.A.ID)
		_, topic := author.Do("POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["hall"]),
			map[string]any{"title": "快递堆在楼道", "body": "消防通道被堵", "category": "safety"})
		id := int64(topic["id"].(float64))
		comment := func(c *testenv.Client, parent int64, body string) int64 {
			t.Helper()
			st, out := c.Do("POST", fmt.Sprintf("/api/v1/topics/%d/comments", id), map[string]any{"body": body, "parent_id": parent})
			if st != 201 {
				t.Fatalf("comment: %d %v", st, out)
			}
			return int64(out["id"].(float64))
		}
		first := comment(cadre, 0, "我们联系快递站")
		reply := comment(neighbor, first, "谢谢社工")
		comment(author, reply, "我也谢谢") // a reply to a reply hangs under the first comment
		comment(author, 0, "补充一张照片的说明")

		if got := fmt.Sprint(inboxKinds(t, author)); got != "[comment_on_topic comment_on_topic]" {
			t.Errorf("the topic's author got %s", got)
		}
		if got := fmt.Sprint(inboxKinds(t, cadre)); got != "[reply_to_comment reply_to_comment]" {
			t.Errorf("the first comment's author got %s", got)
		}
		if got := inboxKinds(t, neighbor); len(got) != 0 {
			t.Errorf("a replier whose comment starts no thread got %v", got)
		}
	})
}
