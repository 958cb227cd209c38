package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// actionTimeout bounds each helper action. It is generous because CI has
// two cores and builds while testing; a healthy page answers in well under
// a second, so hitting it means the page is broken, not slow.
const actionTimeout = 20 * time.Second

// snippetLen caps the page text quoted in failure messages.
const snippetLen = 600

// run runs actions on the tab with the per-action timeout. Deriving the
// timeout from the tab context keeps the tab itself alive afterwards.
func run(ctx context.Context, actions ...chromedp.Action[chromedp.Void]) error {
	tctx, cancel := context.WithTimeout(ctx, actionTimeout)
	defer cancel()
	return chromedp.Do(tctx, actions...)
}

// result runs one action that returns a value, with the per-action timeout.
func result[T any](ctx context.Context, a chromedp.Action[T]) (T, error) {
	tctx, cancel := context.WithTimeout(ctx, actionTimeout)
	defer cancel()
	return chromedp.Run(tctx, a)
}

// fail ends the test with msg plus where the tab was and what it showed,
// which is usually enough to see why an element was missing.
func fail(t testing.TB, ctx context.Context, format string, args ...any) {
	t.Helper()
	t.Fatalf("%s\n%s", fmt.Sprintf(format, args...), describePage(ctx))
}

// describePage returns the tab's URL and the start of its visible text.
func describePage(ctx context.Context) string {
	tctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	url, err := chromedp.Run(tctx, chromedp.Location())
	if err != nil {
		return fmt.Sprintf("(page unavailable: %v)", err)
	}
	text, err := chromedp.Run(tctx, chromedp.Evaluate[string](
		`document.body ? document.body.innerText : ""`))
	if err != nil {
		text = fmt.Sprintf("(text unavailable: %v)", err)
	}
	text = strings.Join(strings.Fields(text), " ")
	if r := []rune(text); len(r) > snippetLen {
		text = string(r[:snippetLen]) + "…"
	}
	return fmt.Sprintf("  url:  %s\n  text: %s", url, text)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Navigate loads url in the tab and waits for the page to load.
func Navigate(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	if err := run(ctx, chromedp.Navigate(url)); err != nil {
		fail(t, ctx, "navigate to %s: %v", url, err)
	}
}

// WaitVisible waits until the element matching the CSS selector is visible.
func WaitVisible(t testing.TB, ctx context.Context, selector string) {
	t.Helper()
	if err := run(ctx, chromedp.WaitVisible(chromedp.CSS(selector))); err != nil {
		fail(t, ctx, "wait for %s to be visible: %v", selector, err)
	}
}

// Fill sets the value of an input or textarea and fires input and change
// events, as a user's typing would. Setting the value (rather than sending
// keys) replaces any old value and handles Chinese text and date inputs.
func Fill(t testing.TB, ctx context.Context, selector, value string) {
	t.Helper()
	setValue(t, ctx, "fill", selector, value)
}

// Select chooses the option with the given value in a <select>, and fails
// when no such option exists.
func Select(t testing.TB, ctx context.Context, selector, value string) {
	t.Helper()
	setValue(t, ctx, "select", selector, value)
}

// setValue backs Fill and Select: it assigns el.value and checks it stuck,
// which catches a <select> without that option.
func setValue(t testing.TB, ctx context.Context, verb, selector, value string) {
	t.Helper()
	js := fmt.Sprintf(`(() => {
		const el = document.querySelector(%s);
		el.focus();
		el.value = %s;
		el.dispatchEvent(new Event('input', {bubbles: true}));
		el.dispatchEvent(new Event('change', {bubbles: true}));
		return el.value;
	})()`, jsString(selector), jsString(value))
	err := run(ctx, chromedp.WaitVisible(chromedp.CSS(selector)))
	if err != nil {
		fail(t, ctx, "%s %s: %v", verb, selector, err)
	}
	got, err := result(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		fail(t, ctx, "%s %s: %v", verb, selector, err)
	}
	if got != value {
		fail(t, ctx, "%s %s with %q: value is %q (no such option?)", verb, selector, value, got)
	}
}

// Click clicks the visible element matching the CSS selector. Use Submit
// when the click loads a new page.
func Click(t testing.TB, ctx context.Context, selector string) {
	t.Helper()
	if err := run(ctx, chromedp.Click(chromedp.CSS(selector))); err != nil {
		fail(t, ctx, "click %s: %v", selector, err)
	}
}

// Text returns the visible text (innerText) of the element matching the
// CSS selector.
func Text(t testing.TB, ctx context.Context, selector string) string {
	t.Helper()
	s, err := result(ctx, chromedp.Text(chromedp.CSS(selector)))
	if err != nil {
		fail(t, ctx, "text of %s: %v", selector, err)
	}
	return s
}

// URL returns the tab's current URL.
func URL(t testing.TB, ctx context.Context) string {
	t.Helper()
	s, err := result(ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("read URL: %v", err)
	}
	return s
}
