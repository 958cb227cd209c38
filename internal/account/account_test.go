package account_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/pii"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newStore(t *testing.T, d *db.DB) (*account.Store, *clock) {
	keys, _ := pii.NewKeys(bytes.Repeat([]byte{5}, 32))
	s := account.NewStore(d, keys)
	s.Params = account.Params{Memory: 64, Time: 1, Threads: 1}
	c := &clock{t: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)}
	s.Now = c.now
	s.SessionIdle, s.SessionMax = time.Hour, 24*time.Hour
	return s, c
}

func TestPasswordsAcceptAnyUnicodeUpToTheByteLimit(t *testing.T) {
	for _, pw := range []string{"12345678", "我家门前有小河", "пароль-密码-🔑🔑", strings.Repeat("密", account.MaxPasswordBytes/3)} {
		if err := account.CheckPassword(pw); err != nil && len([]rune(pw)) >= account.MinPasswordRunes {
			t.Errorf("%q refused: %v", pw, err)
		}
		h := account.HashPassword(pw, account.Params{Memory: 64, Time: 1, Threads: 1})
		if !account.VerifyPassword(pw, h) || account.VerifyPassword(pw+"x", h) {
			t.Errorf("%q does not round-trip", pw)
		}
	}
	if err := account.CheckPassword(strings.Repeat("密", account.MaxPasswordBytes/3+1)); !errs.Is(err, errs.Invalid) {
		t.Fatal("a password over the byte limit was accepted")
	}
	if account.VerifyPassword("x", "$argon2id$v=19$m=bad") {
		t.Fatal("a malformed hash verified")
	}
}

func TestSessionsExpireWhenIdleAndAtTheirAbsoluteEnd(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, c := newStore(t, d)
		u, err := s.Register(ctx, account.Registration{Phone: "13811112222", Password: "12345678", Nickname: "测试"})
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := s.StartSession(ctx, u.ID, "", "127.0.0.1", "test")
		for i := 0; i < 30; i++ { // used every 50 minutes for a day: never idle
			c.t = c.t.Add(50 * time.Minute)
			if _, err := s.SessionUser(ctx, tok); err != nil && i < 28 {
				t.Fatalf("after %d uses: %v", i, err)
			}
		}
		if _, err := s.SessionUser(ctx, tok); !errs.Is(err, errs.Unauthorized) {
			t.Fatal("a session outlived its absolute limit")
		}
		tok, _ = s.StartSession(ctx, u.ID, "", "", "")
		c.t = c.t.Add(61 * time.Minute)
		if _, err := s.SessionUser(ctx, tok); !errs.Is(err, errs.Unauthorized) {
			t.Fatal("an idle session survived")
		}
		if n, _ := s.PurgeSessions(ctx); n != 0 {
			t.Fatalf("purged %d; the expired ones were already removed on use", n)
		}
	})
}

func TestThrottleWindowStartsOver(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, c := newStore(t, d)
		th := account.Throttle{Window: 15 * time.Minute, PerAccount: 3, PerAddress: 100}
		for i := 0; i < 3; i++ {
			if err := s.RecordFailure(ctx, th, "13800000000", "10.0.0.1"); err != nil {
				t.Fatal(err)
			}
		}
		err := s.CheckThrottle(ctx, th, "138 0000 0000", "10.0.0.9")
		if !errs.Is(err, errs.TooMany) || errs.As(err).Args[0] != 15 {
			t.Fatalf("after 3 failures: %v", err)
		}
		c.t = c.t.Add(16 * time.Minute)
		if err := s.CheckThrottle(ctx, th, "13800000000", "10.0.0.1"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		if err := s.RecordFailure(ctx, th, "13800000000", "10.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if err := s.CheckThrottle(ctx, th, "13800000000", "10.0.0.1"); err != nil {
			t.Fatalf("one failure in a new window: %v", err)
		}
	})
}

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{"13812345678": "13812345678", "+86 138-1234-5678": "13812345678", "１３８１２３４５６７８": "13812345678"} {
		if got, err := account.NormalizePhone(in); err != nil || got != want {
			t.Errorf("NormalizePhone(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "12812345678", "1381234567", "138-1234-567a"} {
		if _, err := account.NormalizePhone(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestThrottlePerAddressAcrossAccounts(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	s, _ := newStore(t, d)
	th := account.Throttle{Window: 15 * time.Minute, PerAccount: 100, PerAddress: 4}
	for i := 0; i < 4; i++ { // one address guessing four different accounts
		if err := s.RecordFailure(ctx, th, "1380000000"+string(rune('0'+i)), "203.0.113.7"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CheckThrottle(ctx, th, "13899999999", "203.0.113.7"); !errs.Is(err, errs.TooMany) {
		t.Fatalf("the guessing address is not throttled: %v", err)
	}
	if err := s.CheckThrottle(ctx, th, "13899999999", "198.51.100.1"); err != nil {
		t.Fatalf("another address is throttled too: %v", err)
	}
}
