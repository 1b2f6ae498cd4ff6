package slack

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"newsdesk/bot/state/postgres"
	"newsdesk/bot/state/postgres/pgtest"
	"newsdesk/internal/testkit"
)

func TestLimiter(t *testing.T) {
	clock := testkit.NewClock(time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC))
	l := newLimiter(clock.Now)
	l.perChannel = map[string]rule{"chat.postMessage": {time.Second, 3}}
	l.perMethod = map[string]rule{}
	steps := []struct {
		name     string
		channel  string
		deadline time.Duration // 0: none
		want     time.Duration
		wantOK   bool
	}{
		{"burst 1", "C1", 0, 0, true},
		{"burst 2", "C1", 0, 0, true},
		{"burst 3", "C1", 0, 0, true},
		{"after the burst, a second", "C1", 0, time.Second, true},
		{"past a deadline: not booked", "C1", 500 * time.Millisecond, 2 * time.Second, false},
		{"the same slot is still free", "C1", 0, 2 * time.Second, true},
		{"another channel is not held", "C2", 0, 0, true},
	}
	for _, s := range steps {
		var dl time.Time
		if s.deadline > 0 {
			dl = clock.Now().Add(s.deadline)
		}
		got, _, ok := l.reserve("chat.postMessage", s.channel, false, dl)
		if got != s.want || ok != s.wantOK {
			t.Errorf("%s: reserve = %s, %v; want %s, %v", s.name, got, ok, s.want, s.wantOK)
		}
	}
	l.block(context.Background(), "chat.postMessage", "C2", 30*time.Second)
	if got, _, _ := l.reserve("chat.postMessage", "C2", false, time.Time{}); got != 30*time.Second {
		t.Errorf("after Retry-After 30s: wait %s; want 30s", got)
	}
	if _, _, ok := l.reserve("chat.postMessage", "C3", true, time.Time{}); !ok {
		t.Error("try on a free channel refused")
	}
}

// A wait cancelled before its slot gives the slot back.
func TestLimiterCancelledWaitGivesSlotBack(t *testing.T) {
	l := newLimiter(nil)
	l.perChannel = map[string]rule{"chat.postMessage": {time.Hour, 1}}
	l.perMethod = map[string]rule{}
	if err := l.wait(context.Background(), "chat.postMessage", "C1"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go cancel()
	if err := l.wait(ctx, "chat.postMessage", "C1"); err == nil {
		t.Fatal("a wait of an hour returned nil when cancelled")
	}
	if got, _, _ := l.reserve("chat.postMessage", "C1", false, time.Time{}); got > time.Hour {
		t.Errorf("next slot %s away; want at most an hour (the cancelled wait's slot given back)", got.Round(time.Minute))
	}
}

// Two replicas' limiters on one shared pacer keep to one channel's limit
// between them, and a Retry-After one of them got holds the other.
func TestLimitersShareAPacer(t *testing.T) {
	url := pgtest.URL(t)
	replica := func() *limiter {
		st, err := postgres.Open(context.Background(), url, postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		l := newLimiter(nil)
		l.perChannel = map[string]rule{"chat.postMessage": {time.Hour, 1}}
		l.perMethod = map[string]rule{}
		l.share(st, slog.New(slog.DiscardHandler))
		return l
	}
	a, b := replica(), replica()
	soon := func() context.Context {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		t.Cleanup(cancel)
		return ctx
	}
	if err := a.wait(soon(), "chat.postMessage", "C1"); err != nil {
		t.Fatalf("a's first post in C1: %v", err)
	}
	if err := b.wait(soon(), "chat.postMessage", "C1"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("b's post in C1 right after a's: %v; want the next slot an hour away", err)
	}
	if err := b.wait(soon(), "chat.postMessage", "C2"); err != nil {
		t.Errorf("b's post in another channel: %v", err)
	}
	a.block(context.Background(), "chat.postMessage", "C3", time.Hour)
	if err := b.wait(soon(), "chat.postMessage", "C3"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("b's post in C3 while a was told Retry-After 1h: %v; want it held", err)
	}
}
