// Package testenv starts a real linli server on port 0 over a temporary
// database, with a small two-neighborhood fixture, for the end-to-end and
// browser suites. Nothing in it is mocked.
package testenv

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/access"
	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/app"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/idcard"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/pii"
	"github.com/linli-dev/linli/internal/roster"
)

// Password is every fixture account's password.
const Password = "邻里-test-密码"

// Fixture phones: one account per role, in neighborhood A unless it says B.
const (
	DistrictAdmin = "13700000001"
	SecretaryA    = "13700000002"
	CadreA        = "13700000003"
	CadreB        = "13700000004"
	ResidentA     = "13700000005"
	ResidentB     = "13700000006"
	Newcomer      = "13700000007"
	StreetAdmin   = "13700000008"
)

// RosterName and RosterID are on neighborhood A's roster for room 101 of
// building 1, so a newcomer giving them is verified at once.
const (
	RosterName = "张秀英"
	RosterID   = "11010519491231002X"
)

// Env is a running server with its fixture.
type Env struct {
	*app.Server
	DB                     *db.DB
	Keys                   *pii.Keys
	District, Street, A, B *org.Place
	BuildingA, BuildingB   *org.Place
	HouseholdA, HouseholdB *org.Household
	DBPath                 string
}

// MasterKey is the fixture's personal-data key.
var MasterKey = bytes.Repeat([]byte{42}, 32)

// SQLite starts a server on a temporary SQLite file.
func SQLite(t testing.TB) *Env {
	t.Helper()
	d := dbtest.SQLite(t)
	return start(t, d)
}

// SQLiteAt starts a server on a SQLite file at path, for tests that read the file.
func SQLiteAt(t testing.TB, path string) *Env {
	t.Helper()
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return start(t, d)
}

// Postgres starts a server on a fresh PostgreSQL schema (skipped without
// LINLI_TEST_POSTGRES, failed under CI=true).
func Postgres(t testing.TB) *Env {
	t.Helper()
	return start(t, dbtest.Postgres(t))
}

// Each runs fn against a server on each dialect.
func Each(t *testing.T, fn func(t *testing.T, e *Env)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) {
		if dbtest.PostgresURL(t) == "" {
			t.Skip("PostgreSQL variant skipped: set LINLI_TEST_POSTGRES=postgres://... to run it")
		}
		fn(t, Postgres(t))
	})
}

func start(t testing.TB, d *db.DB) *Env {
	t.Helper()
	keys, err := pii.NewKeys(MasterKey)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &app.Config{Addr: "127.0.0.1:0", SessionIdle: 24 * time.Hour, SessionMax: 48 * time.Hour, PhotoDir: t.TempDir()}
	srv, err := app.Start(context.Background(), cfg, d, keys)
	if err != nil {
		t.Fatal(err)
	}
	// Tests must not spend seconds on argon2: the cheapest parameters still
	// exercise the real hashing code.
	srv.Svc.Accounts.Params = account.Params{Memory: 64, Time: 1, Threads: 1}
	t.Cleanup(func() { _ = srv.Close() })
	e := &Env{Server: srv, DB: d, Keys: keys}
	e.seed(t)
	return e
}

