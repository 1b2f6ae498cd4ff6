package testkit

import (
	"context"
	"sync"
	"time"
)

// Clock is a settable clock that only moves when told to. Sleep moves it
// too, so a scheduler under test runs through days at once. It is safe for
// concurrent use.
type Clock struct {
	mu   sync.Mutex
	t    time.Time
	stop time.Time // Sleep reports cancellation once the clock reaches it; zero: never
}

// NewClock returns a clock reading t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock on by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Run sets the clock to from, and makes Sleep end the run (by returning
// context.Canceled) once the clock reaches until.
func (c *Clock) Run(from, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t, c.stop = from, until
}

// Sleep moves the clock on by d instead of waiting. It returns
// context.Canceled once the clock reaches the end set by Run, else ctx's
// error. A non-positive d panics: a loop sleeping that long would spin.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		panic("testkit: Sleep for a non-positive duration")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	if !c.stop.IsZero() && !c.t.Before(c.stop) {
		return context.Canceled
	}
	return ctx.Err()
}
