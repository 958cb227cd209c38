package open311

import (
	"sync"
	"time"
)

// Aggregators and dashboards poll the public request lists, asking the same
// question again and again; answering each poll from the database made the
// list the slowest figure of the closed loop. So documents served without an
// api_key (the public face: no descriptions, no exact addresses) are kept
// for Handler.PublicTTL, keyed by format, language and query.
//
// An entry is dropped early when this node opened or moved a case since it
// was made (Backend.Changes, when the backend counts them), so a client that
// posts a request and then lists sees it. Writes on other nodes and the
// clocks' sweeps show within PublicTTL. Partners, who see more, are always
// answered from the database.

// changeCounter is what a backend implements to let the cache notice writes.
type changeCounter interface{ Changes() uint64 }

// publicMaxDocs bounds the cache; past it the cache starts over.
const publicMaxDocs = 4096

type publicDoc struct {
	body    []byte
	expiry  time.Time
	changes uint64
}

type publicCache struct {
	mu   sync.Mutex
	docs map[string]publicDoc
}

func (c *publicCache) get(key string, now time.Time, changes uint64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.docs[key]
	if !ok || now.After(d.expiry) || d.changes != changes {
		return nil, false
	}
	return d.body, true
}

func (c *publicCache) put(key string, d publicDoc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.docs == nil || len(c.docs) >= publicMaxDocs {
		c.docs = map[string]publicDoc{}
	}
	c.docs[key] = d
}

// changes returns the backend's count of writes, 0 when it keeps none.
func (h *Handler) changes() uint64 {
	if cc, ok := h.Backend.(changeCounter); ok {
		return cc.Changes()
	}
	return 0
}

// Changes counts the cases this node opened or moved (cases.Store.Changes).
func (b *Cases) Changes() uint64 { return b.Cases.Changes() }
