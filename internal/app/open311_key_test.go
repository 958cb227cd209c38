package app_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/linli-dev/linli/internal/app"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/open311"
	"github.com/linli-dev/linli/internal/org"
)

// TestOpen311KeyCommand makes a partner key from the command line, finds it
// listed, sees it work, and revokes it.
func TestOpen311KeyCommand(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/linli.db"
	env := map[string]string{"LINLI_DB": path}
	getenv := func(k string) string { return env[k] }
	run := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := app.Run(ctx, args, getenv, &out, &errOut)
		return out.String() + errOut.String(), err
	}
	if out, err := run("open311-key", "-name", "Acme"); err == nil || !strings.Contains(out+err.Error(), "0 districts") {
		t.Fatalf("no district yet: %q %v", out, err)
	}
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	district, err := org.NewStore(d).CreatePlace(ctx, d, 0, org.District, "测试区")
	d.Close()
	if err != nil {
		t.Fatal(err)
	}

	out, err := run("open311-key", "-name", "12345 hotline")
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`o311_[A-Za-z0-9_-]{43}`).FindString(out)
	if key == "" {
		t.Fatalf("no key printed: %q", out)
	}
	if _, err := run("open311-key", "-name", "12345 hotline"); err == nil || !strings.Contains(err.Error(), "already has a live key") {
		t.Fatalf("a second live key of that name: %v", err)
	}
	if out, _ := run("open311-key", "-list"); !strings.Contains(out, "12345 hotline") {
		t.Fatalf("list: %q", out)
	}

	d, _ = db.Open(ctx, path)
	defer d.Close()
	if _, err := open311.NewKeys(d).Check(ctx, district.ID, key); err != nil {
		t.Fatalf("the printed key does not work: %v", err)
	}
	if out, err := run("open311-key", "-revoke", "1"); err != nil || !strings.Contains(out, "revoked key 1") {
		t.Fatalf("revoke: %q %v", out, err)
	}
	if _, err := open311.NewKeys(d).Check(ctx, district.ID, key); err == nil {
		t.Fatal("a revoked key still works")
	}
	var audited int
	_ = d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'open311.key_%'`).Scan(&audited)
	if audited != 2 {
		t.Errorf("%d audit rows, want the creation and the revocation", audited)
	}
}
