package open311

import (
	"context"
	"testing"
	"time"
)

// countingBackend counts the lists it answers and the writes it reports.
type countingBackend struct {
	*fakeBackend
	lists   int
	changes uint64
}

func (b *countingBackend) Requests(ctx context.Context, j Jurisdiction, viewer *Partner, f Filter) ([]Request, error) {
	b.lists++
	return b.fakeBackend.Requests(ctx, j, viewer, f)
}

func (b *countingBackend) Changes() uint64 { return b.changes }

// A poller asking the public list again is answered from memory until a
// write on this node or the TTL; partners always reach the backend.
func TestPublicListsAreServedFromMemoryUntilAWrite(t *testing.T) {
	b := &countingBackend{fakeBackend: newFake()}
	h := &Handler{Backend: b, Changeset: testNow, Now: func() time.Time { return testNow }, PublicTTL: time.Hour}
	list := "/open311/v2/requests.json?start_date=2026-02-01T00:00:00%2B08:00"
	first := do(t, h, "GET", list, nil)
	again := do(t, h, "GET", list, nil)
	if first.status != 200 || string(again.body) != string(first.body) || again.ctype != first.ctype || b.lists != 1 {
		t.Fatalf("a repeated public list reached the backend %d times (status %d)", b.lists, again.status)
	}
	if xml := do(t, h, "GET", "/open311/v2/requests.xml?start_date=2026-02-01T00:00:00%2B08:00", nil); xml.status != 200 || b.lists != 2 {
		t.Fatalf("XML was answered from the JSON entry (lists %d)", b.lists)
	}
	if en := do(t, h, "GET", list+"&locale=en", nil); en.status != 200 || b.lists != 3 {
		t.Fatalf("English was answered from the Chinese entry (lists %d)", b.lists)
	}
	do(t, h, "GET", list+"&api_key="+goodKey, nil)
	do(t, h, "GET", list+"&api_key="+goodKey, nil)
	if b.lists != 5 || b.lastViewer == nil {
		t.Fatalf("a partner's list came from the public cache (lists %d)", b.lists)
	}
	b.changes++ // a case opened or moved on this node
	do(t, h, "GET", list, nil)
	if b.lists != 6 {
		t.Fatalf("a write did not drop the cached list (lists %d)", b.lists)
	}
	h.PublicTTL = 0
	do(t, h, "GET", list, nil)
	if b.lists != 7 {
		t.Fatalf("PublicTTL 0 still cached (lists %d)", b.lists)
	}
}
