package postgres

import (
	"context"
	"errors"
	"fmt"
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

// A schema from a newer newsdesk is refused with a message saying so.
func TestNewerSchemaRefused(t *testing.T) {
	url := pgtest.URL(t)
	st := open(t, url, nil)
	if _, err := st.pool.Exec(context.Background(), `UPDATE newsdesk_schema SET version = version + 1`); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), url, Options{})
	if err == nil || !strings.Contains(err.Error(), "newer newsdesk") {
		t.Fatalf("Open of a newer schema: %v; want an error naming a newer newsdesk", err)
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
