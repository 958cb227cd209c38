package app

import (
	"runtime/debug"
	"testing"
)

func TestServerTunesTheCollectorUnlessTheOperatorDid(t *testing.T) {
	prevPercent := debug.SetGCPercent(100)
	prevLimit := debug.SetMemoryLimit(-1)
	defer func() { debug.SetGCPercent(prevPercent); debug.SetMemoryLimit(prevLimit) }()

	tuneGC(func(string) string { return "" })
	if p := debug.SetGCPercent(100); p != 400 {
		t.Fatalf("GOGC %d, want 400", p)
	}
	if l := debug.SetMemoryLimit(-1); l != 2<<30 {
		t.Fatalf("memory limit %d, want 2 GiB", l)
	}
	debug.SetMemoryLimit(1 << 40)
	tuneGC(func(k string) string { return map[string]string{"GOGC": "150", "GOMEMLIMIT": "512MiB"}[k] })
	if p := debug.SetGCPercent(100); p != 100 {
		t.Fatalf("an operator's GOGC was overridden: %d", p)
	}
	if l := debug.SetMemoryLimit(-1); l != 1<<40 {
		t.Fatalf("an operator's GOMEMLIMIT was overridden: %d", l)
	}
}
