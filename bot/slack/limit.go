package slack

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"newsdesk/bot/state"
)

// rule is one of Slack's rate limits: a call every interval on average, in
// bursts of up to burst calls.
type rule struct {
	interval time.Duration
	burst    int
}

// Slack's documented limits for the methods the bot calls
// (api.slack.com/apis/rate-limits): chat.postMessage allows about one
// message a second in a channel, with short bursts, and several hundred a
// minute in a workspace (taken as 600, in bursts of 50); reactions and conversations.replies are Tier 3
// (50+ a minute); auth.test is Tier 4 (100+ a minute).
var (
	perChannel = map[string]rule{
		"chat.postMessage": {time.Second, 3},
	}
	perMethod = map[string]rule{
		"chat.postMessage":      {100 * time.Millisecond, 50},
		"reactions.add":         {1200 * time.Millisecond, 10},
		"reactions.remove":      {1200 * time.Millisecond, 10},
		"conversations.replies": {1200 * time.Millisecond, 5},
		"conversations.history": {1200 * time.Millisecond, 5},
		"auth.test":             {600 * time.Millisecond, 10},
	}
)

// limiter spaces the bot's Web API calls to Slack's limits, per method and
// per (method, channel), for every worker of the process: a call reserves
// a slot and waits for it, so that workers do not all try at once and all
// get 429. A 429's Retry-After holds every call to that method (and
// channel) until it has passed. With a shared pacer (replicas on one
// PostgreSQL), the calls that wait for their slot book it there too, so
// that the replicas together keep to Slack's limits; the reactions, made
// only when there is room and skipped otherwise, are paced by each
// replica alone. It is safe for concurrent use.
type limiter struct {
	now        func() time.Time
	perChannel map[string]rule // Slack's limits, replaced in tests by faster ones
	perMethod  map[string]rule
	shared     state.Pacer  // nil: this process alone
	log        *slog.Logger // where a shared pacer's failures go

	mu    sync.Mutex
	slots map[string]*slot
}

// slot is the state of one key, as a generic cell rate algorithm: tat is
// the time the next call would be due if calls came evenly; blocked holds
// calls until a Retry-After has passed.
type slot struct {
	tat     time.Time
	blocked time.Time
}

func newLimiter(now func() time.Time) *limiter {
	if now == nil {
		now = time.Now
	}
	return &limiter{now: now, perChannel: perChannel, perMethod: perMethod, slots: map[string]*slot{}}
}

// limit is one limit a call counts against: the rule, under its key.
type limit struct {
	key string
	r   rule
}

// limits are the limits a call of method in channel counts against.
func (l *limiter) limits(method, channel string) []limit {
	var out []limit
	if r, ok := l.perMethod[method]; ok {
		out = append(out, limit{method, r})
	}
	if r, ok := l.perChannel[method]; ok && channel != "" {
		out = append(out, limit{method + "/" + channel, r})
	}
	return out
}

// maxSlots bounds the limiter's memory: past it, slots with nothing booked
// or blocked are forgotten (one per channel the bot ever posted in).
const maxSlots = 4096

// reserve books the next free slot for a call and returns how long to wait
// for it, and the bookings, for unreserve. It books nothing, and reports
// false, when the slot is not free now (with try) or comes after deadline
// (when not zero).
func (l *limiter) reserve(method, channel string, try bool, deadline time.Time) (time.Duration, []booking, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var wait time.Duration
	ks := l.limits(method, channel)
	for _, k := range ks {
		s := l.slot(k.key)
		at := later(s.tat, now).Add(-time.Duration(k.r.burst-1) * k.r.interval)
		at = later(at, s.blocked)
		wait = max(wait, at.Sub(now))
	}
	if try && wait > 0 || !deadline.IsZero() && now.Add(wait).After(deadline) {
		return wait, nil, false
	}
	var booked []booking
	for _, k := range ks {
		s := l.slot(k.key)
		s.tat = later(s.tat, now.Add(wait)).Add(k.r.interval)
		booked = append(booked, booking{k.key, s.tat, k.r.interval})
	}
	if len(l.slots) > maxSlots {
		for key, s := range l.slots {
			if !s.tat.After(now) && !s.blocked.After(now) {
				delete(l.slots, key)
			}
		}
	}
	return wait, booked, true
}

