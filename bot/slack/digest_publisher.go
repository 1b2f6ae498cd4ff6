package slack

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"

	"newsdesk/bot/digest"
)

// historyPages is how many pages of channel history Find reads.
const historyPages = 5

// DigestPublisher posts the daily digest with a Client: it implements
// digest.Publisher. Create it with NewDigestPublisher.
type DigestPublisher struct {
	client *Client
}

// NewDigestPublisher returns the publisher posting with c.
func NewDigestPublisher(c *Client) *DigestPublisher { return &DigestPublisher{client: c} }

// Publish posts d, rendered as Block Kit, in channel and returns its ts.
// A refusal by Slack (ok:false) matches digest.ErrRefused; any error Slack
// answered says what the operator can do about it (" (to fix: …)").
func (p *DigestPublisher) Publish(ctx context.Context, channel string, d digest.Digest) (string, error) {
	ts, err := p.client.Post(ctx, channel, "", digestMessage(d))
	if err == nil {
		return ts, nil
	}
	if _, ok := errors.AsType[slackgo.SlackErrorResponse](err); ok {
		return "", refused{err: err, hint: digestHint(err)}
	}
	return "", err
}

// refused is a post Slack answered and did not make: it matches
// digest.ErrRefused and reads as Slack's error plus what to do about it.
type refused struct {
	err  error
	hint string
}

func (r refused) Error() string   { return r.err.Error() + r.hint }
func (r refused) Unwrap() []error { return []error{r.err, digest.ErrRefused} }

// Find looks in channel's history since since (conversations.history, which
// needs the channels:history or groups:history scope) for the bot's own
// message carrying digest.Tag(date), and returns its ts. It reads at most
// historyPages pages, waiting out rate limits within ctx.
func (p *DigestPublisher) Find(ctx context.Context, channel, date string, since time.Time) (string, bool, error) {
	me, err := p.client.Identity(ctx)
	if err != nil {
		return "", false, err
	}
	tag := digest.Tag(date)
	params := &slackgo.GetConversationHistoryParameters{
		ChannelID: channel,
		Oldest:    strconv.FormatInt(since.Unix(), 10) + ".000000",
		Limit:     200,
	}
	for range historyPages {
		var resp *slackgo.GetConversationHistoryResponse
		err := p.client.call(ctx, "conversations.history", channel, retryPolicy{attempts: callAttempts}, func() (err error) {
			resp, err = p.client.api.GetConversationHistoryContext(ctx, params)
			return err
		})
		if err != nil {
			return "", false, fmt.Errorf("conversations.history in %s%s: %w", channel, digestHint(err), err)
		}
		for _, m := range resp.Messages {
			mine := (me.BotID != "" && m.BotID == me.BotID) || (me.UserID != "" && m.User == me.UserID)
			if mine && strings.Contains(m.Text, tag) {
				return m.Timestamp, true, nil
			}
		}
		if !resp.HasMore || resp.ResponseMetaData.NextCursor == "" {
			break
		}
		params.Cursor = resp.ResponseMetaData.NextCursor
	}
	return "", false, nil
}

// digestHint says what the operator can do about an error Slack answered
// a digest call with, as " (to fix: …)", or "" when there is nothing
// specific to say.
func digestHint(err error) string {
	ser, ok := errors.AsType[slackgo.SlackErrorResponse](err)
	if !ok {
		return ""
	}
	var fix string
	switch ser.Err {
	case "not_in_channel":
		fix = "invite the bot to the channel, e.g. /invite @newsdesk"
	case "channel_not_found", "is_archived":
		fix = "set NEWSDESK_DIGEST_CHANNEL to the ID (C…) of a channel the bot is in"
	case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive":
		fix = "check SLACK_BOT_TOKEN (newsdesk serve --check)"
	case "missing_scope":
		fix = "add the scopes of slack-app-manifest.yaml to the app and reinstall it"
		if ser.Needed != "" {
			fix += " (needed: " + ser.Needed + ")"
		}
	default:
		return ""
	}
	return " (to fix: " + fix + ")"
}
