package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"
	"unicode"

	"newsdesk/bot"
	"newsdesk/bot/state"
	"newsdesk/corpus"
)

// progressReaction is added to a question while the bot works on it.
const progressReaction = "mag"

// eventEnvelope is the outer Events API payload, the same over HTTP and in
// a Socket Mode events_api envelope.
type eventEnvelope struct {
	Type      string          `json:"type"`
	Challenge string          `json:"challenge"`
	EventID   string          `json:"event_id"`
	Event     json.RawMessage `json:"event"`
}

// messageEvent holds the fields of app_mention and message events the bot
// reads.
type messageEvent struct {
	Type        string `json:"type"`
	Subtype     string `json:"subtype"`
	User        string `json:"user"`
	BotID       string `json:"bot_id"`
	Text        string `json:"text"`
	TS          string `json:"ts"`
	ThreadTS    string `json:"thread_ts"`
	Channel     string `json:"channel"`
	ChannelType string `json:"channel_type"`
}

// question is one question to answer in a conversation, as it waits in
// the durable queue.
type question struct {
	EventID  string `json:"event_id,omitempty"`
	Channel  string `json:"channel"`
	User     string `json:"user"`
	TS       string `json:"ts"`                 // the asker's message
	ThreadTS string `json:"thread_ts"`          // where to reply: the thread, or the question itself
	Text     string `json:"text"`               // cleaned question, cut to just over bot.MaxQuestion
	Previous string `json:"previous,omitempty"` // the thread's first question, for follow-ups
	Article  string `json:"article,omitempty"`  // the article the thread's first answer cited
	Kind     string `json:"kind"`               // mention, dm or follow-up, for logs
}

// accept decides what to do with an Events API payload: ignore it,
// recognise it as a redelivery, or record the question in the durable
// queue for a worker to answer. It returns an error only when the question
// could not be recorded: the caller must not acknowledge the event then,
// so that Slack delivers it again. retry describes a redelivery
// (X-Slack-Retry-Num or the Socket Mode retry attempt) for the log. ctx
// bounds the state look-ups and the write, not the answer.
func (b *Bot) accept(ctx context.Context, payload []byte, retry string) error {
	var env eventEnvelope
	if err := json.Unmarshal(payload, &env); err != nil {
		b.log.Warn("ignoring unparsable event", "err", err)
		return nil
	}
	if env.Type != "event_callback" {
		b.log.Debug("ignoring event", "type", env.Type)
		return nil
	}
	var ev messageEvent
	if err := json.Unmarshal(env.Event, &ev); err != nil {
		b.log.Warn("ignoring unparsable inner event", "event_id", env.EventID, "err", err)
		return nil
	}
	q, ok := b.toQuestion(ctx, ev)
	if !ok {
		return nil
	}
	q.EventID = env.EventID
	log := b.log.With("channel", q.Channel, "user", q.User, "ts", q.TS, "event_id", q.EventID, "kind", q.Kind)
	fresh, err := b.enqueue(ctx, q)
	if errors.Is(err, state.ErrTooLarge) {
		// No retry can make it fit (the text is cut to just over the
		// longest question already): acknowledged, logged, not answered.
		log.Error("question too large to record; dropped", "err", err)
		return nil
	}
	if err != nil {
		log.Error("recording question; not acknowledging it, so Slack delivers it again", "err", err)
		return err
	}
	if !fresh {
		log.Info("duplicate event ignored", "retry", retry)
	}
	return nil
}

// questionSubtypes are the message subtypes that still carry a user's new
// message: a thread reply also sent to the channel, and a message with a
// file attached. Every other subtype (edits, deletions, joins) is ignored.
var questionSubtypes = map[string]bool{"": true, "thread_broadcast": true, "file_share": true}

