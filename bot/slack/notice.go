package slack

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Bounds of the short replies sent beside the answers.
const (
	noticeQueue  = 64          // replies waiting to be sent; more are dropped
	noticeWindow = time.Minute // at most one "queued" notice per channel in this window
)

// notices sends the short replies that go beside answers (a "your question
// is queued" note, a busy reply to a slash command, thanks for a vote) from
// one goroutine with a bounded queue, so that a burst of events never opens
// a connection per event: when the queue is full a reply is dropped (it is
// never the answer). Notes about the same channel are coalesced to one per
// noticeWindow.
type notices struct {
	log *slog.Logger
	now func() time.Time

	mu     sync.Mutex
	ch     chan func(context.Context)
	closed bool
	last   map[string]time.Time // channel → when its last queued note was sent
	done   chan struct{}
	stop   chan struct{} // closed when the shutdown deadline has passed: what is queued is dropped
}

func newNotices(log *slog.Logger, now func() time.Time) *notices {
	n := &notices{log: log, now: now, ch: make(chan func(context.Context), noticeQueue), last: map[string]time.Time{}, done: make(chan struct{}), stop: make(chan struct{})}
	go n.run()
	return n
}

func (n *notices) run() {
	defer close(n.done)
	base, cancelAll := context.WithCancel(context.Background())
	defer cancelAll()
	go func() {
		select {
		case <-n.stop:
			cancelAll()
		case <-base.Done():
		}
	}()
	for send := range n.ch {
		if base.Err() != nil {
			continue // past the shutdown deadline: dropped
		}
		ctx, cancel := context.WithTimeout(base, replyTimeout)
		send(ctx)
		cancel()
	}
}

// send queues a reply; it reports false, dropping it, when the queue is
// full or closed.
func (n *notices) send(reply func(context.Context)) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return false
	}
	select {
	case n.ch <- reply:
		return true
	default:
		return false
	}
}

// coalesce reports whether a note about channel may go now, and if so
// counts it as sent.
func (n *notices) coalesce(channel string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	now := n.now()
	if at, ok := n.last[channel]; ok && now.Sub(at) < noticeWindow {
		return false
	}
	for ch, at := range n.last { // forget channels whose window has passed
		if now.Sub(at) >= noticeWindow {
			delete(n.last, ch)
		}
	}
	n.last[channel] = now
	return true
}

// forget undoes coalesce for channel.
func (n *notices) forget(channel string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	delete(n.last, channel)
}

// close stops taking replies and waits for those queued to be sent (each
// within replyTimeout) until deadline; past it the one being sent is
// cancelled and the rest are dropped.
func (n *notices) close(deadline time.Time) {
	n.mu.Lock()
	if !n.closed {
		n.closed = true
		close(n.ch)
	}
	n.mu.Unlock()
	t := time.NewTimer(max(time.Until(deadline), 0))
	defer t.Stop()
	select {
	case <-n.done:
	case <-t.C:
		close(n.stop)
		<-n.done
	}
}

// queued tells the asker of q, in q's thread, that the bot is behind and
// the answer will come there: once per channel per noticeWindow.
func (b *Bot) noteQueued(q question) {
	if !b.notices.coalesce(q.Channel) {
		return
	}
	sent := b.notices.send(func(ctx context.Context) {
		if _, err := b.client.Post(ctx, q.Channel, q.ThreadTS, textMessage(textQueued)); err != nil {
			b.log.Warn("posting the queued note", "channel", q.Channel, "err", err)
		}
	})
	if !sent {
		b.notices.forget(q.Channel) // dropped: the next question may say it
	}
}
