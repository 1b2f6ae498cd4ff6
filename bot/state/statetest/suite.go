// Package statetest is the suite every state.Store implementation passes:
// the embedded bbolt store and the PostgreSQL one run the same tests.
//
//	func TestStore(t *testing.T) {
//		statetest.Run(t, func(t *testing.T, now func() time.Time) state.Store {
//			st, err := bolt.Open(t.TempDir(), bolt.Options{Now: now})
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { st.Close() })
//			return st
//		})
//	}
package statetest

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
	"newsdesk/internal/testkit"
)

// Opener returns a new, empty store whose clock is now, closed when t ends.
type Opener func(t *testing.T, now func() time.Time) state.Store

// start is the clock's reading at the start of every test.
var start = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

// Run runs the suite against the stores open returns.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st state.Store, clock *testkit.Clock)
	}{
		{"EnqueueRecognisesRedeliveries", testEnqueueDedup},
		{"EnqueueRefusesOversizedData", testEnqueueTooLarge},
		{"TakeInOrderOnceEach", testTakeOrder},
		{"TakePrefersFreeChannels", testTakeBusy},
		{"LeaseExpires", testLeaseExpires},
		{"RenewKeepsTheLeaseOfItsTakeOnly", testRenew},
		{"RetryWaitsAndGoesLast", testRetry},
		{"RetryAtOnceKeepsPlace", testRetryInPlace},
		{"ConcurrentEnqueueOneFresh", testConcurrentEnqueue},
		{"ClaimOncePerDay", testClaim},
		{"Threads", testThreads},
		{"VotesOnePerUserPerAnswer", testVotes},
		{"Sections", testSections},
		{"LeaseOneHolderAtATime", testLease},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := testkit.NewClock(start)
			tt.fn(t, open(t, clock.Now), clock)
		})
	}
}

func job(id, channel string, keys ...string) state.Job {
	return state.Job{ID: id, Channel: channel, Keys: keys, Data: []byte(`{"q":"` + id + `"}`)}
}

func mustEnqueue(t *testing.T, st state.Store, j state.Job, want bool) {
	t.Helper()
	fresh, err := st.Enqueue(context.Background(), j)
	if err != nil {
		t.Fatalf("Enqueue(%s): %v", j.ID, err)
	}
	if fresh != want {
		t.Fatalf("Enqueue(%s) fresh = %v; want %v", j.ID, fresh, want)
	}
}

func take(t *testing.T, st state.Store, busy ...string) (state.Job, bool) {
	t.Helper()
	j, ok, err := st.Take(context.Background(), time.Minute, busy)
	if err != nil {
		t.Fatalf("Take: %v", err)
	}
	return j, ok
}

func queued(t *testing.T, st state.Store) int {
	t.Helper()
	n, err := st.Queued(context.Background())
	if err != nil {
		t.Fatalf("Queued: %v", err)
	}
	return n
}

