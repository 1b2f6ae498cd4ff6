package slack

import (
	"context"
	"log/slog"

	"newsdesk/bot"
)

func init() {
	register(Command{
		Name: "ask", Usage: "QUESTION", Slash: true,
		Help: "an answer only you see, with a button to share it.",
		Run:  runAsk,
	})
}

// runAsk answers the question privately, with a "Share in channel" button
// that posts exactly this answer.
func runAsk(ctx context.Context, b *Bot, log *slog.Logger, question string) Message {
	if question == "" {
		return textMessage(escapeText(textNoQuestion))
	}
	id := newShareID()
	a, msg := b.compose(ctx, log, question, bot.AskOptions{}, answerOptions{ShareID: id})
	if a.Mode != "" {
		b.shares.put(id, a)
	}
	return msg
}
