package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"newsdesk/bot/state"
)

// Defaults of the delivery of answers.
const (
	defaultDeliveryDeadline = 10 * time.Minute // an answer not posted by then is posted late, with an apology
	giveUpAfter             = state.SeenTTL    // an answer still not posted by then is dropped, logged
	defaultLateRetry        = time.Minute      // how often a late answer is tried again
	defaultIdlePoll         = time.Second      // how often an idle worker looks for due work it was not told about

	// defaultJobLease is how long a taken question is held for its worker
	// between renewals (every third of it): a replica that dies has its
	// questions taken over by another within about this long.
	defaultJobLease = 30 * time.Second
)

// task is a question as it waits in the durable queue: what the worker
// needs to answer it, and how far delivery got.
type task struct {
	Q    question `json:"q"`
	Late bool     `json:"late,omitempty"` // the deadline passed without a post: say sorry when it finally goes
	// MaybePosted is set when a try failed in a way after which Slack may
	// have posted (a 5xx, a timeout): the next try looks in the thread
	// first. PutBacks counts the tries that ended by putting the question
	// back; a Take beyond them ended otherwise (a crash, a lost lease),
	// after which the thread is looked in too.
	MaybePosted bool `json:"maybe_posted,omitempty"`
	PutBacks    int  `json:"put_backs,omitempty"`
}

// queue is the bot's side of the durable queue in the state store: the
// workers that take questions and answer them, the channels they are
// posting in (so that one busy channel does not hold up the others), and
// the signal that tells an idle worker new work is there.
type queue struct {
	wake chan struct{}

	mu   sync.Mutex
	busy map[string]int // channel → workers answering in it
}

func newQueue() *queue {
	return &queue{wake: make(chan struct{}, 1), busy: map[string]int{}}
}

// notify tells one idle worker that a job was enqueued.
func (q *queue) notify() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *queue) busyChannels() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]string, 0, len(q.busy))
	for ch := range q.busy {
		out = append(out, ch)
	}
	return out
}

func (q *queue) enter(ch string) {
	q.mu.Lock()
	q.busy[ch]++
	q.mu.Unlock()
}

func (q *queue) leave(ch string) {
	q.mu.Lock()
	if q.busy[ch]--; q.busy[ch] <= 0 {
		delete(q.busy, ch)
	}
	q.mu.Unlock()
}

// enqueue records q durably as work to do. It returns an error when the
// store cannot record it: the caller then does not acknowledge the event,
// so Slack delivers it again. fresh is false for a redelivery.
func (b *Bot) enqueue(ctx context.Context, q question) (fresh bool, err error) {
	data, err := encodeTask(task{Q: q})
	if err != nil {
		return false, fmt.Errorf("encode question: %w", err)
	}
	id := q.EventID
	if id == "" {
		id = state.MessageKey(q.Channel, q.TS)
	}
	fresh, err = b.state.Enqueue(ctx, state.Job{
		ID: id, Keys: []string{q.EventID, state.MessageKey(q.Channel, q.TS)}, Channel: q.Channel, Data: data,
	})
	if err != nil || !fresh {
		return fresh, err
	}
	if n := b.backlog.Add(1); n > int64(b.queueNotice) {
		b.noteQueued(q)
	}
	b.queue.notify()
	return true, nil
}

// work is one worker: it takes due questions from the durable queue and
// answers them until intake ends, then returns. A question it is answering
// when jobs ends is left in the queue for the next start.
func (b *Bot) work(intake, jobs context.Context) {
	tick := time.NewTicker(b.idlePoll)
	defer tick.Stop()
	for intake.Err() == nil {
		j, ok, err := b.state.Take(intake, b.lease, b.queue.busyChannels())
		if err != nil && intake.Err() == nil {
			b.log.Error("taking a question from the queue", "err", err)
		}
		if !ok {
			select {
			case <-intake.Done():
			case <-b.queue.wake:
			case <-tick.C:
			}
			continue
		}
		b.queue.notify() // there may be more: let another idle worker look
		b.runJob(jobs, j)
	}
}

