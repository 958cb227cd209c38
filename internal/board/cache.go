package board

import (
	"sync"
	"time"

	"github.com/linli-dev/linli/internal/db"
)

// A board is read far more often than it is written: every resident opening
// the app reads the first page, and nothing on it changes between most of
// those reads. So each node keeps the pages and section lists it served, per
// neighborhood, for at most ListTTL:
//
//   - A write on this node drops its neighborhood's entries once it commits
//     (db.Tx.AfterCommit), so whoever wrote sees the write at once.
//   - A write on another node is seen here within ListTTL.
//   - An entry records the neighborhood's generation from before its query
//     ran, so a page read while a write committed is never kept.
//
// What differs per reader (their likes, what they may do) is never cached.

// DefaultListTTL bounds how stale a board page served by one node may be
// after a write on another.
const DefaultListTTL = time.Second

// cacheMaxEntries bounds the memory: past it the cache starts over.
const cacheMaxEntries = 20000

type listKey struct {
	hood, section int64
	sort          Sort
	cursor        string
	limit         int
}

type commentsKey struct {
	topic, after int64
	limit        int
}

type pageVal struct {
	topics []*Topic
	next   string
}

// entry is a cached value with the generation of its neighborhood when it
// was read and the time it expires.
type entry[V any] struct {
	hood   int64
	gen    uint64
	expiry time.Time
	val    V
}

type boardCache struct {
	mu       sync.RWMutex
	gens     map[int64]uint64
	pages    map[listKey]entry[pageVal]
	sections map[int64]entry[[]*Section]
	comments map[commentsKey]entry[[]*Comment]
}

func newBoardCache() *boardCache {
	return &boardCache{gens: map[int64]uint64{}, pages: map[listKey]entry[pageVal]{},
		sections: map[int64]entry[[]*Section]{}, comments: map[commentsKey]entry[[]*Comment]{}}
}

// gen returns a neighborhood's generation; read it before querying.
func (c *boardCache) gen(hood int64) uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gens[hood]
}

// lookup returns m[k] if it is still current.
func lookup[K comparable, V any](c *boardCache, m map[K]entry[V], k K, now time.Time) (V, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := m[k]
	if !ok || e.gen != c.gens[e.hood] || now.After(e.expiry) {
		var zero V
		return zero, false
	}
	return e.val, true
}

// keep stores e under k unless a write to its neighborhood committed since
// it was read. It returns the map, which starts over past cacheMaxEntries.
func keep[K comparable, V any](c *boardCache, m map[K]entry[V], k K, e entry[V]) map[K]entry[V] {
	if e.gen != c.gens[e.hood] {
		return m
	}
	if len(m) >= cacheMaxEntries {
		m = map[K]entry[V]{}
	}
	m[k] = e
	return m
}

func (c *boardCache) putPage(k listKey, e entry[pageVal]) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pages = keep(c, c.pages, k, e)
}

func (c *boardCache) putSections(e entry[[]*Section]) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sections = keep(c, c.sections, e.hood, e)
}

func (c *boardCache) putComments(k commentsKey, e entry[[]*Comment]) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.comments = keep(c, c.comments, k, e)
}

// touch makes every entry of the neighborhood stale.
func (c *boardCache) touch(hood int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gens[hood]++
}

// changed records that q wrote to a neighborhood's board: at once for a
// plain statement, after the commit inside a transaction.
func (s *Store) changed(q db.Querier, hood int64) {
	if s.cache == nil || hood == 0 {
		return
	}
	if tx, ok := q.(*db.Tx); ok {
		tx.AfterCommit(func() { s.cache.touch(hood) })
		return
	}
	s.cache.touch(hood)
}

// cached reports whether board reads may come from the cache.
func (s *Store) cached() bool { return s.cache != nil && s.ListTTL > 0 }
