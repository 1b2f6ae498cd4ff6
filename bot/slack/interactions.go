package slack

import (
	"context"
	"encoding/json"
	"log/slog"

	slackgo "github.com/slack-go/slack"

	"newsdesk/bot"
	"newsdesk/bot/state"
)

// handleInteraction handles an acknowledged button click: 👍/👎 feedback
// is recorded in the state (one vote per user and answer) and counted in
// the log; "Share in channel" posts the /ask answer for everyone and
// removes the private copy. A click is one action: a payload carrying more
// is handled for its first only. ctx bounds recording a vote.
func (b *Bot) handleInteraction(ctx context.Context, cb slackgo.InteractionCallback) {
	if cb.Type != slackgo.InteractionTypeBlockActions {
		b.log.Debug("ignoring interaction", "type", cb.Type)
		return
	}
	log := b.log.With("channel", cb.Channel.ID, "user", cb.User.ID)
	acts := cb.ActionCallback.BlockActions
	if len(acts) == 0 {
		return
	}
	if len(acts) > 1 {
		log.Warn("interaction with several actions; handling the first only", "actions", len(acts))
	}
	act := acts[0]
	switch act.ActionID {
	case actionVoteUp, actionVoteDown:
		b.recordVote(ctx, log, cb, act.ActionID == actionVoteUp, act.Value)
	case actionShare:
		b.share(log, cb, act.Value)
	default:
		log.Debug("ignoring action", "action_id", act.ActionID)
	}
}

// answerID names the message a button was on, for one vote per user and
// answer; "" when the payload does not say (the store then uses the
// question and passage).
func answerID(cb slackgo.InteractionCallback) string {
	ch, ts := cb.Container.ChannelID, cb.Container.MessageTs
	if ch == "" {
		ch = cb.Channel.ID
	}
	if ts == "" {
		ts = cb.Message.Timestamp
	}
	if ts == "" {
		return ""
	}
	return state.MessageKey(ch, ts)
}

// recordVote records a 👍/👎 click and thanks the user.
func (b *Bot) recordVote(ctx context.Context, log *slog.Logger, cb slackgo.InteractionCallback, up bool, value string) {
	var v feedbackValue
	if err := json.Unmarshal([]byte(value), &v); err != nil {
		log.Warn("ignoring feedback with unreadable value", "err", err)
		return
	}
	ups, downs, err := b.state.RecordVote(ctx, state.Vote{Answer: answerID(cb), Question: v.Question, PassageID: v.PassageID, Up: up, User: cb.User.ID})
	if err != nil {
		log.Error("recording feedback", "err", err)
	}
	log.Info("feedback", "up", up, "passage", v.PassageID, "total_up", ups, "total_down", downs)
	if cb.ResponseURL == "" {
		return
	}
	b.notices.send(func(ctx context.Context) {
		if err := b.client.Respond(ctx, cb.ResponseURL, Reply{Message: textMessage(textThanks)}); err != nil {
			log.Warn("thanking for feedback", "err", err)
		}
	})
}

// share posts the /ask answer behind a "Share in channel" button for
// everyone, once, and removes the private copy.
func (b *Bot) share(log *slog.Logger, cb slackgo.InteractionCallback, value string) {
	var v shareValue
	if err := json.Unmarshal([]byte(value), &v); err != nil || cb.ResponseURL == "" {
		log.Warn("ignoring share without answer or response_url", "err", err)
		return
	}
	job := func(ctx context.Context) {
		if v.ID != "" && !b.shares.markShared(v.ID) {
			log.Info("answer already shared; second click ignored")
			return
		}
		ctx, cancel := context.WithTimeout(ctx, b.answerTimeout)
		defer cancel()
		a, ok := b.shares.get(v.ID)
		var msg Message
		if ok {
			msg = answerMessage(a, answerOptions{Shared: cb.User.ID})
		} else {
			a, msg = b.compose(ctx, log, v.Question, bot.AskOptions{}, answerOptions{Shared: cb.User.ID})
		}
		rctx, rcancel := replyContext(ctx)
		defer rcancel()
		if err := b.client.Respond(rctx, cb.ResponseURL, Reply{Message: msg, InChannel: true}); err != nil {
			b.shares.unmarkShared(v.ID)
			log.Error("sharing answer", "err", err)
			return
		}
		if err := b.client.Respond(rctx, cb.ResponseURL, Reply{DeleteOriginal: true}); err != nil {
			log.Debug("removing the private answer", "err", err)
		}
		log.Info("answer shared", "mode", a.Mode)
	}
	b.submit(log, "share", job, func(ctx context.Context, m Message) error {
		return b.client.Respond(ctx, cb.ResponseURL, Reply{Message: m})
	})
}
