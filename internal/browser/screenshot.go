package browser

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Screenshot saves a full-page PNG of the tab and returns its path. The file
// goes to $LINLI_SCREENSHOTS when set (so CI keeps them for people to look
// at), else to a temporary directory. The name is prefixed with the test
// name so that suites sharing a directory do not overwrite each other.
func Screenshot(t testing.TB, ctx context.Context, name string) string {
	t.Helper()
	png, err := result(ctx, chromedp.FullScreenshot(100)) // 100 means PNG
	if err != nil {
		fail(t, ctx, "screenshot %s: %v", name, err)
	}
	dir := os.Getenv("LINLI_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, fileName(t.Name()+"-"+name)+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	t.Logf("screenshot: %s", path)
	return path
}

// fileName replaces characters that are awkward in file names (subtest
// names contain slashes and spaces).
func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9',
			r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, s)
}