func testEnqueueDedup(t *testing.T, st state.Store, clock *testkit.Clock) {
	ctx := context.Background()
	steps := []struct {
		after time.Duration
		job   state.Job
		want  bool
	}{
		{0, job("Ev1", "C1", "Ev1", "C1/1.1"), true},
		{time.Minute, job("Ev1", "C1", "Ev1", "C1/1.1"), false},    // a retry
		{time.Minute, job("Ev2", "C1", "Ev2", "C1/1.1"), false},    // the same message as another event
		{time.Minute, job("Ev3", "C1", "Ev3", "C1/1.2"), true},     // a new message
		{22 * time.Hour, job("Ev1", "C1", "Ev1", "C1/1.1"), false}, // within the day, though finished below
		{2 * time.Hour, job("Ev1", "C1", "Ev1", "C1/1.1"), true},   // a day later: forgotten
		{0, job("Ev4", "C1"), true},                                // no keys: the ID is the key
		{0, job("Ev4", "C1"), false},
	}
	for i, s := range steps {
		clock.Add(s.after)
		mustEnqueue(t, st, s.job, s.want)
		if i == 0 {
			if err := st.Finish(ctx, "Ev1"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := queued(t, st); got != 3 {
		t.Errorf("Queued = %d; want 3 (Ev3, Ev1 again, Ev4)", got)
	}
}

func testEnqueueTooLarge(t *testing.T, st state.Store, _ *testkit.Clock) {
	j := job("Ev1", "C1")
	j.Data = make([]byte, state.MaxJobData+1)
	if _, err := st.Enqueue(context.Background(), j); !errors.Is(err, state.ErrTooLarge) {
		t.Errorf("Enqueue of %d bytes: err = %v; want ErrTooLarge", len(j.Data), err)
	}
	if got := queued(t, st); got != 0 {
		t.Errorf("Queued = %d; want 0", got)
	}
	j.Data = j.Data[:state.MaxJobData]
	mustEnqueue(t, st, j, true)
}

func testTakeOrder(t *testing.T, st state.Store, clock *testkit.Clock) {
	ctx := context.Background()
	for i := range 3 {
		mustEnqueue(t, st, job(fmt.Sprint("Ev", i), "C1"), true)
		clock.Add(time.Second)
	}
	var got []string
	for {
		j, ok := take(t, st)
		if !ok {
			break
		}
		if j.Attempts != 1 {
			t.Errorf("%s: Attempts = %d; want 1", j.ID, j.Attempts)
		}
		if want := `{"q":"` + j.ID + `"}`; string(j.Data) != want || j.Channel != "C1" || j.Enqueued.IsZero() {
			t.Errorf("took %+v; want its data %s, channel C1 and the time it was enqueued", j, want)
		}
		got = append(got, j.ID)
	}
	if want := []string{"Ev0", "Ev1", "Ev2"}; !slices.Equal(got, want) {
		t.Errorf("took %v; want %v, each once", got, want)
	}
	for _, id := range got {
		if err := st.Finish(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Finish(ctx, "Ev0"); err != nil {
		t.Errorf("Finish twice: %v; want nil", err)
	}
	if n := queued(t, st); n != 0 {
		t.Errorf("Queued = %d after finishing all; want 0", n)
	}
	if j, ok := take(t, st); ok {
		t.Errorf("Take after finishing all = %s; want none", j.ID)
	}
}

func testTakeBusy(t *testing.T, st state.Store, _ *testkit.Clock) {
	for _, j := range []state.Job{job("A1", "CA"), job("A2", "CA"), job("B1", "CB")} {
		mustEnqueue(t, st, j, true)
	}
	tests := []struct {
		busy []string
		want string
	}{
		{[]string{"CA"}, "B1"},       // another channel first
		{[]string{"CA", "CB"}, "A1"}, // all busy: the oldest
		{nil, "A2"},
	}
	for _, tt := range tests {
		j, ok := take(t, st, tt.busy...)
		if !ok || j.ID != tt.want {
			t.Errorf("Take(busy %v) = %s, %v; want %s", tt.busy, j.ID, ok, tt.want)
		}
	}
}

func testLeaseExpires(t *testing.T, st state.Store, clock *testkit.Clock) {
	mustEnqueue(t, st, job("Ev1", "C1"), true)
	if _, ok := take(t, st); !ok {
		t.Fatal("Take: none")
	}
	if j, ok := take(t, st); ok {
		t.Fatalf("Take while leased = %s; want none", j.ID)
	}
	clock.Add(time.Minute + time.Second)
	j, ok := take(t, st)
	if !ok || j.Attempts != 2 {
		t.Errorf("Take after the lease = %s (attempts %d), %v; want Ev1 with attempts 2", j.ID, j.Attempts, ok)
	}
}

func testRenew(t *testing.T, st state.Store, clock *testkit.Clock) {
	ctx := context.Background()
	renew := func(j state.Job) bool {
		t.Helper()
		ok, err := st.Renew(ctx, j, time.Minute)
		if err != nil {
			t.Fatalf("Renew: %v", err)
		}
		return ok
	}
	mustEnqueue(t, st, job("Ev1", "C1"), true)
	first, ok := take(t, st)
	if !ok {
		t.Fatal("Take: none")
	}
	for range 3 { // renewed before it passes, the lease holds for as long as it is renewed
		clock.Add(50 * time.Second)
		if !renew(first) {
			t.Fatal("Renew of the job's own take = false")
		}
		if j, ok := take(t, st); ok {
			t.Fatalf("Take while renewed = %s; want none", j.ID)
		}
	}
	clock.Add(time.Minute + time.Second) // the taker died: no renewal
	second, ok := take(t, st)
	if !ok || second.Attempts != 2 {
		t.Fatalf("Take after the lease = %+v, %v; want Ev1 with attempts 2", second, ok)
	}
	if renew(first) {
		t.Error("Renew by the first take after another took the job = true; want false")
	}
	if !renew(second) {
		t.Error("Renew by the second take = false")
	}
	if err := st.Finish(ctx, second.ID); err != nil {
		t.Fatal(err)
	}
	if renew(second) {
		t.Error("Renew of a finished job = true; want false")
	}
}

func testRetry(t *testing.T, st state.Store, clock *testkit.Clock) {
	ctx := context.Background()
	mustEnqueue(t, st, job("Ev1", "C1"), true)
	mustEnqueue(t, st, job("Ev2", "C1"), true)
	j, _ := take(t, st)
	j.Data = []byte(`{"late":true}`)
	j.NotBefore = clock.Now().Add(30 * time.Second)
	if err := st.Retry(ctx, j); err != nil {
		t.Fatal(err)
	}
	if got, ok := take(t, st); !ok || got.ID != "Ev2" {
		t.Fatalf("Take = %s, %v; want Ev2 while Ev1 waits", got.ID, ok)
	}
	if got, ok := take(t, st); ok {
		t.Fatalf("Take = %s; want none before Ev1's time", got.ID)
	}
	clock.Add(30 * time.Second)
	got, ok := take(t, st)
	if !ok || got.ID != "Ev1" || string(got.Data) != `{"late":true}` || got.Attempts != 2 {
		t.Errorf("Take = %+v, %v; want Ev1 with the new data and attempts 2", got, ok)
	}
	if err := st.Finish(ctx, "Ev1"); err != nil {
		t.Fatal(err)
	}
	if err := st.Retry(ctx, got); err != nil {
		t.Errorf("Retry of a finished job: %v; want nil", err)
	}
	if n := queued(t, st); n != 1 {
		t.Errorf("Queued = %d; want 1 (Ev2)", n)
	}
}

func testRetryInPlace(t *testing.T, st state.Store, _ *testkit.Clock) {
	mustEnqueue(t, st, job("Ev1", "C1"), true)
	mustEnqueue(t, st, job("Ev2", "C1"), true)
	j, _ := take(t, st)
	if err := st.Retry(context.Background(), j); err != nil { // a shutdown puts it back
		t.Fatal(err)
	}
	if got, ok := take(t, st); !ok || got.ID != "Ev1" || got.Attempts != 2 {
		t.Errorf("Take after putting Ev1 back at once = %s (attempts %d), %v; want Ev1 again, first", got.ID, got.Attempts, ok)
	}
}

func testConcurrentEnqueue(t *testing.T, st state.Store, _ *testkit.Clock) {
	const n = 40
	var wg sync.WaitGroup
	results := make(chan bool, n)
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			// Two deliveries of each event: its ID or its message.
			fresh, err := st.Enqueue(context.Background(), job(fmt.Sprint("Ev", i%2), "C1", fmt.Sprint("Ev", i%2), "C1/1.1"))
			results <- fresh
			errs <- err
		})
	}
	wg.Wait()
	close(results)
	close(errs)
	fresh := 0
	for ok := range results {
		if ok {
			fresh++
		}
	}
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if fresh != 1 {
		t.Errorf("%d of %d concurrent deliveries of one message were fresh; want 1", fresh, n)
	}
}

func testClaim(t *testing.T, st state.Store, clock *testkit.Clock) {
	ctx := context.Background()
	steps := []struct {
		after time.Duration
		keys  []string
		want  bool
	}{
		{0, []string{"sig:a"}, true},
		{time.Minute, []string{"sig:a"}, false},
		{0, []string{"sig:b", "sig:a"}, false},
		{0, []string{"sig:b"}, true},
		{0, []string{"", ""}, true},
		{0, nil, true},
		{state.SeenTTL, []string{"sig:a"}, true},
	}
	for i, s := range steps {
		clock.Add(s.after)
		got, err := st.Claim(ctx, s.keys...)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got != s.want {
			t.Errorf("step %d: Claim(%q) = %v; want %v", i, s.keys, got, s.want)
		}
	}
}

func testThreads(t *testing.T, st state.Store, clock *testkit.Clock) {
	ctx := context.Background()
	long := strings.Repeat("é", state.MaxThreadQuestion) // two bytes each
	for _, r := range []struct{ ts, q string }{{"1.1", "first"}, {"1.1", "second"}, {"2.2", long}} {
		if err := st.RememberThread(ctx, "C1", r.ts, state.Thread{Question: r.q, Article: articleOf(r.q)}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		ts     string
		after  time.Duration
		want   string
		wantOK bool
	}{
		{"1.1", 0, "first", true},
		{"2.2", 0, long[:state.MaxThreadQuestion], true},
		{"9.9", 0, "", false},
		{"1.1", state.ThreadTTL, "", false},
	}
	for _, tt := range tests {
		clock.Add(tt.after)
		th, ok, err := st.Thread(ctx, "C1", tt.ts)
		if err != nil {
			t.Fatal(err)
		}
		if ok && th.Article != articleOf(tt.want) {
			t.Errorf("Thread(C1, %s).Article = %q; want the first answer's", tt.ts, th.Article)
		}
		if ok != tt.wantOK || th.Question != tt.want {
			t.Errorf("Thread(C1, %s) = %q (%d bytes), %v; want %q, %v", tt.ts, corpusCut(th.Question), len(th.Question), ok, corpusCut(tt.want), tt.wantOK)
		}
	}
}

// articleOf is the article the suite stores with the thread question q.
func articleOf(q string) string { return "a-" + string([]rune(q)[:1]) }

func corpusCut(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}

func testVotes(t *testing.T, st state.Store, _ *testkit.Clock) {
	ctx := context.Background()
	steps := []struct {
		v        state.Vote
		up, down int
	}{
		{state.Vote{Answer: "C1/1.1", User: "U1", Up: true}, 1, 0},
		{state.Vote{Answer: "C1/1.1", User: "U1", Up: true}, 1, 0},  // the same click again
		{state.Vote{Answer: "C1/1.1", User: "U1", Up: false}, 0, 1}, // changed their mind
		{state.Vote{Answer: "C1/1.1", User: "U2", Up: true}, 1, 1},
		{state.Vote{Answer: "C1/2.2", User: "U1", Up: true}, 2, 1},
		{state.Vote{Question: "q", PassageID: "p", User: "U1", Up: true}, 3, 1}, // no answer ID: question and passage
		{state.Vote{Question: "q", PassageID: "p", User: "U1", Up: true}, 3, 1},
	}
	for i, s := range steps {
		up, down, err := st.RecordVote(ctx, s.v)
		if err != nil {
			t.Fatal(err)
		}
		if up != s.up || down != s.down {
			t.Errorf("step %d: totals = %d up, %d down; want %d, %d", i, up, down, s.up, s.down)
		}
	}
	votes, err := st.Votes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(votes) != 4 {
		t.Errorf("Votes = %d; want 4 (one per user and answer)", len(votes))
	}
}

func testSections(t *testing.T, st state.Store, _ *testkit.Clock) {
	ctx := context.Background()
	var v map[string]int
	if ok, err := st.Load(ctx, "digest", &v); ok || err != nil {
		t.Fatalf("Load of a missing section = %v, %v; want false, nil", ok, err)
	}
	if err := st.Save(ctx, "digest", map[string]int{"a": 1}); err != nil {
		t.Fatal(err)
	}
	if ok, err := st.Load(ctx, "digest", &v); !ok || err != nil || v["a"] != 1 {
		t.Errorf("Load = %v, %v, %v; want the saved section", ok, err, v)
	}
	if err := st.Save(ctx, "big", strings.Repeat("x", state.MaxSection)); !errors.Is(err, state.ErrTooLarge) {
		t.Errorf("Save of an oversized section: %v; want ErrTooLarge", err)
	}
}

func testLease(t *testing.T, st state.Store, clock *testkit.Clock) {
	ctx := context.Background()
	steps := []struct {
		after   time.Duration
		holder  string
		release bool
		want    bool
	}{
		{0, "r1", false, true},
		{0, "r2", false, false},                // r1 has it
		{30 * time.Second, "r1", false, true},  // r1 renews: a minute from now
		{45 * time.Second, "r2", false, false}, // still r1's
		{time.Minute, "r2", false, true},       // r1's time has passed
		{0, "r1", true, false},                 // r1 releasing r2's lease does nothing
		{0, "r1", false, false},
		{0, "r2", true, false},
		{0, "r1", false, true}, // released: free
	}
	for i, s := range steps {
		clock.Add(s.after)
		if s.release {
			if err := st.Release(ctx, "digest", s.holder); err != nil {
				t.Fatalf("step %d: Release: %v", i, err)
			}
			continue
		}
		got, err := st.Lease(ctx, "digest", s.holder, time.Minute)
		if err != nil {
			t.Fatalf("step %d: Lease: %v", i, err)
		}
		if got != s.want {
			t.Errorf("step %d: Lease(%s) = %v; want %v", i, s.holder, got, s.want)
		}
	}
	if ok, err := st.Lease(ctx, "other", "r2", time.Minute); !ok || err != nil {
		t.Errorf("Lease of another name = %v, %v; want true: names are separate", ok, err)
	}
}
