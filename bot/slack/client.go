package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"newsdesk/internal/wait"

	slackgo "github.com/slack-go/slack"
)

// maxRateLimitRetries bounds how many 429s in a row one call sits out
// before giving up.
const maxRateLimitRetries = 3

// Identity is who the bot token belongs to, from auth.test.
type Identity struct {
	Team   string // workspace name
	TeamID string
	User   string // the bot user's name
	UserID string // the bot user's ID, used to ignore the bot's own messages
	BotID  string
}

// Client wraps the Slack Web API calls the bot makes. It waits out rate
// limits (HTTP 429) and retries only then, when Slack surely did not act on
// the call, so nothing is ever posted twice.
type Client struct {
	api   *slackgo.Client
	http  *http.Client
	sleep func(ctx context.Context, d time.Duration) error // waits out a rate limit; replaced in tests
}

// NewClient returns a client for the bot token. apiURL is the Web API
// base URL as slack-go's OptionAPIURL takes it ("" means Slack's own,
// https://slack.com/api/); hc nil means http.DefaultClient.
func NewClient(botToken, apiURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	opts := []slackgo.Option{slackgo.OptionHTTPClient(hc)}
	if apiURL != "" {
		opts = append(opts, slackgo.OptionAPIURL(apiURL))
	}
	return &Client{api: slackgo.New(botToken, opts...), http: hc, sleep: wait.Sleep}
}

// Identity calls auth.test. The error never contains the token.
func (c *Client) Identity(ctx context.Context) (Identity, error) {
	var r *slackgo.AuthTestResponse
	err := c.retry(ctx, func() (err error) {
		r, err = c.api.AuthTestContext(ctx)
		return err
	})
	if err != nil {
		return Identity{}, fmt.Errorf("auth.test: %w", err)
	}
	return Identity{Team: r.Team, TeamID: r.TeamID, User: r.User, UserID: r.UserID, BotID: r.BotID}, nil
}

// Post posts m in channel, in the thread threadTS when it is not empty,
// with link and media unfurls off, and returns the new message's ts. A
// rate-limited post is retried once the window passes (ctx permitting);
// any other failure is returned without retrying.
func (c *Client) Post(ctx context.Context, channel, threadTS string, m Message) (string, error) {
	opts := msgOptions(m)
	if threadTS != "" {
		opts = append(opts, slackgo.MsgOptionTS(threadTS))
	}
	var ts string
	err := c.retry(ctx, func() (err error) {
		_, ts, err = c.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("chat.postMessage in %s: %w", channel, err)
	}
	return ts, nil
}

// React adds the emoji reaction name to the message (channel, ts).
func (c *Client) React(ctx context.Context, channel, ts, name string) error {
	if err := c.api.AddReactionContext(ctx, name, slackgo.NewRefToMessage(channel, ts)); err != nil {
		return fmt.Errorf("reactions.add %s: %w", name, err)
	}
	return nil
}

// Unreact removes the bot's emoji reaction name from (channel, ts).
func (c *Client) Unreact(ctx context.Context, channel, ts, name string) error {
	if err := c.api.RemoveReactionContext(ctx, name, slackgo.NewRefToMessage(channel, ts)); err != nil {
		return fmt.Errorf("reactions.remove %s: %w", name, err)
	}
	return nil
}

// Respond POSTs r to a response_url. It waits out rate limits like Post and
// returns an error for any other non-200 answer.
func (c *Client) Respond(ctx context.Context, responseURL string, r Reply) error {
	if !strings.HasPrefix(responseURL, "https://") && !strings.HasPrefix(responseURL, "http://") {
		return errors.New("respond: response_url is not an http(s) URL")
	}
	body := map[string]any{
		"text":             r.Text,
		"response_type":    "ephemeral",
		"replace_original": false, // a reply never replaces the message the button was on
		"unfurl_links":     false,
		"unfurl_media":     false,
	}
	if r.InChannel {
		body["response_type"] = "in_channel"
	}
	if r.DeleteOriginal {
		body = map[string]any{"delete_original": true}
	} else if len(r.Blocks) > 0 {
		body["blocks"] = r.Blocks
	}
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("respond: encode: %w", err)
	}
	err = c.retry(ctx, func() error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, responseURL, bytes.NewReader(b))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.http.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		switch {
		case resp.StatusCode == http.StatusTooManyRequests:
			d, _ := wait.RetryAfter(resp.Header.Get("Retry-After"), time.Now())
			return &slackgo.RateLimitedError{RetryAfter: d}
		case resp.StatusCode != http.StatusOK:
			return slackgo.StatusCodeError{Code: resp.StatusCode, Status: resp.Status}
		}
		return nil
	})
	if err != nil {
		// The URL holds a one-time secret path; name only that it was the response_url.
		return fmt.Errorf("post to response_url: %w", redactURLError(err))
	}
	return nil
}

// retry runs call, waiting out and repeating it while Slack answers 429.
func (c *Client) retry(ctx context.Context, call func() error) error {
	for attempt := 0; ; attempt++ {
		err := call()
		wait, limited := rateLimited(err)
		if !limited || attempt >= maxRateLimitRetries {
			return err
		}
		if err := c.sleep(ctx, wait); err != nil {
			return fmt.Errorf("waiting out rate limit: %w", err)
		}
	}
}

// rateLimited reports whether err is a 429 and how long to wait.
func rateLimited(err error) (time.Duration, bool) {
	if rl, ok := errors.AsType[*slackgo.RateLimitedError](err); ok {
		return max(rl.RetryAfter, 0), true
	}
	if sc, ok := errors.AsType[slackgo.StatusCodeError](err); ok && sc.Code == http.StatusTooManyRequests {
		return time.Second, true // 429 without Retry-After
	}
	return 0, false
}

func msgOptions(m Message) []slackgo.MsgOption {
	opts := []slackgo.MsgOption{
		slackgo.MsgOptionText(m.Text, false),
		slackgo.MsgOptionDisableLinkUnfurl(),
		slackgo.MsgOptionDisableMediaUnfurl(),
	}
	if len(m.Blocks) > 0 {
		opts = append(opts, slackgo.MsgOptionBlocks(m.Blocks...))
	}
	return opts
}

// redactURLError drops the URL from a *url.Error, keeping the operation and
// cause: a response_url is a bearer credential for that message.
func redactURLError(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
