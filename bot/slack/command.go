package slack

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"strings"

	slackgo "github.com/slack-go/slack"
)

// umbrella is the slash command every Command is a verb of.
const umbrella = "/newsdesk"

// Command is one verb of the bot's slash commands: "/newsdesk NAME ARG",
// and "/NAME ARG" as well when Slash is set. Each command is defined in a
// file of its own, command_NAME.go, that registers it from an init
// function; a Slash command is declared in slack-app-manifest.yaml too.
type Command struct {
	Name  string // the verb, lowercase
	Usage string // the argument as help shows it ("QUESTION"); "" when it takes none
	Help  string // what it does, for the help line of a Slash command
	Slash bool   // also a slash command of its own, /NAME
	// Run computes the reply to arg, the text after the verb, trimmed. It
	// runs on a worker, within the answer deadline ctx carries; it logs
	// its own errors to log and returns the short message the user sees.
	Run func(ctx context.Context, b *Bot, log *slog.Logger, arg string) Message
}

// commands is the registry, filled by register before main runs and only
// read after.
var commands []Command

// register adds c to the registry, in help order: the Slash commands, then
// the others, help last; by name within each.
func register(c Command) {
	commands = append(commands, c)
	rank := func(c Command) int {
		switch {
		case c.Name == helpVerb:
			return 2
		case c.Slash:
			return 0
		default:
			return 1
		}
	}
	slices.SortStableFunc(commands, func(a, b Command) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a.Name, b.Name))
	})
}

// lookup returns the registered command name.
func lookup(name string) (Command, bool) {
	i := slices.IndexFunc(commands, func(c Command) bool { return c.Name == name })
	if i < 0 {
		return Command{}, false
	}
	return commands[i], true
}

// parse maps a slash command to the Command it asks for and the rest of its
// text: /NAME for a Slash command, else "/newsdesk NAME …"; an unknown or
// missing verb means help, with the whole text.
func parse(command, text string) (Command, string) {
	text = strings.TrimSpace(text)
	if name, ok := strings.CutPrefix(strings.ToLower(command), "/"); ok {
		if c, ok := lookup(name); ok && c.Slash {
			return c, text
		}
	}
	first, rest, _ := strings.Cut(text, " ")
	if c, ok := lookup(strings.ToLower(first)); ok {
		return c, strings.TrimSpace(rest)
	}
	help, _ := lookup(helpVerb)
	return help, text
}

// handleCommand answers an acknowledged slash command by a POST to its
// response_url. The work runs on the pool; when the pool is full the user
// is told the bot is busy.
func (b *Bot) handleCommand(cmd slackgo.SlashCommand) {
	log := b.log.With("channel", cmd.ChannelID, "user", cmd.UserID, "command", cmd.Command)
	if cmd.ResponseURL == "" {
		log.Warn("slash command without response_url")
		return
	}
	c, arg := parse(cmd.Command, cmd.Text)
	log = log.With("verb", c.Name)
	respond := func(ctx context.Context, m Message) error {
		return b.client.Respond(ctx, cmd.ResponseURL, Reply{Message: m})
	}
	job := func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, b.answerTimeout)
		defer cancel()
		msg := c.Run(ctx, b, log, arg)
		rctx, rcancel := replyContext(ctx)
		defer rcancel()
		if err := respond(rctx, msg); err != nil {
			log.Error("answering slash command", "err", err)
			return
		}
		log.Info("slash command answered")
	}
	b.submit(log, "slash command", job, respond)
}