// runJob answers one queued question and settles it in the store:
// finished when the answer is posted (or can never be), put back when it
// must wait (Slack is down or rate-limiting past the deadline) or the
// bot is shutting down.
func (b *Bot) runJob(ctx context.Context, j state.Job) {
	var t task
	if err := json.Unmarshal(j.Data, &t); err != nil {
		b.log.Error("dropping an unreadable queued question", "job", j.ID, "err", err)
		b.finish(ctx, j)
		return
	}
	q := t.Q
	log := b.log.With("channel", q.Channel, "user", q.User, "ts", q.TS, "event_id", q.EventID, "kind", q.Kind)
	if j.Attempts > 1 {
		log = log.With("attempt", j.Attempts)
	}
	b.queue.enter(q.Channel)
	defer b.queue.leave(q.Channel)

	now := b.now()
	deadline := j.Enqueued.Add(b.deliveryDeadline)
	late := t.Late || !now.Before(deadline)
	if now.Sub(j.Enqueued) >= giveUpAfter {
		log.Error("giving up on a question Slack would not take an answer to", "queued", j.Enqueued)
		b.finish(ctx, j)
		return
	}
	postBy := deadline
	if late {
		postBy = now.Add(b.lateRetry)
	}
	check := t.MaybePosted || j.Attempts-1 > t.PutBacks
	actx, stop := b.keepLease(ctx, j, log)
	ts, err := b.answerQuestion(actx, log, q, postBy, check, late)
	if stop() && err != nil {
		return // the worker that has the lease now answers it
	}
	t.MaybePosted = t.MaybePosted || errors.Is(err, errMaybePosted)
	switch {
	case err == nil:
		b.finish(ctx, j)
		log.Info("answered", "reply_ts", ts, "follow_up", q.Previous != "", "late", late,
			"took", b.now().Sub(j.Enqueued).Round(time.Millisecond))
	case ctx.Err() != nil:
		// Shutting down: the question stays queued for the next start.
		b.putBack(j, t, time.Time{})
		log.Info("shutting down: question left in the queue", "err", err)
	case isPermanent(err):
		log.Error("posting answer: Slack refused it; dropping", "err", err)
		b.finish(ctx, j)
	default:
		t.Late = true
		b.putBack(j, t, b.now().Add(b.lateRetry))
		log.Warn("could not post the answer in time; will post it late", "err", err, "next_try", b.lateRetry)
	}
}

// keepLease renews j's lease every third of it while the question is
// answered under the returned context, until stop is called (stop waits
// for a renewal under way and reports whether the lease was lost). A lease
// is lost when the store says another take holds the job (this replica
// stalled past its lease) or when renewals have failed for as long as the
// lease lasts (the store is out of reach): the context is then cancelled,
// so that this worker does not post an answer the other may post too.
func (b *Bot) keepLease(ctx context.Context, j state.Job, log *slog.Logger) (actx context.Context, stop func() (lost bool)) {
	actx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	var lost atomic.Bool
	go func() {
		defer close(done)
		tick := time.NewTicker(b.lease / 3)
		defer tick.Stop()
		renewed := b.now()
		for {
			select {
			case <-actx.Done():
				return
			case <-tick.C:
			}
			rctx, rcancel := context.WithTimeout(actx, b.lease/3)
			ok, err := b.state.Renew(rctx, j, b.lease)
			rcancel()
			switch {
			case err == nil && ok:
				renewed = b.now()
				continue
			case actx.Err() != nil:
				return
			case err == nil:
				log.Warn("lost the lease of a question to another worker; leaving it to that one")
			case b.now().Sub(renewed) < b.lease:
				log.Warn("renewing the lease of a question", "err", err)
				continue
			default:
				log.Error("could not renew the lease of a question for as long as it lasts; leaving it to another worker", "err", err)
			}
			lost.Store(true)
			cancel()
			return
		}
	}()
	return actx, func() bool {
		cancel()
		<-done
		return lost.Load()
	}
}

// isPermanent reports whether err from posting means no retry can help
// (the channel is gone, the bot is not in it, the message is invalid).
func isPermanent(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || errors.Is(err, errMaybePosted) {
		return false
	}
	kind, _ := classify(context.Background(), err)
	return kind == permanent
}

// finish marks j done in the store, even when ctx has just ended: the
// answer is out, and a restart must not post it again.
func (b *Bot) finish(ctx context.Context, j state.Job) {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	defer cancel()
	if err := b.state.Finish(sctx, j.ID); err != nil {
		// The answer is posted; the next try finds it in the thread.
		b.log.Error("marking a question answered", "job", j.ID, "err", err)
		return
	}
	b.backlog.Add(-1)
}

// putBack returns j to the queue, to be taken again from notBefore on.
func (b *Bot) putBack(j state.Job, t task, notBefore time.Time) {
	t.PutBacks++
	data, err := encodeTask(t)
	if err != nil {
		data = j.Data
	}
	j.Data, j.NotBefore = data, notBefore
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	if err := b.state.Retry(ctx, j); err != nil {
		b.log.Error("putting a question back in the queue", "job", j.ID, "err", err)
	}
}

// storeTimeout bounds one write to the state store made on the way out.
const storeTimeout = 10 * time.Second

// runWorkers starts n workers and returns a function that stops them:
// intake ends at once; answers in flight get until the drain deadline,
// after which their posts are cancelled and they go back to the queue. It
// reports whether they finished in time.
func (b *Bot) runWorkers(n int) (stop func(drain time.Duration) bool) {
	intake, stopIntake := context.WithCancel(context.Background())
	jobs, cancelJobs := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range max(n, 1) {
		wg.Go(func() { b.work(intake, jobs) })
	}
	return func(drain time.Duration) bool {
		stopIntake()
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		t := time.NewTimer(drain)
		defer t.Stop()
		defer cancelJobs()
		select {
		case <-done:
			return true
		case <-t.C:
			cancelJobs()
			<-done
			return false
		}
	}
}

// encodeTask is t as the queue keeps it: JSON without HTML escaping, so a
// question full of "<" and "&" stays within state.MaxJobData.
func encodeTask(t task) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(t); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(b.Bytes()), nil
}
