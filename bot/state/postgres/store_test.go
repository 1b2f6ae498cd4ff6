package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/bot/state"
	"newsdesk/bot/state/postgres/pgtest"
	"newsdesk/bot/state/statetest"
	"newsdesk/internal/testkit"
)

func open(t testing.TB, url string, now func() time.Time) *Store {
	t.Helper()
	st, err := Open(context.Background(), url, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestStore(t *testing.T) {
	statetest.Run(t, func(t *testing.T, now func() time.Time) state.Store {
		return open(t, pgtest.URL(t), now)
	})
}

// Replicas starting at once migrate one after the other, and every one
// opens.
func TestConcurrentOpenMigratesOnce(t *testing.T) {
	url := pgtest.URL(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			st, err := Open(context.Background(), url, Options{})
			if err == nil {
				st.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
}

// A schema from a newer newsdesk opens when that newsdesk's migrations
// only added (an older replica restarting mid-rollout), and is refused,
// with a message saying so, when one of them broke older readers.
func TestNewerSchema(t *testing.T) {
	for _, tt := range []struct {
		name     string
		update   string
		wantOpen bool
	}{
		{"only added", `UPDATE newsdesk_schema SET version = version + 1`, true},
		{"broke older readers", `UPDATE newsdesk_schema SET version = version + 1, readable_from = version + 1`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			url := pgtest.URL(t)
			st := open(t, url, nil)
			if _, err := st.pool.Exec(context.Background(), tt.update); err != nil {
				t.Fatal(err)
			}
			newer, err := Open(context.Background(), url, Options{})
			if tt.wantOpen {
				if err != nil {
					t.Fatalf("Open: %v; want it open", err)
				}
				defer newer.Close()
				if _, err := newer.Queued(context.Background()); err != nil {
					t.Errorf("Queued on a newer schema: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "newer newsdesk") {
				t.Fatalf("Open: %v; want an error naming a newer newsdesk", err)
			}
		})
	}
}

// Two stores on one database are two replicas: a job leased by one is not
// handed out by the other until the lease passes, and then it is.
func TestReplicasShareQueueAndLeases(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	clock := testkit.NewClock(time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC))
	a, b := open(t, url, clock.Now), open(t, url, clock.Now)
	if fresh, err := a.Enqueue(ctx, state.Job{ID: "Ev1", Channel: "C1", Data: []byte("q")}); !fresh || err != nil {
		t.Fatalf("Enqueue = %v, %v", fresh, err)
	}
	if fresh, err := b.Enqueue(ctx, state.Job{ID: "Ev1", Channel: "C1", Data: []byte("q")}); fresh || err != nil {
		t.Fatalf("the same event at the other replica: fresh = %v, %v; want false", fresh, err)
	}
	if _, ok, err := a.Take(ctx, time.Minute, nil); !ok || err != nil {
		t.Fatalf("Take at a = %v, %v", ok, err)
	}
	if j, ok, _ := b.Take(ctx, time.Minute, nil); ok {
		t.Fatalf("b took %s while a holds its lease", j.ID)
	}
	clock.Add(time.Minute) // a died
	j, ok, err := b.Take(ctx, time.Minute, nil)
	if !ok || err != nil || j.Attempts != 2 {
		t.Fatalf("b's Take after a's lease = %+v, %v, %v; want Ev1 with attempts 2", j, ok, err)
	}
}

// Many workers of two replicas taking at once get each job once.
func TestConcurrentTakeOnceEach(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	a, b := open(t, url, nil), open(t, url, nil)
	const n = 200
	for i := range n {
		if _, err := a.Enqueue(ctx, state.Job{ID: fmt.Sprint("Ev", i), Channel: "C1"}); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	got := map[string]int{}
	var wg sync.WaitGroup
	for w := range 8 {
		st := a
		if w%2 == 1 {
			st = b
		}
		wg.Go(func() {
			for {
				j, ok, err := st.Take(ctx, time.Hour, nil)
				if err != nil {
					t.Error(err)
					return
				}
				if !ok {
					return
				}
				mu.Lock()
				got[j.ID]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(got) != n {
		t.Errorf("%d jobs taken; want %d", len(got), n)
	}
	for id, c := range got {
		if c != 1 {
			t.Errorf("%s taken %d times; want once", id, c)
		}
	}
}

// Two replicas pacing calls under one key share its slots: a burst, then
// one slot an interval, whichever replica asks; a hold set by one holds
// the other. The interval is an hour so that the milliseconds between
// calls do not count.
func TestPaceSharedBetweenReplicas(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	a, b := open(t, url, nil), open(t, url, nil)
	const hour = time.Hour
	type call struct {
		st       *Store
		key      string
		within   time.Duration
		hold     time.Duration // set: Hold instead of Pace
		wantWait time.Duration // about: within a minute below
		wantOK   bool
	}
	for i, c := range []call{
		{st: a, key: "chat.postMessage/C1", within: 10 * hour, wantOK: true},
		{st: b, key: "chat.postMessage/C1", within: 10 * hour, wantOK: true},
		{st: a, key: "chat.postMessage/C1", within: 10 * hour, wantOK: true},
		{st: b, key: "chat.postMessage/C1", within: 30 * time.Minute, wantWait: hour}, // the burst is spent: not booked
		{st: b, key: "chat.postMessage/C1", within: 10 * hour, wantWait: hour, wantOK: true},
		{st: a, key: "chat.postMessage/C1", within: 10 * hour, wantWait: 2 * hour, wantOK: true},
		{st: a, key: "chat.postMessage/C2", within: 10 * hour, wantOK: true}, // another channel is free
		{st: b, key: "chat.postMessage/C2", hold: 5 * hour},
		{st: a, key: "chat.postMessage/C2", hold: hour}, // a shorter hold does not shorten it
		{st: a, key: "chat.postMessage/C2", within: 10 * hour, wantWait: 5 * hour, wantOK: true},
	} {
		if c.hold > 0 {
			if err := c.st.Hold(ctx, c.key, c.hold); err != nil {
				t.Fatalf("call %d: Hold: %v", i, err)
			}
			continue
		}
		wait, ok, err := c.st.Pace(ctx, []state.Limit{{Key: c.key, Interval: hour, Burst: 3}}, c.within)
		if err != nil {
			t.Fatalf("call %d: Pace: %v", i, err)
		}
		if ok != c.wantOK || wait > c.wantWait || wait < c.wantWait-time.Minute {
			t.Errorf("call %d: Pace(%s) = %v, %v; want about %v, %v", i, c.key, wait, ok, c.wantWait, c.wantOK)
		}
	}
}

// A call counting against two limits is booked under both at the later
// of their slots: a post held by the workspace's limit does not spend an
// earlier slot of its channel.
func TestPaceBooksEveryLimitAtOneTime(t *testing.T) {
	ctx := context.Background()
	st := open(t, pgtest.URL(t), nil)
	workspace := state.Limit{Key: "chat.postMessage", Interval: time.Hour, Burst: 1}
	channel := state.Limit{Key: "chat.postMessage/C1", Interval: time.Hour, Burst: 1}
	for i, c := range []struct {
		limits []state.Limit
		want   time.Duration
	}{
		{[]state.Limit{workspace}, 0},
		{[]state.Limit{channel, workspace}, time.Hour}, // the workspace's next slot
		{[]state.Limit{channel}, 2 * time.Hour},        // the channel's slot after that one
	} {
		wait, ok, err := st.Pace(ctx, c.limits, 24*time.Hour)
		if err != nil || !ok || wait > c.want || wait < c.want-time.Minute {
			t.Errorf("call %d: Pace = %v, %v, %v; want about %v", i, wait, ok, err, c.want)
		}
	}
}

// Workers of two replicas pacing at once each get a slot of their own.
func TestPaceConcurrentSlotsDistinct(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	a, b := open(t, url, nil), open(t, url, nil)
	const n = 8
	slots := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		st := a
		if i%2 == 1 {
			st = b
		}
		wg.Go(func() {
			wait, ok, err := st.Pace(ctx, []state.Limit{{Key: "k", Interval: time.Hour, Burst: 1}}, 24*time.Hour)
			if err != nil || !ok {
				t.Errorf("Pace = %v, %v, %v", wait, ok, err)
			}
			slots[i] = int((wait + time.Minute) / time.Hour) // the hour its slot is in
		})
	}
	wg.Wait()
	slices.Sort(slots)
	for i, s := range slots {
		if s != i {
			t.Fatalf("slots (in hours from now) = %v; want 0 to %d, one each", slots, n-1)
		}
	}
}