// toQuestion turns an event into a question, or reports false when the bot
// should stay silent: its own or another bot's message, an edit or join
// (a subtype other than questionSubtypes), or a channel message that is
// neither a mention nor in a thread the bot answered. A thread that cannot
// be looked up counts as one the bot did not answer.
func (b *Bot) toQuestion(ctx context.Context, ev messageEvent) (question, bool) {
	if ev.User == "" || ev.User == b.me.UserID || ev.BotID != "" || !questionSubtypes[ev.Subtype] || ev.Channel == "" || ev.TS == "" {
		return question{}, false
	}
	q := question{Channel: ev.Channel, User: ev.User, TS: ev.TS, Text: cutQuestion(b.cleanText(ev.Text))}
	if !asksSomething(q.Text) {
		q.Text = "" // "@newsdesk", "@newsdesk @channel": answered with "ask me something"
	}
	var thread state.Thread
	inThread := false
	if ev.ThreadTS != "" && ev.ThreadTS != ev.TS {
		var err error
		if thread, inThread, err = b.state.Thread(ctx, ev.Channel, ev.ThreadTS); err != nil {
			b.log.Error("looking up thread", "channel", ev.Channel, "thread_ts", ev.ThreadTS, "err", err)
		}
	}
	if inThread {
		q.Previous, q.Article = thread.Question, thread.Article
	}
	switch {
	case ev.Type == "app_mention":
		q.Kind = "mention"
		q.ThreadTS = ev.TS
		if ev.ThreadTS != "" {
			q.ThreadTS = ev.ThreadTS
		}
	case ev.Type == "message" && (ev.ChannelType == "im" || ev.ChannelType == "mpim"):
		// A group DM works like a DM: the bot is one of a few people in it.
		q.Kind = "dm"
		q.ThreadTS = ev.ThreadTS
		if q.ThreadTS == "" {
			q.ThreadTS = ev.TS // every answer goes in the question's thread, in a DM too
		}
	case ev.Type == "message" && inThread && !b.mentionsMe(ev.Text):
		// A mention in the thread arrives as app_mention too; that one answers.
		q.Kind = "follow-up"
		q.ThreadTS = ev.ThreadTS
	default:
		return question{}, false
	}
	return q, true
}

// asksSomething reports whether text has a word that is not a mention
// ("@channel", "@Sam") or a channel reference.
func asksSomething(text string) bool {
	for _, w := range strings.Fields(text) {
		if strings.HasPrefix(w, "@") || strings.HasPrefix(w, "#") {
			continue
		}
		if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			return true
		}
	}
	return false
}

var (
	reUserMention = regexp.MustCompile(`<@([A-Z0-9]+)(?:\|([^>]*))?>`)
	reChannelRef  = regexp.MustCompile(`<#[A-Z0-9]+\|([^>]*)>`)
	reSpecial     = regexp.MustCompile(`<!([a-z]+)(?:\^[^|>]*)?(?:\|([^>]*))?>`)
	reLink        = regexp.MustCompile(`<((?:https?|mailto):[^|>]*)(?:\|([^>]*))?>`)
	reSpaces      = regexp.MustCompile(`\s+`)
)

func (b *Bot) mentionsMe(text string) bool {
	return b.me.UserID != "" && strings.Contains(text, "<@"+b.me.UserID)
}

// cleanText turns Slack's message markup into the plain question: the
// bot's own mention is removed, other mentions, channel references and
// links become their labels, and Slack's &amp; &lt; &gt; are decoded (they
// are escaped again whenever text is shown).
func (b *Bot) cleanText(text string) string {
	text = reUserMention.ReplaceAllStringFunc(text, func(m string) string {
		sub := reUserMention.FindStringSubmatch(m)
		switch {
		case sub[1] == b.me.UserID:
			return " "
		case sub[2] != "":
			return "@" + sub[2]
		default:
			return "@" + sub[1]
		}
	})
	text = reChannelRef.ReplaceAllString(text, "#$1")
	text = reSpecial.ReplaceAllStringFunc(text, func(m string) string {
		sub := reSpecial.FindStringSubmatch(m)
		if sub[2] != "" {
			return sub[2]
		}
		return "@" + sub[1]
	})
	text = reLink.ReplaceAllStringFunc(text, func(m string) string {
		sub := reLink.FindStringSubmatch(m)
		if sub[2] != "" {
			return sub[2]
		}
		return sub[1]
	})
	text = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(text)
	return strings.TrimSpace(reSpaces.ReplaceAllString(text, " "))
}

