package open311

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/db/dbtest"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
)

func mustDistrict(t *testing.T, d *db.DB, name string) *org.Place {
	t.Helper()
	p, err := org.NewStore(d).CreatePlace(context.Background(), d, 0, org.District, name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPartnerKeys(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		xuhui, pudong := mustDistrict(t, d, "徐汇区"), mustDistrict(t, d, "浦东新区")
		keys := NewKeys(d)

		plain, key, err := keys.Create(ctx, xuhui.ID, " 12345 热线 ", 0)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(plain, "o311_") || len(plain) < 40 || key.Name != "12345 热线" {
			t.Fatalf("key %q named %q", plain, key.Name)
		}
		var stored []byte
		if err := d.QueryRowContext(ctx, `SELECT key_hash FROM open311_keys WHERE id = ?`, key.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(stored, []byte(plain)) || len(stored) != 32 {
			t.Fatal("the key itself must never be stored, only its SHA-256")
		}

		p, err := keys.Check(ctx, xuhui.ID, plain)
		if err != nil || p.KeyID != key.ID || p.Name != "12345 热线" {
			t.Fatalf("a good key: %+v %v", p, err)
		}
		for name, c := range map[string]struct {
			district int64
			key      string
		}{
			"another district's key": {pudong.ID, plain},
			"a made-up key":          {xuhui.ID, "o311_" + strings.Repeat("A", 43)},
			"no prefix":              {xuhui.ID, strings.TrimPrefix(plain, "o311_")},
			"empty":                  {xuhui.ID, ""},
		} {
			if _, err := keys.Check(ctx, c.district, c.key); !errs.Is(err, errs.Forbidden) {
				t.Errorf("%s: %v, want forbidden", name, err)
			}
		}

		if _, _, err := keys.Create(ctx, xuhui.ID, "12345 热线", 0); !errs.Is(err, errs.Invalid) {
			t.Errorf("a second live key with the same name: %v, want invalid", err)
		}
		if _, _, err := keys.Create(ctx, pudong.ID, "12345 热线", 0); err != nil {
			t.Errorf("the same name in another district: %v", err)
		}
		for name, c := range map[string]struct {
			district int64
			name     string
		}{"no name": {xuhui.ID, "  "}, "no such district": {9999, "x"}} {
			if _, _, err := keys.Create(ctx, c.district, c.name, 0); !errs.Is(err, errs.Invalid) {
				t.Errorf("%s: %v, want invalid", name, err)
			}
		}

		if _, err := keys.Revoke(ctx, key.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := keys.Check(ctx, xuhui.ID, plain); !errs.Is(err, errs.Forbidden) {
			t.Errorf("a revoked key still works: %v", err)
		}
		if _, err := keys.Revoke(ctx, key.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("revoking twice: %v, want not_found", err)
		}
		if _, _, err := keys.Create(ctx, xuhui.ID, "12345 热线", 0); err != nil {
			t.Errorf("the name is free again once revoked: %v", err)
		}

		all, err := keys.List(ctx, 0)
		if err != nil || len(all) != 3 {
			t.Fatalf("all keys: %d %v", len(all), err)
		}
		mine, _ := keys.List(ctx, xuhui.ID)
		if len(mine) != 2 || mine[1].RevokedAt.IsZero() || !mine[0].RevokedAt.IsZero() {
			t.Errorf("徐汇区's keys, newest first: %+v", mine)
		}
	})
}
