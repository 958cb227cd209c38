package app_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/testenv"
)

// postForm sends a web form (the pages' way, not the API's) and returns the
// status and the redirect target.
func postForm(t *testing.T, c *testenv.Client, base, path string, form url.Values) (int, string) {
	t.Helper()
	resp, err := c.HTTP.PostForm(base+path, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

func TestCadresMoveATopicFromItsPage(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		resident := e.Client(t)
		resident.Login(testenv.ResidentA)
		secs := boardSections(t, resident, e.A.ID)
		_, topic := resident.Do("POST", fmt.Sprintf("/api/v1/sections/%d/topics", secs["hall"]),
			map[string]any{"title": "谁家的猫走丢了", "body": "黑白花，在3号楼下。", "category": "pets"})
		id := int64(topic["id"].(float64))
		page := fmt.Sprintf("/topics/%d", id)
		sectionOf := func() int64 {
			_, v := resident.Do("GET", fmt.Sprintf("/api/v1/topics/%d", id), nil)
			return int64(v["topic"].(map[string]any)["section_id"].(float64))
		}

		// The resident sees no move form, and posting one anyway is refused and changes nothing.
		_, html := resident.Do("GET", page, nil)
		if strings.Contains(html["_raw"].(string), `value="move"`) {
			t.Fatal("a resident sees the move form")
		}
		form := url.Values{"action": {"move"}, "section": {fmt.Sprint(secs["neighbors"])}, "reason": {"失物招领"}, "next": {page}}
		if st, _ := postForm(t, resident, e.URL, page+"/moderation", form); st != 403 {
			t.Fatalf("a resident moving a topic: %d", st)
		}
		if got := sectionOf(); got != secs["hall"] {
			t.Fatalf("the refused move moved the topic to %d", got)
		}

		// The cadre sees the form, offering the board's other sections by name.
		cadre := e.Client(t)
		cadre.Login(testenv.CadreA)
		_, html = cadre.Do("GET", page, nil)
		raw := html["_raw"].(string)
		if !strings.Contains(raw, `<select id="move-section" name="section">`) ||
			!strings.Contains(raw, fmt.Sprintf(`<option value="%d">左邻右舍</option>`, secs["neighbors"])) ||
			strings.Contains(raw, fmt.Sprintf(`<option value="%d">`, secs["hall"])) {
			t.Fatalf("the cadre's move form:\n%s", raw)
		}
		st, next := postForm(t, cadre, e.URL, page+"/moderation", form)
		if st != 303 || !strings.HasPrefix(next, page) {
			t.Fatalf("the cadre moving the topic: %d %s", st, next)
		}
		if got := sectionOf(); got != secs["neighbors"] {
			t.Fatalf("after the move the topic is in section %d", got)
		}
		_, board := resident.Do("GET", fmt.Sprintf("/api/v1/neighborhoods/%d/board?section=%d", e.A.ID, secs["neighbors"]), nil)
		if items := board["items"].([]any); len(items) != 1 {
			t.Fatalf("the neighbors' section after the move: %v", board["items"])
		}
		for _, s := range board["sections"].([]any) {
			sec := s.(map[string]any)
			if want := map[string]float64{"hall": 0, "neighbors": 1}[sec["kind"].(string)]; sec["kind"] != "announcements" && sec["kind"] != "guide" && sec["topics"].(float64) != want {
				t.Fatalf("section counters after the move: %v", board["sections"])
			}
		}

		// A section of another neighborhood's board is not a destination.
		other := e.Client(t)
		other.Login(testenv.ResidentB)
		secsB := boardSections(t, other, e.B.ID)
		form.Set("section", fmt.Sprint(secsB["hall"]))
		if st, _ := postForm(t, cadre, e.URL, page+"/moderation", form); st != 422 {
			t.Fatalf("moving into another board: %d", st)
		}
		if got := sectionOf(); got != secs["neighbors"] {
			t.Fatalf("the refused move left the topic in %d", got)
		}
	})
}

func TestSectionNamesInTheReadersLanguage(t *testing.T) {
	e := testenv.SQLite(t)
	sec := e.Client(t)
	sec.Login(testenv.SecretaryA)
	if st, body := sec.Do("POST", fmt.Sprintf("/api/v1/places/%d/units", e.A.ID), map[string]any{"kind": "property", "name": "甲物业"}); st != 201 {
		t.Fatalf("unit: %d %v", st, body)
	}
	names := func(lang string) (api, page string) {
		c := e.Client(t)
		c.Login(testenv.ResidentA)
		c.Do("GET", "/lang/"+lang+"?next=/", nil)
		_, board := c.Do("GET", fmt.Sprintf("/api/v1/neighborhoods/%d/board", e.A.ID), nil)
		var got []string
		for _, s := range board["sections"].([]any) {
			got = append(got, s.(map[string]any)["name"].(string))
		}
		_, html := c.Do("GET", fmt.Sprintf("/neighborhoods/%d/board", e.A.ID), nil)
		return strings.Join(got, "|"), html["_raw"].(string)
	}
	api, page := names("zh-CN")
	if api != "议事厅|左邻右舍|公告|办事指南|问甲物业" {
		t.Fatalf("Chinese section names: %s", api)
	}
	for _, n := range strings.Split(api, "|") {
		if !strings.Contains(page, ">"+n+"</a>") {
			t.Errorf("the Chinese board page does not name %s", n)
		}
	}
	api, page = names("en")
	if api != "Deliberation hall|Neighbors|Announcements|How-to guide|Ask 甲物业" {
		t.Fatalf("English section names: %s", api)
	}
	for _, n := range strings.Split(api, "|") {
		if !strings.Contains(page, ">"+n+"</a>") {
			t.Errorf("the English board page does not name %s", n)
		}
	}
	if strings.Contains(page, "议事厅") {
		t.Error("the English board page still says 议事厅")
	}
}
