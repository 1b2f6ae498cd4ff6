package slack

import (
	"context"
	"fmt"
	"log/slog"

	"newsdesk/bot"
	"newsdesk/corpus"
)

// figuresPerCommand is how many figures /figures asks for.
const figuresPerCommand = 10

func init() {
	register(Command{
		Name: "figures", Usage: "TOPIC", Slash: true,
		Help: "key figures on a topic, with citations.",
		Run:  runFigures,
	})
}

// runFigures lists the key figures on topic, each with its cited sentence.
func runFigures(ctx context.Context, b *Bot, log *slog.Logger, topic string) Message {
	if b.figs == nil {
		return textMessage(textNoFigures)
	}
	if topic == "" {
		return textMessage("Which topic? For example `/figures aid to Ukraine`.")
	}
	fl, err := b.figs.Figures(ctx, topic, "", figuresPerCommand)
	if err != nil {
		log.Error("finding figures", "err", fmt.Errorf("figures %q: %w", corpus.Truncate(topic, maxLogQuestion), err))
		return textMessage(escapeText(bot.ErrorText(err, textApology)))
	}
	if fl.Topic == "" {
		fl.Topic = topic
	}
	return figuresMessage(fl)
}
