package browser

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// SetUploadFiles chooses files for the <input type="file"> matching the CSS
// selector, as a person picking photos would: the browser reads them from
// disk when the form is sent, and the input fires its change event, so
// previews appear. Paths are made absolute, as Chromium requires.
func SetUploadFiles(t testing.TB, ctx context.Context, selector string, files ...string) {
	t.Helper()
	abs := make([]string, len(files))
	for i, f := range files {
		a, err := filepath.Abs(f)
		if err != nil {
			t.Fatalf("upload %s: %v", f, err)
		}
		abs[i] = a
	}
	if err := run(ctx, chromedp.SetUploadFiles(chromedp.CSS(selector), abs)); err != nil {
		fail(t, ctx, "choose files for %s: %v", selector, err)
	}
	got, err := result(ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelector(%s).files.length`, jsString(selector))))
	if err != nil || got != len(files) {
		fail(t, ctx, "choose files for %s: the input holds %d files, want %d (%v)", selector, got, len(files), err)
	}
}

// WaitImagesLoaded waits until at least one image matches the CSS selector
// and every one has loaded with real pixels (naturalWidth > 0; a broken image
// has 0), and returns how many there are. It scrolls a waiting image into
// view, as a reader would, so loading="lazy" images load too.
func WaitImagesLoaded(t testing.TB, ctx context.Context, selector string) int {
	t.Helper()
	check := fmt.Sprintf(`(() => {
		const imgs = [...document.querySelectorAll(%s)];
		const waiting = imgs.find(i => !i.complete || i.naturalWidth === 0);
		if (waiting) waiting.scrollIntoView();
		if (imgs.length === 0 || waiting) return -imgs.length;
		return imgs.length;
	})()`, jsString(selector))
	deadline := time.Now().Add(actionTimeout)
	n := 0
	for time.Now().Before(deadline) {
		got, err := result(ctx, chromedp.Evaluate[int](check))
		if err != nil {
			fail(t, ctx, "images %s: %v", selector, err)
		}
		if got > 0 {
			return got
		}
		n = -got
		time.Sleep(50 * time.Millisecond)
	}
	fail(t, ctx, "images %s: %d found, not all loaded after %v", selector, n, actionTimeout)
	return 0
}
