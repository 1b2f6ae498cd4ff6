package slack

import (
	"context"
	"log/slog"
	"time"
)

// replyTimeout bounds one reply (an answer, an apology, a busy note) on its
// own, apart from the question's deadline.
const replyTimeout = 15 * time.Second

// replyContext is the context a reply is sent with: it keeps ctx's values
// but not its deadline or cancellation, so a question that ran out of time
// (or was cancelled by a shutdown drain) still gets its apology instead of
// silence. It ends after replyTimeout, or at ctx's deadline when that is
// later and ctx is still live (room to wait out a rate limit), so a hung
// Slack cannot hold a goroutine forever.
func replyContext(ctx context.Context) (context.Context, context.CancelFunc) {
	d := replyTimeout
	if dl, ok := ctx.Deadline(); ok && ctx.Err() == nil {
		d = max(d, time.Until(dl))
	}
	return context.WithTimeout(context.WithoutCancel(ctx), d)
}

// submit queues job on the pool. When the pool is full it tells the asker
// the bot is busy instead, with reply, outside the pool; what names the
// refused request in the log ("question", "slash command", "share").
func (b *Bot) submit(log *slog.Logger, what string, job func(context.Context), reply func(context.Context, Message) error) {
	if b.pool.submit(job) {
		return
	}
	log.Warn("busy: " + what + " refused")
	b.aside(func(ctx context.Context) {
		if err := reply(ctx, textMessage(textBusy)); err != nil {
			log.Error("posting busy reply", "err", err)
		}
	})
}

// aside sends a short reply (a busy note, thanks) outside the pool, so it
// never waits behind answers; Run waits for it before returning. ctx is a
// replyContext of the pool's.
func (b *Bot) aside(send func(ctx context.Context)) {
	b.aux.Go(func() {
		ctx, cancel := replyContext(b.pool.ctx)
		defer cancel()
		send(ctx)
	})
}