// booking is one slot reserve booked: the key's tat it set.
type booking struct {
	key      string
	tat      time.Time
	interval time.Duration
}

// unreserve gives back slots booked for a call that was not made, when no
// later call has booked after them.
func (l *limiter) unreserve(booked []booking) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, b := range booked {
		if s, ok := l.slots[b.key]; ok && s.tat.Equal(b.tat) {
			s.tat = s.tat.Add(-b.interval)
		}
	}
}

// blockedUntil is when calls of method in channel may go again after a
// Retry-After, zero when they are not held.
func (l *limiter) blockedUntil(method, channel string) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	var until time.Time
	for _, k := range l.limits(method, channel) {
		if s, ok := l.slots[k.key]; ok {
			until = later(until, s.blocked)
		}
	}
	return until
}

func (l *limiter) slot(key string) *slot {
	s, ok := l.slots[key]
	if !ok {
		s = &slot{}
		l.slots[key] = s
	}
	return s
}

// sharedTimeout bounds one call to the shared pacer: past it, the call
// goes on paced by this process alone.
const sharedTimeout = 2 * time.Second

// share makes l book the slots of the calls that wait for them with p as
// well, logging its failures to log.
func (l *limiter) share(p state.Pacer, log *slog.Logger) {
	l.shared, l.log = p, log
}

// block holds calls of method (in channel, when Slack's limit for it is
// per channel) for d: Slack answered 429 with Retry-After d. The hold is
// shared when the pacer is.
func (l *limiter) block(ctx context.Context, method, channel string, d time.Duration) {
	key := method
	if _, ok := l.perChannel[method]; ok && channel != "" {
		key = method + "/" + channel
	}
	l.mu.Lock()
	s := l.slot(key)
	s.blocked = later(s.blocked, l.now().Add(d))
	l.mu.Unlock()
	if l.shared != nil {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sharedTimeout)
		defer cancel()
		if err := l.shared.Hold(ctx, key, d); err != nil {
			l.log.Warn("slack: rate limit hold not shared with the other replicas", "err", err)
		}
	}
}

// pace books the call's slots with the shared pacer, all at one time, and
// returns the wait, or an error when the slot comes after deadline. When
// the pacer fails, the call is paced by this process alone (wait 0).
func (l *limiter) pace(ctx context.Context, method, channel string, deadline time.Time) (time.Duration, error) {
	var limits []state.Limit
	for _, k := range l.limits(method, channel) {
		limits = append(limits, state.Limit{Key: k.key, Interval: k.r.interval, Burst: k.r.burst})
	}
	if len(limits) == 0 {
		return 0, nil
	}
	within := 24 * time.Hour
	if !deadline.IsZero() {
		within = deadline.Sub(l.now())
	}
	pctx, cancel := context.WithTimeout(ctx, sharedTimeout)
	defer cancel()
	d, ok, err := l.shared.Pace(pctx, limits, within)
	switch {
	case err != nil && ctx.Err() != nil:
		return 0, ctx.Err()
	case err != nil:
		l.log.Warn("slack: rate limit not shared with the other replicas for this call", "err", err)
		return 0, nil
	case !ok:
		return 0, fmt.Errorf("%s: %w: the next free slot between the replicas is %s away", method, context.DeadlineExceeded, d.Round(time.Millisecond))
	}
	return d, nil
}

// wait waits for a slot for a call of method in channel. It returns an
// error, booking nothing, when ctx would end before the slot comes, and
// ctx's error (giving the slot back) when it ends while waiting. A
// Retry-After that arrives while it waits holds it too.
func (l *limiter) wait(ctx context.Context, method, channel string) error {
	var deadline time.Time
	if dl, ok := ctx.Deadline(); ok {
		deadline = dl
	}
	d, booked, ok := l.reserve(method, channel, false, deadline)
	if !ok {
		return fmt.Errorf("%s: %w: the next free slot is %s away", method, context.DeadlineExceeded, d.Round(time.Millisecond))
	}
	if l.shared != nil {
		sd, err := l.pace(ctx, method, channel, deadline)
		if err != nil {
			l.unreserve(booked)
			return err
		}
		d = max(d, sd)
	}
	for d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			l.unreserve(booked)
			return ctx.Err()
		}
		d = l.blockedUntil(method, channel).Sub(l.now())
	}
	return ctx.Err()
}

// later returns the later of a and b.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