// cutQuestion cuts text to bot.MaxQuestion characters and one more: a
// question that long is refused as too long all the same, and the queue
// keeps no more of it than that.
func cutQuestion(text string) string {
	n := 0
	for i := range text {
		if n == bot.MaxQuestion+1 {
			return text[:i]
		}
		n++
	}
	return text
}

// answerQuestion answers q, in its thread, once: it shows progress (best
// effort), asks (within answerTimeout), remembers the thread for
// follow-ups, and posts the answer (or an apology) with PostAnswer,
// retrying until postBy (or ctx's end). check says an earlier try may have
// posted it already; late that the answer comes after its deadline and
// says sorry. It returns the answer's ts, or the error that kept it from
// being posted.
func (b *Bot) answerQuestion(ctx context.Context, log *slog.Logger, q question, postBy time.Time, check, late bool) (string, error) {
	if check {
		// An earlier try added the reaction; it may not have removed it.
		defer func() {
			rctx, cancel := replyContext(ctx)
			defer cancel()
			_ = b.client.unreact(rctx, q.Channel, q.TS, progressReaction, false) // no slot booked by this try
		}()
	} else if !late {
		if err := b.client.React(ctx, q.Channel, q.TS, progressReaction); err != nil {
			log.Debug("adding progress reaction", "err", err)
		} else {
			defer func() {
				rctx, cancel := replyContext(ctx)
				defer cancel()
				if err := b.client.Unreact(rctx, q.Channel, q.TS, progressReaction); err != nil {
					log.Debug("removing progress reaction", "err", err)
				}
			}()
		}
	}
	var msg Message
	if q.Text == "" {
		msg = textMessage(escapeText(textNoQuestion))
	} else {
		actx, cancel := context.WithTimeout(ctx, b.answerTimeout)
		var a bot.Answer
		a, msg = b.compose(actx, log, q.Text, bot.AskOptions{Previous: q.Previous, Article: q.Article}, answerOptions{})
		cancel()
		log = log.With("mode", a.Mode, "citations", len(a.Citations))
		// Before posting, so a reply in the thread right after the answer is
		// already recognised as a follow-up.
		b.rememberThread(ctx, log, q, a)
	}
	if late {
		msg = lateMessage(msg)
	}
	pctx, cancel := context.WithDeadline(ctx, postBy)
	defer cancel()
	return b.client.PostAnswer(pctx, q.Channel, q.ThreadTS, q.TS, msg, check)
}

// rememberThread records q's thread as answered by the bot, with what a
// follow-up in it refers to: the thread's first question and the article
// its answer cited.
func (b *Bot) rememberThread(ctx context.Context, log *slog.Logger, q question, a bot.Answer) {
	t := state.Thread{Question: q.Text, Article: q.Article}
	if q.Previous != "" {
		t.Question = q.Previous
	}
	if t.Article == "" && a.Mode != bot.NoAnswer && len(a.Citations) > 0 {
		t.Article = a.Citations[0].ArticleID
	}
	if err := b.state.RememberThread(ctx, q.Channel, q.ThreadTS, t); err != nil {
		log.Error("remembering thread", "err", err)
	}
}

// compose asks the question and renders the reply. When Ask fails the reply
// is a short apology and the error is logged here, once.
func (b *Bot) compose(ctx context.Context, log *slog.Logger, text string, opts bot.AskOptions, render answerOptions) (bot.Answer, Message) {
	a, err := b.ask.Ask(ctx, text, opts)
	if errors.Is(err, bot.ErrEmptyQuestion) || errors.Is(err, bot.ErrQuestionTooLong) {
		// The asker's mistake; the error's text is written to be shown.
		log.Info("question refused", "reason", err)
		return bot.Answer{Question: text}, textMessage(escapeText(err.Error()))
	}
	if err != nil {
		log.Error("answering question", "err", fmt.Errorf("ask %q: %w", corpus.Truncate(text, maxLogQuestion), err))
		return bot.Answer{Question: text}, textMessage(escapeText(bot.ErrorText(err, textApology)))
	}
	if a.Question == "" {
		a.Question = text
	}
	return a, answerMessage(a, render)
}
