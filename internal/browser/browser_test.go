package browser

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
)

// goodPage is small but accessible: language, title, labelled input and
// dark text on white.
const goodPage = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>登记</title></head>
<body style="background:#fff;color:#222">
<main>
<h1>住户登记</h1>
<form method="post" action="/submit">
  <label for="name">姓名</label>
  <input id="name" name="name" type="text">
  <label for="building">楼栋</label>
  <select id="building" name="building">
    <option value="1">1 号楼</option>
    <option value="2">2 号楼</option>
  </select>
  <button id="send" type="submit">提交</button>
</form>
</main>
</body></html>`

// badPage has an unlabelled input and grey-on-white text, two serious
// violations axe must report.
const badPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Bad</title></head>
<body style="background:#fff">
<main>
<p style="color:#ccc">This text is far too pale to read.</p>
<input type="text" name="anonymous">
</main>
</body></html>`

// newServer serves the two pages and echoes posted forms.
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("GET /good", page(goodPage))
	mux.HandleFunc("GET /bad", page(badPage))
	mux.HandleFunc("POST /submit", func(w http.ResponseWriter, r *http.Request) {
		// Post/redirect/get, as the real app does, so Submit must follow a
		// redirect to reach the final page.
		q := url.Values{"name": {r.FormValue("name")}, "building": {r.FormValue("building")}}
		http.Redirect(w, r, "/done?"+q.Encode(), http.StatusSeeOther)
	})
	mux.HandleFunc("GET /done", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>完成</title></head>
<body><main><p id="result">%s@%s</p></main></body></html>`,
			html.EscapeString(q.Get("name")), html.EscapeString(q.Get("building")))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestA11yAndForm(t *testing.T) {
	srv := newServer(t)
	b := New(t)
	ctx := b.Tab(t)

	t.Run("accessible page passes", func(t *testing.T) {
		Navigate(t, ctx, srv.URL+"/good")
		CheckA11y(t, ctx, "good")
	})

	t.Run("inaccessible page has serious violations", func(t *testing.T) {
		Navigate(t, ctx, srv.URL+"/bad")
		vs := A11yViolations(t, ctx)
		var serious []string
		for _, v := range vs {
			t.Logf("%s [%s] %v", v.ID, v.Impact, v.Targets)
			if v.Blocking() {
				serious = append(serious, v.ID)
			}
		}
		for _, want := range []string{"label", "color-contrast"} {
			if !slices.Contains(serious, want) {
				t.Errorf("want serious violation %q, got %v", want, serious)
			}
		}
	})

	t.Run("form round trip", func(t *testing.T) {
		Navigate(t, ctx, srv.URL+"/good")
		WaitVisible(t, ctx, "#name")
		Fill(t, ctx, "#name", "old value")
		Fill(t, ctx, "#name", "张三")
		Select(t, ctx, "#building", "2")
		path := Screenshot(t, ctx, "form filled")
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Fatalf("screenshot %s not written: %v", path, err)
		}
		Submit(t, ctx, "#send")
		if got := Text(t, ctx, "#result"); got != "张三@2" {
			t.Errorf("result = %q, want %q", got, "张三@2")
		}
		if u := URL(t, ctx); !strings.HasPrefix(u, srv.URL+"/done?") {
			t.Errorf("URL = %q, want the /done page", u)
		}
	})
}

func TestIncognitoHasOwnCookies(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /set", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "who", Value: r.URL.Query().Get("v"), Path: "/"})
		fmt.Fprint(w, `<!doctype html><html lang="en"><title>set</title><p>set</p></html>`)
	})
	mux.HandleFunc("GET /who", func(w http.ResponseWriter, r *http.Request) {
		who := "nobody"
		if c, err := r.Cookie("who"); err == nil {
			who = c.Value
		}
		fmt.Fprintf(w, `<!doctype html><html lang="en"><title>who</title><p id="who">%s</p></html>`, html.EscapeString(who))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	b := New(t)
	alice, bob, alice2 := b.Incognito(t), b.Incognito(t), b.Tab(t)
	main := b.Tab(t)
	Navigate(t, alice, srv.URL+"/set?v=alice")
	Navigate(t, bob, srv.URL+"/set?v=bob")
	Navigate(t, main, srv.URL+"/set?v=main")
	check := func(name string, ctx context.Context, want string) {
		t.Helper()
		Navigate(t, ctx, srv.URL+"/who")
		if got := Text(t, ctx, "#who"); got != want {
			t.Errorf("%s sees cookie %q, want %q", name, got, want)
		}
	}
	check("alice", alice, "alice")
	check("bob", bob, "bob")
	// Plain tabs share the default profile's cookie jar.
	check("second plain tab", alice2, "main")
}
