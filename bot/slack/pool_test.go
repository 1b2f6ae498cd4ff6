package slack

import (
	"context"
	"testing"
	"time"

	"newsdesk/bot/internal/testkit"
)

func TestPoolBusyReply(t *testing.T) {
	f := testkit.NewSlack(t)
	ask := &fakeAsker{hold: make(chan struct{}), started: make(chan string, 4)}
	b := startBot(t, f, ask, nil, func(o *Options) { o.Workers, o.Queue = 1, 1 })

	postEvent(t, b, "EvBusy1", mention("C1", "1700.0101", "", "one"), nil)
	<-ask.started // the only worker is now busy
	postEvent(t, b, "EvBusy2", mention("C1", "1700.0102", "", "two"), nil)
	postEvent(t, b, "EvBusy3", mention("C1", "1700.0103", "", "three"), nil)
	busy := f.WaitPost(t) // one of the two waiting questions did not fit
	if busy.Text != textBusy {
		t.Fatalf("got %q; want the busy reply", busy.Text)
	}
	if busy.ThreadTS != "1700.0102" && busy.ThreadTS != "1700.0103" {
		t.Errorf("got busy reply in thread %q; want under the refused question", busy.ThreadTS)
	}
	close(ask.hold)
	b.stop(t)
	if got := len(f.Posts()); got != 3 {
		t.Errorf("got %d messages; want 3 (two answers, one busy reply)", got)
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
