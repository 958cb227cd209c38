package testenv

import (
	"sync"
	"time"
)

// Clock is a clock tests set and advance: a case reported "on Friday at
// 17:00" and swept "on Monday at 11:31" without waiting a weekend.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now reads the clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// UseCaseClock puts the closed loop (cases, their clocks and the sweep) on
// c. Logins keep real time, so sessions do not expire when a test jumps
// days ahead.
func (e *Env) UseCaseClock(c *Clock) {
	e.Svc.Cases.Now = c.Now
	e.Svc.Clocks.Now = c.Now
}
