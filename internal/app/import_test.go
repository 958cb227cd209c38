package app_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/testenv"
)

const rosterCSV = "网格,楼栋,房号,面积,姓名,身份证号,关系\n" +
	"第一网格,1号楼,201,88,周明,110101199003074477,业主\n" +
	"第一网格,1号楼,202,不知道,吴芳,110101199003071735,业主\n" +
	"第二网格,2号楼,101,66.5,,,\n"

// waitImport polls an import until it finishes.
func waitImport(t *testing.T, c *testenv.Client, id int64) map[string]any {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		st, body := c.Do("GET", fmt.Sprintf("/api/v1/imports/%d", id), nil)
		if st != 200 {
			t.Fatalf("import status: %d %v", st, body)
		}
		if body["status"] != "running" {
			return body
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("import did not finish")
	return nil
}

func TestSecretaryImportsTheRosterThroughTheAPI(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		c := e.Client(t)
		c.Login(testenv.SecretaryA)
		st, body := c.Do("POST", fmt.Sprintf("/api/v1/places/%d/imports?filename=roster.csv", e.A.ID), rosterCSV)
		if st != 202 {
			t.Fatalf("start: %d %v", st, body)
		}
		done := waitImport(t, c, int64(body["id"].(float64)))
		if done["status"] != "done" || done["good"].(float64) != 2 || done["bad"].(float64) != 1 || done["processed"].(float64) != 3 {
			t.Fatalf("import: %v", done)
		}
		errs := done["report"].(map[string]any)["errors"].([]any)
		if first := errs[0].(map[string]any); first["line"].(float64) != 3 || first["key"] != "household.bad_area" {
			t.Fatalf("bad row report: %v", errs)
		}
		// The other neighborhood's cadre cannot even see the import.
		other := e.Client(t)
		other.Login(testenv.CadreB)
		if st, _ := other.Do("GET", fmt.Sprintf("/api/v1/imports/%d", int64(body["id"].(float64))), nil); st != 404 {
			t.Fatalf("cadre of B read A's import: %d", st)
		}
	})
}

func TestImportPageShowsProgressAndBadLines(t *testing.T) {
	e := testenv.SQLite(t)
	c := e.Client(t)
	c.Login(testenv.SecretaryA)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "名册.csv")
	fw.Write([]byte(rosterCSV + "第二网格,2号楼,102\n"))
	mw.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/admin/places/%d/import", e.URL, e.A.ID), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != 303 || !strings.HasPrefix(loc, "/admin/imports/") {
		t.Fatalf("upload: %d %s", resp.StatusCode, loc)
	}
	var id int64
	fmt.Sscanf(strings.TrimPrefix(loc, "/admin/imports/"), "%d", &id)
	waitImport(t, c, id)
	st, page := c.Do("GET", loc, nil)
	html := page["_raw"].(string)
	if st != 200 || !strings.Contains(html, "<progress") || !strings.Contains(html, "名册.csv") || !strings.Contains(html, "面积应是大于 0 的数字") ||
		!strings.Contains(html, "<td>面积</td>") || !strings.Contains(html, "这一行有 3 列，表头有 7 列") {
		t.Fatalf("import page: %d\n%s", st, html)
	}
}
