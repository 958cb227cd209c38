package polls

import (
	"context"
	"sync"
	"time"
)

// OpenTTL is how long a node keeps an open poll for its ballot paths.
const OpenTTL = 2 * time.Second

// openPolls keeps open polls for Ballotable. What a ballot needs of its poll
// (its neighborhood, kind, choice limits and window) cannot change while it
// is open, and what can (its closing, its counters) the ballot's own statement
// decides from the row, so a ballot never needs the row read fresh: at
// several thousand ballots a second that read was a sixth of each one's work.
type openPolls struct {
	mu sync.Mutex
	m  map[int64]openPoll
}

type openPoll struct {
	p      *Poll
	expiry time.Time
}

// openPollsMax bounds the map; a neighborhood has a few polls open at once.
const openPollsMax = 4096

// Ballotable returns poll id for casting a ballot: from this node's cache
// when it was open a moment ago, else read. The poll is shared: callers must
// not change it, and must not show its counters. Errors: not_found.
func (s *Store) Ballotable(ctx context.Context, id int64) (*Poll, error) {
	c := s.open
	if c == nil {
		return s.Poll(ctx, id)
	}
	now := time.Now()
	c.mu.Lock()
	e, ok := c.m[id]
	c.mu.Unlock()
	if ok && now.Before(e.expiry) {
		return e.p, nil
	}
	p, err := s.Poll(ctx, id)
	if err != nil || p.State != Open {
		return p, err
	}
	c.mu.Lock()
	if len(c.m) >= openPollsMax {
		clear(c.m)
	}
	c.m[id] = openPoll{p: p, expiry: now.Add(OpenTTL)}
	c.mu.Unlock()
	return p, nil
}

// forget drops poll id from the cache, once its closing committed.
func (s *Store) forget(id int64) {
	if c := s.open; c != nil {
		c.mu.Lock()
		delete(c.m, id)
		c.mu.Unlock()
	}
}
