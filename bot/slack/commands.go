package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/slack-go/slack"
)

// figuresPerCommand is how many figures /figures asks for.
const figuresPerCommand = 10

// handleCommand answers an acknowledged slash command by a POST to its
// response_url: /ask, /figures, and /newsdesk ask|figures|digest|help.
// The work runs on the pool; when the pool is full the user is told the
// bot is busy.
func (b *SlackBot) handleCommand(cmd slack.SlashCommand) {
	log := b.log.With("channel", cmd.ChannelID, "user", cmd.UserID, "command", cmd.Command)
	if cmd.ResponseURL == "" {
		log.Warn("slash command without response_url")
		return
	}
	verb, arg := commandVerb(cmd.Command, cmd.Text)
	log = log.With("verb", verb)
	job := func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, b.answerTimeout)
		defer cancel()
		msg := b.runCommand(ctx, log, verb, arg)
		rctx, rcancel := replyContext(ctx)
		defer rcancel()
		if err := b.client.Respond(rctx, cmd.ResponseURL, Reply{Message: msg}); err != nil {
			log.Error("answering slash command", "err", err)
			return
		}
		log.Info("slash command answered")
	}
	if !b.pool.submit(job) {
		log.Warn("busy: slash command refused")
		b.aux.Go(func() {
			ctx, cancel := replyContext(b.pool.ctx)
			defer cancel()
			if err := b.client.Respond(ctx, cmd.ResponseURL, Reply{Message: textMessage(textBusy)}); err != nil {
				log.Error("posting busy reply", "err", err)
			}
		})
	}
}

// commandVerb maps a slash command to what it asks for: "ask", "figures",
// "digest" or "help", and the rest of its text.
func commandVerb(command, text string) (verb, arg string) {
	text = strings.TrimSpace(text)
	switch strings.ToLower(command) {
	case "/ask":
		return "ask", text
	case "/figures":
		return "figures", text
	}
	first, rest, _ := strings.Cut(text, " ")
	switch v := strings.ToLower(first); v {
	case "ask", "figures", "digest", "help":
		return v, strings.TrimSpace(rest)
	default:
		return "help", text
	}
}

// runCommand computes a slash command's reply.
func (b *SlackBot) runCommand(ctx context.Context, log *slog.Logger, verb, arg string) Message {
	switch verb {
	case "ask":
		if arg == "" {
			return textMessage(escapeText(textNoQuestion))
		}
		id := newShareID()
		a, msg := b.compose(ctx, log, arg, AskOptions{}, answerOptions{ShareID: id})
		if a.Mode != "" {
			b.shares.put(id, a)
		}
		return msg
	case "figures":
		if b.figs == nil {
			return textMessage(textNoFigures)
		}
		if arg == "" {
			return textMessage("Which topic? For example `/figures aid to Ukraine`.")
		}
		fl, err := b.figs.Figures(ctx, arg, "", figuresPerCommand)
		if err != nil {
			log.Error("finding figures", "err", fmt.Errorf("figures %q: %w", shorten(arg, 200), err))
			return textMessage(textApology)
		}
		if fl.Topic == "" {
			fl.Topic = arg
		}
		return figuresMessage(fl)
	case "digest":
		if b.opts.Digest == nil {
			return textMessage(textNoDigest)
		}
		m, err := b.opts.Digest.Preview(ctx)
		if err != nil {
			log.Error("previewing digest", "err", err)
			return textMessage(textApology)
		}
		return m
	default:
		return textMessage(helpText)
	}
}

// answerCache keeps the answers shown by /ask for a while, so "Share in
// channel" posts exactly what the asker saw. It is bounded; an answer that
// fell out (or a restart) is asked again.
type answerCache struct {
	mu    sync.Mutex
	limit int
	order []string
	byID  map[string]Answer

	sharedOrder []string
	shared      map[string]bool // answers already shared in the channel
}

func newAnswerCache(limit int) *answerCache {
	return &answerCache{limit: limit, byID: map[string]Answer{}, shared: map[string]bool{}}
}

// markShared records that the answer id is being shared and reports false
// when it already was, so a double click posts it once. It remembers the
// last limit ids.
func (c *answerCache) markShared(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.shared[id] {
		return false
	}
	c.shared[id] = true
	c.sharedOrder = append(c.sharedOrder, id)
	for len(c.sharedOrder) > c.limit {
		delete(c.shared, c.sharedOrder[0])
		c.sharedOrder = c.sharedOrder[1:]
	}
	return true
}

// unmarkShared forgets a share that failed, so the user can click again.
func (c *answerCache) unmarkShared(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.shared, id)
}

func (c *answerCache) put(id string, a Answer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byID[id]; !ok {
		c.order = append(c.order, id)
	}
	c.byID[id] = a
	for len(c.order) > c.limit {
		delete(c.byID, c.order[0])
		c.order = c.order[1:]
	}
}

func (c *answerCache) get(id string) (Answer, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.byID[id]
	return a, ok
}

func newShareID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
