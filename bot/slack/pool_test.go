package slack

import (
	"context"
	"testing"
	"time"

	"newsdesk/internal/testkit"
)

// Questions past the Queue setting are queued, never refused: their askers
// get one note per channel that the answer will come, then the answers.
func TestQueuedNoteCoalesced(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{hold: make(chan struct{}), started: make(chan string, 4)}
	b := startBot(t, f, ask, nil, func(o *Options) { o.Workers, o.Queue = 1, 1 })
	defer close(ask.hold)

	postEvent(t, b, "EvBusy1", mention("C1", "1700.0101", "", "one"), nil)
	<-ask.started // the only worker is now busy
	postEvent(t, b, "EvBusy2", mention("C1", "1700.0102", "", "two"), nil)
	postEvent(t, b, "EvBusy3", mention("C1", "1700.0103", "", "three"), nil)
	note := f.WaitPost(t)
	if note.Text != textQueued || note.ThreadTS != "1700.0102" {
		t.Fatalf("got %q in thread %q; want the queued note under the first question past the queue", note.Text, note.ThreadTS)
	}
	ask.hold <- struct{}{}
	ask.hold <- struct{}{}
	ask.hold <- struct{}{}
	for range 3 {
		f.WaitPost(t)
	}
	b.stop(t)
	answered := map[string]int{}
	for _, p := range f.Posts() {
		if p.Text != textQueued {
			answered[p.ThreadTS]++
		}
	}
	for _, ts := range []string{"1700.0101", "1700.0102", "1700.0103"} {
		if answered[ts] != 1 {
			t.Errorf("answers in thread %s: %d; want 1 (all posts: %d)", ts, answered[ts], len(f.Posts()))
		}
	}
}

func TestPoolDrainRunsQueuedJobs(t *testing.T) {
	p := newPool(1, 2)
	release := make(chan struct{})
	started := make(chan struct{})
	ran := make(chan int, 3)
	if !p.submit(func(context.Context) { close(started); <-release; ran <- 0 }) {
		t.Fatal("first submit refused")
	}
	<-started // the worker holds job 0; the queue is empty
	for i := 1; i <= 2; i++ {
		if !p.submit(func(context.Context) { ran <- i }) {
			t.Fatalf("submit %d refused; want queued", i)
		}
	}
	if p.submit(func(context.Context) {}) {
		t.Errorf("submit with worker and queue full: accepted; want refused")
	}
	close(release)
	if !p.drain(waitLimit) {
		t.Errorf("drain timed out")
	}
	if len(ran) != 3 {
		t.Errorf("got %d jobs run; want 3 (the queued ones run before drain returns)", len(ran))
	}
	if p.submit(func(context.Context) {}) {
		t.Errorf("submit after drain accepted; want refused")
	}
}

func TestPoolDrainTimeoutCancels(t *testing.T) {
	p := newPool(1, 1)
	started := make(chan struct{})
	if !p.submit(func(ctx context.Context) { close(started); <-ctx.Done() }) {
		t.Fatal("submit refused")
	}
	<-started
	if p.drain(time.Millisecond) {
		t.Errorf("drain of a job that waits for cancellation: got finished in time; want timed out")
	}
}
