package app

import "runtime/debug"

// tuneGC lets the heap grow to five times what is live before a collection
// (GOGC=400) unless the operator set GOGC: a request allocates much and
// keeps little, and with the default (100) the collector took about a fifth
// of a board page's CPU (the HTML page served 34% more pages a second with
// 400). Live data is tens of megabytes, so the heap stays small; a soft limit
// (GOMEMLIMIT, 2 GiB unless set) makes the collector work harder, not the
// process fail, should it ever grow near that.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(2 << 30)
	}
}
