package browser

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// docSeq makes each Submit's document mark unique.
var docSeq atomic.Int64

// Submit clicks the element matching the CSS selector (a submit button or
// link) and waits until a new document has fully loaded. It fails when the
// click does not lead to a new page, for example when client-side
// validation blocks the form.
func Submit(t testing.TB, ctx context.Context, selector string) {
	t.Helper()
	// Tag the current document; a loaded document without the tag is the
	// new one. readyState alone cannot tell the old page from the new.
	mark := fmt.Sprintf("linli-doc-%d", docSeq.Add(1))
	tag := fmt.Sprintf(`window.__linliDoc = %s`, jsString(mark))
	if err := run(ctx, chromedp.Evaluate[chromedp.Void](tag)); err != nil {
		fail(t, ctx, "submit %s: tag document: %v", selector, err)
	}
	Click(t, ctx, selector)
	if err := waitNewDocument(ctx, mark); err != nil {
		fail(t, ctx, "submit %s: no new page loaded: %v", selector, err)
	}
}

// waitNewDocument polls until the tab shows a completely loaded document
// that lacks mark. It polls from Go because in-page polling dies with the
// document it runs in.
func waitNewDocument(ctx context.Context, mark string) error {
	check := fmt.Sprintf(`window.__linliDoc !== %s && document.readyState === "complete"`, jsString(mark))
	deadline := time.Now().Add(actionTimeout)
	var last error
	for time.Now().Before(deadline) {
		// A short timeout per probe: an evaluation sent while the page is
		// swapping documents can hang until the new one exists.
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		done, err := chromedp.Run(pctx, chromedp.Evaluate[bool](check))
		cancel()
		if err == nil && done {
			return nil
		}
		if err != nil {
			last = err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		time.Sleep(50 * time.Millisecond)
	}
	if last != nil {
		return fmt.Errorf("timed out after %v (last error: %v)", actionTimeout, last)
	}
	return fmt.Errorf("timed out after %v", actionTimeout)
}
