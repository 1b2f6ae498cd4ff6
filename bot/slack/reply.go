package slack

import (
	"context"
	"log/slog"
	"time"

	slackgo "github.com/slack-go/slack"
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

// submit queues job on the pool. When the pool is full it tells the user
// the bot is busy instead, with reply, sent by the notices goroutine; what
// names the refused request in the log ("slash command", "share").
func (b *Bot) submit(log *slog.Logger, what string, job func(context.Context), reply func(context.Context, Message) error) {
	if b.pool.submit(job) {
		return
	}
	log.Warn("busy: " + what + " refused")
	b.notices.send(func(ctx context.Context) {
		if err := reply(ctx, textMessage(textBusy)); err != nil {
			log.Error("posting busy reply", "err", err)
		}
	})
}

// lateMessage is m with an apology for coming late on top.
func lateMessage(m Message) Message {
	blocks := append([]slackgo.Block{contextBlock(escapeText(textLate))}, m.Blocks...)
	if len(blocks) > maxBlocks {
		blocks = append(blocks[:maxBlocks-2:maxBlocks-2], blocks[len(blocks)-1]) // keep the buttons
	}
	return Message{Text: textLate + "\n" + m.Text, Blocks: blocks}
}
