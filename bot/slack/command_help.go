package slack

import (
	"context"
	"log/slog"
	"strings"
)

// helpVerb is the command an unknown or missing verb falls back to.
const helpVerb = "help"

func init() {
	register(Command{Name: helpVerb, Run: runHelp})
}

// runHelp lists what the bot does and its commands.
func runHelp(context.Context, *Bot, *slog.Logger, string) Message {
	return textMessage(helpText())
}

// helpText describes the bot and lists every registered command: one line
// per Slash command, then all of them as verbs of /newsdesk.
func helpText() string {
	lines := []string{
		"*newsdesk* answers questions about the news articles, quoting and citing the passages it used.",
		"• Mention me in a channel (`@newsdesk how much did allies give Ukraine in 2024?`) — I answer in a thread; reply in that thread to ask a follow-up.",
		"• Send me a direct message with a question.",
	}
	var verbs []string
	for _, c := range commands {
		if c.Slash {
			lines = append(lines, "• `"+usage("/"+c.Name, c.Usage)+"` — "+c.Help)
		}
		verbs = append(verbs, "`"+usage(umbrella+" "+c.Name, c.Usage)+"`")
	}
	lines = append(lines, "• "+strings.Join(verbs, ", ")+" — the same under one command.")
	return strings.Join(lines, "\n")
}

// usage is a command as typed: the command, then its argument if any.
func usage(command, arg string) string {
	if arg == "" {
		return command
	}
	return command + " " + arg
}
