package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/testenv"
)

func TestBadInputIsRefusedInChineseAndChangesNothing(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		ctx := context.Background()
		count := func() int {
			var n int
			_ = e.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
			return n
		}
		before := count()
		c := e.Client(t)
		cases := []struct {
			name  string
			body  any
			field string
		}{
			{"phone too short", map[string]string{"phone": "1381234", "password": "12345678", "nickname": "a"}, "phone"},
			{"password too short", map[string]string{"phone": "13812345678", "password": "短密码", "nickname": "a"}, "password"},
			{"password over the byte limit", map[string]string{"phone": "13812345678", "password": strings.Repeat("密", 90), "nickname": "a"}, "password"},
			{"no nickname", map[string]string{"phone": "13812345678", "password": "12345678", "nickname": " "}, "nickname"},
			{"phone already registered", map[string]string{"phone": testenv.ResidentA, "password": "12345678", "nickname": "a"}, "phone"},
		}
		for _, tc := range cases {
			st, body := c.Do("POST", "/api/v1/register", tc.body)
			e := body["error"].(map[string]any)
			if st != 422 || e["code"] != "invalid" || e["field"] != tc.field {
				t.Errorf("%s: %d %v", tc.name, st, body)
			}
			if msg, _ := e["message"].(string); !containsHan(msg) {
				t.Errorf("%s: message %q is not Chinese", tc.name, msg)
			}
		}
		st, body := c.Do("POST", "/api/v1/register", "{not json")
		if st != 422 || testenv.ErrorCode(body) != "invalid" {
			t.Errorf("broken JSON: %d %v", st, body)
		}
		if after := count(); after != before {
			t.Fatalf("refused registrations created %d accounts", after-before)
		}
	})
}

func containsHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func TestEnglishErrorsWhenAskedFor(t *testing.T) {
	e := testenv.SQLite(t)
	req, _ := http.NewRequest("POST", e.URL+"/api/v1/register", strings.NewReader(`{"phone":"1"}`))
	req.Header.Set("Accept-Language", "en-US,en;q=0.9")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf strings.Builder
	_, _ = bufCopy(&buf, resp)
	if resp.StatusCode != 422 || !strings.Contains(buf.String(), "11-digit mobile number") {
		t.Fatalf("got %d %s", resp.StatusCode, buf.String())
	}
}

func TestFailedLoginsAreThrottledPerAccount(t *testing.T) {
	testenv.Each(t, func(t *testing.T, e *testenv.Env) {
		c := e.Client(t)
		for i := 0; i < 5; i++ {
			if st, _ := c.Do("POST", "/api/v1/session", map[string]string{"phone": testenv.ResidentA, "password": "wrong password"}); st != 401 {
				t.Fatalf("attempt %d: %d", i, st)
			}
		}
		st, body := c.Do("POST", "/api/v1/session", map[string]string{"phone": testenv.ResidentA, "password": testenv.Password})
		if st != 429 || testenv.ErrorCode(body) != "too_many_requests" {
			t.Fatalf("6th attempt with the right password: %d %v", st, body)
		}
		// Another account from the same address is not locked out.
		if st, body = c.Do("POST", "/api/v1/session", map[string]string{"phone": testenv.ResidentB, "password": testenv.Password}); st != 200 {
			t.Fatalf("other account: %d %v", st, body)
		}
		var failed int
		_ = e.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'login.failed'`).Scan(&failed)
		if failed != 5 {
			t.Fatalf("audited %d failed logins, want 5", failed)
		}
	})
}

func TestSessionRotatesAtLoginAndEndsAtLogout(t *testing.T) {
	e := testenv.SQLite(t)
	c := e.Client(t)
	u, _ := url.Parse(e.URL)
	c.Login(testenv.ResidentA)
	first := sessionCookie(c, u)
	c.Login(testenv.ResidentA)
	second := sessionCookie(c, u)
	if first == "" || first == second {
		t.Fatalf("session id not rotated at login: %q -> %q", first, second)
	}
	stale := e.Client(t)
	stale.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: httpx.SessionCookie, Value: first}})
	if st, _ := stale.Do("GET", "/api/v1/me", nil); st != 401 {
		t.Fatalf("the replaced session still works: %d", st)
	}
	if st, _ := c.Do("GET", "/api/v1/me", nil); st != 200 {
		t.Fatalf("current session: %d", st)
	}
	c.Do("DELETE", "/api/v1/session", nil)
	thief := e.Client(t)
	thief.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: httpx.SessionCookie, Value: second}})
	if st, _ := thief.Do("GET", "/api/v1/me", nil); st != 401 {
		t.Fatalf("session alive after logout: %d", st)
	}
}

func sessionCookie(c *testenv.Client, u *url.URL) string {
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == httpx.SessionCookie {
			return ck.Value
		}
	}
	return ""
}

func TestBearerTokensForAPIClients(t *testing.T) {
	e := testenv.SQLite(t)
	c := e.Client(t)
	st, body := c.Do("POST", "/api/v1/tokens", map[string]string{"phone": testenv.CadreA, "password": testenv.Password, "name": "小程序"})
	if st != 201 {
		t.Fatalf("token: %d %v", st, body)
	}
	api := e.Client(t)
	api.Token = body["token"].(string)
	if st, body = api.Do("GET", "/api/v1/me", nil); st != 200 || body["user"].(map[string]any)["nickname"] != "甲社工" {
		t.Fatalf("me with token: %d %v", st, body)
	}
	api.Token = "lt_forged"
	if st, _ = api.Do("GET", "/api/v1/me", nil); st != 401 {
		t.Fatalf("forged token: %d", st)
	}
}

func TestCrossSiteFormPostsAreRefused(t *testing.T) {
	e := testenv.SQLite(t)
	form := url.Values{"phone": {"13811112222"}, "password": {"12345678"}, "nickname": {"x"}}
	req, _ := http.NewRequest("POST", e.URL+"/register", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("cross-site POST: %d, want 403", resp.StatusCode)
	}
	var n int
	_ = e.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM users`).Scan(&n)
	if n != 8 {
		t.Fatalf("cross-site POST changed the users table: %d users", n)
	}
}
