package slack

import (
	"context"
	"log/slog"
	"newsdesk/bot"
)

func init() {
	register(Command{Name: "digest", Run: runDigest})
}

// runDigest previews the daily digest as it would be posted now.
func runDigest(ctx context.Context, b *Bot, log *slog.Logger, _ string) Message {
	if b.opts.Digest == nil {
		return textMessage(textNoDigest)
	}
	d, err := b.opts.Digest.Preview(ctx)
	if err != nil {
		log.Error("previewing digest", "err", err)
		return textMessage(escapeText(bot.ErrorText(err, textApology)))
	}
	return digestMessage(d)
}