func (e *Env) seed(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	svc := e.Svc
	hash := account.HashPassword(Password, svc.Accounts.Params)
	err := e.DB.Tx(ctx, func(tx *db.Tx) error {
		must := func(p *org.Place, err error) *org.Place {
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		o := svc.Org
		e.District = must(o.CreatePlace(ctx, tx, 0, org.District, "测试区"))
		e.Street = must(o.CreatePlace(ctx, tx, e.District.ID, org.Street, "测试街道"))
		e.A = must(o.CreatePlace(ctx, tx, e.Street.ID, org.Neighborhood, "甲小区"))
		e.B = must(o.CreatePlace(ctx, tx, e.Street.ID, org.Neighborhood, "乙小区"))
		gA := must(o.CreatePlace(ctx, tx, e.A.ID, org.Grid, "第一网格"))
		gB := must(o.CreatePlace(ctx, tx, e.B.ID, org.Grid, "第一网格"))
		e.BuildingA = must(o.CreatePlace(ctx, tx, gA.ID, org.Building, "1号楼"))
		e.BuildingB = must(o.CreatePlace(ctx, tx, gB.ID, org.Building, "1号楼"))
		var err error
		if e.HouseholdA, _, err = o.EnsureHousehold(ctx, tx, e.BuildingA, "101", 8950); err != nil {
			return err
		}
		if e.HouseholdB, _, err = o.EnsureHousehold(ctx, tx, e.BuildingB, "101", 10000); err != nil {
			return err
		}
		for _, h := range []*org.Household{e.HouseholdA, e.HouseholdB} {
			if _, _, err := o.EnsureHousehold(ctx, tx, map[int64]*org.Place{e.A.ID: e.BuildingA, e.B.ID: e.BuildingB}[h.NeighborhoodID], "102", 7000); err != nil {
				return err
			}
		}
		if _, err := svc.Roster.Upsert(ctx, tx, roster.Entry{Household: e.HouseholdA, Name: RosterName, ID: idcard.Number(RosterID), IsOwner: true}); err != nil {
			return err
		}
		grant := func(phone, nick string, role access.Role, p *org.Place) {
			u, err := svc.Accounts.Insert(ctx, tx, phone, hash, nick)
			if err != nil {
				t.Fatal(err)
			}
			if role != "" {
				if err := svc.Access.GrantRole(ctx, tx, u.ID, role, p.ID, p.DistrictID, 0, 0); err != nil {
					t.Fatal(err)
				}
			}
		}
		grant(DistrictAdmin, "区管理员", access.DistrictAdmin, e.District)
		grant(StreetAdmin, "街道管理员", access.StreetAdmin, e.Street)
		grant(SecretaryA, "甲书记", access.Secretary, e.A)
		grant(CadreA, "甲社工", access.Cadre, e.A)
		grant(CadreB, "乙社工", access.Cadre, e.B)
		grant(Newcomer, "新邻居", "", nil)
		for _, r := range []struct {
			phone, nick, name, id string
			h                     *org.Household
		}{{ResidentA, "甲居民", "李建国", "110101199003074477", e.HouseholdA}, {ResidentB, "乙居民", "王芳", "110101199003071735", e.HouseholdB}} {
			u, err := svc.Accounts.Insert(ctx, tx, r.phone, hash, r.nick)
			if err != nil {
				return err
			}
			if err := svc.Verify.Grant(ctx, tx, u.ID, r.h, r.name, idcard.Number(r.id), false, time.Now().UnixMilli()); err != nil {
				return err
			}
		}
		return o.RecountHouseholds(ctx, tx, e.A.ID)
	})
	if err != nil {
		t.Fatalf("seed fixture: %v", err)
	}
}

// Client is an HTTP client with its own cookie jar: one person's browser.
type Client struct {
	t     testing.TB
	base  string
	HTTP  *http.Client
	Token string
}

// Client returns a new client for the server.
func (e *Env) Client(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, base: e.URL, HTTP: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// Do sends a JSON request (body may be nil) and returns the status and decoded body.
func (c *Client) Do(method, path string, body any) (int, map[string]any) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		if s, ok := body.(string); ok {
			rd = strings.NewReader(s)
		} else {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := map[string]any{}
	if len(raw) > 0 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(raw, &out); err != nil {
			c.t.Fatalf("%s %s: bad JSON %q", method, path, raw)
		}
	}
	out["_raw"] = string(raw)
	return resp.StatusCode, out
}

// Login logs the client in through the API. It fails the test on error.
func (c *Client) Login(phone string) {
	c.t.Helper()
	if st, body := c.Do("POST", "/api/v1/session", map[string]string{"phone": phone, "password": Password}); st != 200 {
		c.t.Fatalf("login %s: %d %v", phone, st, body)
	}
}

// ErrorCode extracts error.code from a decoded error body.
func ErrorCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}
