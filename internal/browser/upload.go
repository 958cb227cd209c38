package browser

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// Upload chooses files (paths on this machine) in the file input matching the
// CSS selector, as a person picking photos would.
func Upload(t testing.TB, ctx context.Context, selector string, paths ...string) {
	t.Helper()
	if err := run(ctx, chromedp.SetUploadFiles(chromedp.CSS(selector), paths)); err != nil {
		fail(t, ctx, "upload to %s: %v", selector, err)
	}
}
