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

type cachedPage struct {
	gen    uint64
	expiry time.Time
	topics []*Topic
	next   string
}

type cachedSections struct {
	gen      uint64
	expiry   time.Time
	sections []*Section
}

type boardCache struct {
	mu       sync.RWMutex
	gens     map[int64]uint64
	pages    map[listKey]cachedPage
	sections map[int64]cachedSections
}

func newBoardCache() *boardCache {
	return &boardCache{gens: map[int64]uint64{}, pages: map[listKey]cachedPage{}, sections: map[int64]cachedSections{}}
}

// gen returns a neighborhood's generation; read it before querying.
func (c *boardCache) gen(hood int64) uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gens[hood]
}

func (c *boardCache) page(k listKey, now time.Time) (cachedPage, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	p, ok := c.pages[k]
	if !ok || p.gen != c.gens[k.hood] || now.After(p.expiry) {
		return cachedPage{}, false
	}
	return p, true
}

func (c *boardCache) putPage(k listKey, p cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p.gen != c.gens[k.hood] {
		return // a write committed while the page was read
	}
	if len(c.pages) >= cacheMaxEntries {
		c.pages = map[listKey]cachedPage{}
	}
	c.pages[k] = p
}

func (c *boardCache) sectionList(hood int64, now time.Time) ([]*Section, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	s, ok := c.sections[hood]
	if !ok || s.gen != c.gens[hood] || now.After(s.expiry) {
		return nil, false
	}
	return s.sections, true
}

func (c *boardCache) putSections(hood int64, s cachedSections) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s.gen != c.gens[hood] {
		return
	}
	if len(c.sections) >= cacheMaxEntries {
		c.sections = map[int64]cachedSections{}
	}
	c.sections[hood] = s
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
