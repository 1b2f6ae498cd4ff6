package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// runSocket connects over Socket Mode and handles envelopes until ctx is
// done, exactly as the same requests over HTTP: an events_api envelope is
// acknowledged once its question is recorded in the durable queue (left
// unacknowledged, so Slack delivers it again, when that fails); commands
// and interactions are acknowledged first. It returns nil on ctx
// cancellation and an error when the connection cannot be (re)established,
// e.g. a rejected app token.
func (b *Bot) runSocket(ctx context.Context) error {
	sm := socketmode.New(socketAPI(b.opts), socketmode.OptionLog(slogPrinter{b.log}))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- sm.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			<-errc
			return nil
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			// slack-go reconnects by itself after network failures; it gives
			// up only when Slack refuses the app-level token.
			return fmt.Errorf("socket mode: Slack refused SLACK_APP_TOKEN (want an app-level xapp-… token with connections:write; Socket Mode enabled in the app): %w", err)
		case evt := <-sm.Events:
			b.handleSocketEvent(ctx, sm, evt)
		}
	}
}

func (b *Bot) handleSocketEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	ackReq := func() bool {
		if evt.Request == nil {
			return false
		}
		if err := sm.AckCtx(ctx, evt.Request.EnvelopeID, nil); err != nil {
			b.log.Warn("acknowledging envelope", "envelope_id", evt.Request.EnvelopeID, "err", err)
		}
		return true
	}
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.log.Debug("socket mode connecting")
	case socketmode.EventTypeConnected:
		b.log.Info("socket mode connected", "bot_user", b.me.UserID)
	case socketmode.EventTypeConnectionError, socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		b.log.Warn("socket mode", "event", evt.Type, "detail", evt.Data)
	case socketmode.EventTypeInvalidAuth:
		b.log.Error("socket mode: SLACK_APP_TOKEN rejected")
	case socketmode.EventTypeHello, socketmode.EventTypeDisconnect:
		b.log.Debug("socket mode", "event", evt.Type)
	case socketmode.EventTypeErrorBadMessage:
		// An envelope slack-go could not parse still needs its ack, or Slack
		// redelivers it.
		var env struct {
			EnvelopeID string `json:"envelope_id"`
		}
		if bad, ok := evt.Data.(*socketmode.ErrorBadMessage); ok && json.Unmarshal(bad.Message, &env) == nil && env.EnvelopeID != "" {
			_ = sm.AckCtx(ctx, env.EnvelopeID, nil)
			b.log.Warn("socket mode: unreadable envelope acknowledged and ignored", "err", bad.Cause)
		}
	case socketmode.EventTypeEventsAPI:
		if evt.Request == nil {
			return
		}
		retry := ""
		if n := evt.Request.RetryAttempt; n > 0 {
			retry = strconv.Itoa(n) + " " + evt.Request.RetryReason
		}
		// Acknowledged only once recorded: an unacknowledged envelope is
		// delivered again.
		if err := b.accept(ctx, evt.Request.Payload, retry); err != nil {
			return
		}
		ackReq()
	case socketmode.EventTypeSlashCommand:
		if !ackReq() {
			return
		}
		if cmd, ok := evt.Data.(slackgo.SlashCommand); ok {
			b.handleCommand(cmd)
		}
	case socketmode.EventTypeInteractive:
		if !ackReq() {
			return
		}
		if cb, ok := evt.Data.(slackgo.InteractionCallback); ok {
			b.handleInteraction(ctx, cb)
		}
	default:
		ackReq()
		b.log.Debug("socket mode: ignoring", "event", evt.Type)
	}
}

// slogPrinter lets slack-go's socketmode client log through slog at debug
// level (it only logs when its debug option is on).
type slogPrinter struct{ log *slog.Logger }

// Output implements slack-go's logger interface.
func (p slogPrinter) Output(_ int, s string) error {
	p.log.Debug("socketmode: " + strings.TrimSpace(s))
	return nil
}
