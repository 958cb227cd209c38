package browser

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Phone viewport: the platform is used mostly on phones, so every page is
// tested at this size first.
const (
	viewportWidth  = 390
	viewportHeight = 844
)

// startTimeout bounds starting the browser or opening a tab; a browser that
// cannot start in this time is broken, and waiting longer only hides it.
const startTimeout = 60 * time.Second

// Browser is one headless Chromium process shared by the tabs of a test.
type Browser struct {
	ctx    context.Context // chromedp context of the browser's first tab
	output *tailBuffer     // last output of chromium, for start failures
}

// New starts a headless Chromium for the test and stops it in t.Cleanup.
// It skips (or fails under CI=true) when Chromium is not installed.
func New(t testing.TB) *Browser {
	t.Helper()
	exe := Chromium(t)
	out := &tailBuffer{max: 8 << 10}

	// Start from chromedp's defaults (quiet, automation-friendly flags) and
	// add what a root-run, offline CI machine needs. chromedp's allocator
	// also gives each browser a fresh temporary user-data-dir, and removes
	// it (after killing leftover helper processes) when the browser stops.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // we run as root, where the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.WindowSize(viewportWidth, viewportHeight),
		chromedp.Flag("force-device-scale-factor", "1"),
		chromedp.CombinedOutput(out),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	b := &Browser{ctx: ctx, output: out}
	t.Cleanup(func() {
		// Close gracefully so chromium flushes and exits, but never hang
		// the test binary on a stuck browser.
		cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
		_ = chromedp.Cancel(cctx)
		ccancel()
		cancel()
		cancelAlloc()
	})
	// The first Run starts the process; its context must not carry a
	// timeout, or the browser would die with it, so a timer guards it.
	if err := startWithin(ctx, cancel); err != nil {
		b.logOutput(t)
		t.Fatalf("start chromium %s: %v", exe, err)
	}
	return b
}

// Tab opens a new tab in the browser's default profile, so it shares
// cookies with other tabs from Tab. It is closed in t.Cleanup.
func (b *Browser) Tab(t testing.TB) context.Context {
	t.Helper()
	return b.open(t)
}

// Incognito opens a tab in a new, separate browser context with its own
// cookie jar, so that two users can be logged in side by side.
func (b *Browser) Incognito(t testing.TB) context.Context {
	t.Helper()
	return b.open(t, chromedp.WithNewBrowserContext())
}

// open creates a tab, emulates a phone on it and registers its cleanup.
func (b *Browser) open(t testing.TB, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, opts...)
	t.Cleanup(cancel)
	if err := startWithin(ctx, cancel); err != nil {
		b.logOutput(t)
		t.Fatalf("open tab: %v", err)
	}
	err := run(ctx, chromedp.EmulateViewport(viewportWidth, viewportHeight,
		chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateScale(1)))
	if err != nil {
		t.Fatalf("emulate phone viewport: %v", err)
	}
	return ctx
}

// startWithin runs the first, untimed chromedp action on ctx (which starts
// the browser or the tab) and cancels ctx if that takes too long.
func startWithin(ctx context.Context, cancel context.CancelFunc) error {
	timer := time.AfterFunc(startTimeout, cancel)
	defer timer.Stop()
	return chromedp.Do(ctx)
}

// logOutput logs what chromium printed, the usual clue when it cannot start
// or open a tab. It is not logged on other failures: it is mostly harmless
// D-Bus noise and would bury the real message.
func (b *Browser) logOutput(t testing.TB) {
	t.Helper()
	if s := b.output.String(); s != "" {
		t.Logf("chromium output (tail):\n%s", s)
	}
}

// tailBuffer keeps the last max bytes written to it; chromium can be chatty
// and only the end matters.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

// Write implements io.Writer.
func (w *tailBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	if over := len(w.buf) - w.max; over > 0 {
		w.buf = append(w.buf[:0], w.buf[over:]...)
	}
	return len(p), nil
}

// String returns the kept output.
func (w *tailBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.buf)
}
