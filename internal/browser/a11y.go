package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeRelPath is where the repository keeps axe-core (git-ignored), installed
// by `npm install --prefix .cache/axe axe-core@4`.
var axeRelPath = filepath.Join(".cache", "axe", "node_modules", "axe-core", "axe.min.js")

// axeTags are the rule sets checked: WCAG 2.1 levels A and AA.
const axeTags = `['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']`

// Violation is one failed axe-core rule on a page.
type Violation struct {
	ID      string   `json:"id"`      // rule id, e.g. "color-contrast"
	Impact  string   `json:"impact"`  // minor, moderate, serious or critical
	Help    string   `json:"help"`    // one-line description of the rule
	HelpURL string   `json:"helpUrl"` // where the rule is explained
	Nodes   int      `json:"nodes"`   // how many elements fail it
	Targets []string `json:"targets"` // selectors of the first few of them
}

// Blocking reports whether the violation fails the check: serious and
// critical ones lock people out; minor ones are logged for later.
func (v Violation) Blocking() bool {
	return v.Impact == "serious" || v.Impact == "critical"
}

// axeSource holds axe.min.js, read once per test binary.
var axeSource struct {
	once sync.Once
	src  string
	err  error
}

// loadAxe returns the axe-core source, skipping the test when it is not
// installed (or failing it under CI=true).
func loadAxe(t testing.TB) string {
	t.Helper()
	axeSource.once.Do(func() {
		axeSource.src, axeSource.err = readAxe()
	})
	if axeSource.err != nil {
		if inCI() {
			t.Fatalf("axe-core is required in CI: %v; run `npm install --prefix .cache/axe axe-core@4` at the repository root", axeSource.err)
		}
		t.Skipf("accessibility check skipped: %v; run `npm install --prefix .cache/axe axe-core@4` at the repository root", axeSource.err)
	}
	return axeSource.src
}

// readAxe finds axe.min.js via LINLI_AXE_JS or by walking up from the
// working directory (tests run in their package directory) to the repo root.
func readAxe() (string, error) {
	if p := os.Getenv("LINLI_AXE_JS"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			return "", fmt.Errorf("LINLI_AXE_JS: %w", err)
		}
		return string(b), nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, axeRelPath))
		if err == nil {
			return string(b), nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%s not found above the working directory", axeRelPath)
		}
		dir = parent
	}
}

// axeRunJS runs axe on the document and returns the violations in the
// shape of Violation. Targets in shadow DOM are nested arrays, so they are
// flattened for display.
const axeRunJS = `axe.run(document, {runOnly: {type: 'tag', values: ` + axeTags + `}})
	.then(r => r.violations.map(v => ({
		id: v.id,
		impact: v.impact || '',
		help: v.help,
		helpUrl: v.helpUrl,
		nodes: v.nodes.length,
		targets: v.nodes.slice(0, 3).map(n => n.target
			.map(s => Array.isArray(s) ? s.join(' >>> ') : String(s)).join(' | ')),
	})))`

// A11yViolations injects axe-core into the tab's page and returns every
// WCAG 2.1 A/AA violation. Most tests want CheckA11y; this is for tests
// that inspect the violations themselves.
func A11yViolations(t testing.TB, ctx context.Context) []Violation {
	t.Helper()
	src := loadAxe(t)
	// Inject only once per document; re-running axe.min.js would reset it.
	loaded, err := result(ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object'`))
	if err != nil {
		fail(t, ctx, "axe: probe page: %v", err)
	}
	if !loaded {
		// End with undefined so the script's last value (the axe object)
		// is not serialised back over the protocol.
		if err := run(ctx, chromedp.Evaluate[chromedp.Void](src+"\n;undefined")); err != nil {
			fail(t, ctx, "axe: inject axe-core: %v", err)
		}
	}
	vs, err := result(ctx, chromedp.Evaluate[[]Violation](axeRunJS, chromedp.EvalAwaitPromise))
	if err != nil {
		fail(t, ctx, "axe: run: %v", err)
	}
	return vs
}

// CheckA11y runs axe-core on the tab's current page, logs every violation
// and fails the test (without stopping it) on serious or critical ones.
// page names the page in messages, e.g. "login" or "household list".
func CheckA11y(t testing.TB, ctx context.Context, page string) {
	t.Helper()
	vs := A11yViolations(t, ctx)
	var blocking []string
	for _, v := range vs {
		t.Logf("a11y %s: %s [%s] %s (%d elements: %s) %s",
			page, v.ID, v.Impact, v.Help, v.Nodes, strings.Join(v.Targets, ", "), v.HelpURL)
		if v.Blocking() {
			blocking = append(blocking, v.ID)
		}
	}
	if len(blocking) > 0 {
		t.Errorf("a11y %s: %d serious or critical violations: %s (details logged above)",
			page, len(blocking), strings.Join(blocking, ", "))
	}
}
