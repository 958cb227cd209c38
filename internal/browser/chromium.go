// Package browser drives a headless Chromium for linli's browser suites:
// it starts the browser, opens phone-sized tabs, wraps the common page
// actions so a failure names the page it happened on, and runs axe-core
// accessibility checks.
//
// Outside CI the suites skip when Chromium or axe-core is missing, so
// `go test ./...` works on any machine; with CI=true they fail instead, so
// a CI machine that lost a dependency cannot pass by running nothing.
package browser

import (
	"os"
	"os/exec"
	"testing"
)

// candidates are the binary names tried in PATH, most likely first.
var candidates = []string{"chromium", "chromium-browser", "google-chrome"}

// inCI reports whether missing test dependencies must fail, not skip.
func inCI() bool { return os.Getenv("CI") == "true" }

// Chromium returns the path of the Chromium binary, from LINLI_CHROMIUM,
// /usr/bin/chromium or PATH. When none is found it skips the test, or fails
// it under CI=true.
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("LINLI_CHROMIUM"); p != "" {
		if isExecutable(p) {
			return p
		}
		// An explicit setting that is wrong is a mistake to report, not a
		// reason to quietly use another browser.
		t.Fatalf("LINLI_CHROMIUM=%q is not an executable file", p)
	}
	if isExecutable("/usr/bin/chromium") {
		return "/usr/bin/chromium"
	}
	for _, name := range candidates {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if inCI() {
		t.Fatal("chromium is required in CI: apt-get install chromium")
	}
	t.Skip("browser suite skipped: chromium not found; install Debian's chromium to run it")
	return ""
}

// isExecutable reports whether p is a regular file with an execute bit.
func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}
