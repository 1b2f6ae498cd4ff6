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

// Identity is who the bot token belongs to, from auth.test.
type Identity struct {
	Team   string // workspace name
	TeamID string
	User   string // the bot user's name
	UserID string // the bot user's ID, used to ignore the bot's own messages
	BotID  string
}

// Client wraps the Slack Web API calls the bot makes. Calls keep to
// Slack's rate limits, shared by every goroutine using the client (see
// limiter), and are retried while they fail in a way that passes (429 after
// its Retry-After, 5xx, network errors, a transient invalid_auth) until
// their ctx ends. A post is never repeated when Slack may have made it:
// PostAnswer looks for it in the thread first.
type Client struct {
	api    *slackgo.Client
	http   *http.Client
	limits *limiter
	sleep  func(ctx context.Context, d time.Duration) error // waits between retries; replaced in tests
}

// errMaybePosted marks a failed call after which Slack may have acted.
var errMaybePosted = errors.New("slack may have acted on it")

// retryPolicy says how call retries.
type retryPolicy struct {
	attempts  int  // at most this many calls; 0 means until ctx ends
	once      bool // return a failure after which Slack may have acted, wrapped in errMaybePosted, instead of repeating the call
	authFatal bool // invalid_auth is final (checking the token, not using it)
	booked    bool // the first call's slot was booked already (React booked its Unreact's)
}

// call runs fn, a call of method in channel, within the rate limits, and
// retries it as p says while it fails in a way that may pass. A retry that
// would start after ctx's deadline is not made: call returns the last
// error then.
func (c *Client) call(ctx context.Context, method, channel string, p retryPolicy, fn func() error) error {
	for attempt := 0; ; attempt++ {
		if attempt > 0 || !p.booked {
			if err := c.limits.wait(ctx, method, channel); err != nil {
				return err
			}
		}
		err := fn()
		if err == nil {
			return nil
		}
		kind, retryAfter := classify(ctx, err)
		if se, ok := errors.AsType[slackgo.SlackErrorResponse](err); ok && se.Err == "invalid_auth" && p.authFatal {
			kind = permanent
		}
		switch {
		case kind == permanent:
			return err
		case kind == maybeActed && p.once:
			return fmt.Errorf("%w: %w", errMaybePosted, err)
		case p.attempts > 0 && attempt+1 >= p.attempts:
			return err
		}
		d := backoff(attempt)
		if retryAfter > 0 {
			c.limits.block(ctx, method, channel, retryAfter)
			d = retryAfter
		}
		if !c.pause(ctx, d) {
			return err
		}
	}
}

// pause waits d before another try, and reports false without waiting
// when the try would start after ctx's deadline, or when ctx ends first.
func (c *Client) pause(ctx context.Context, d time.Duration) bool {
	if dl, ok := ctx.Deadline(); ok && time.Now().Add(d).After(dl) {
		return false
	}
	return c.sleep(ctx, d) == nil
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
	return &Client{api: slackgo.New(botToken, opts...), http: hc, limits: newLimiter(nil), sleep: wait.Sleep}
}

// identityAttempts bounds how often Identity asks: a Slack that is down at
// start gets about a minute (with the backoff) before the bot gives up.
const identityAttempts = 6

// Identity calls auth.test, retrying transient failures a few times; a
// rejected token is an error at once. The error never contains the token.
func (c *Client) Identity(ctx context.Context) (Identity, error) {
	var r *slackgo.AuthTestResponse
	err := c.call(ctx, "auth.test", "", retryPolicy{attempts: identityAttempts, authFatal: true}, func() (err error) {
		r, err = c.api.AuthTestContext(ctx)
		return err
	})
	if err != nil {
		return Identity{}, fmt.Errorf("auth.test: %w", err)
	}
	return Identity{Team: r.Team, TeamID: r.TeamID, User: r.User, UserID: r.UserID, BotID: r.BotID}, nil
}

// Post posts m in channel, in the thread threadTS when it is not empty,
// with link and media unfurls off, and returns the new message's ts. It
// waits for the channel's rate limit and retries, a few times, only
// failures after which Slack surely did not post, so it never posts twice;
// see PostAnswer for a post that must arrive.
func (c *Client) Post(ctx context.Context, channel, threadTS string, m Message) (string, error) {
	return c.post(ctx, channel, threadTS, m, nil, retryPolicy{once: true, attempts: callAttempts})
}

// callAttempts bounds the retries of a call that has no deadline of its
// own to wait for (a digest post, a history read).
const callAttempts = 5

func (c *Client) post(ctx context.Context, channel, threadTS string, m Message, meta *slackgo.SlackMetadata, p retryPolicy) (string, error) {
	opts := msgOptions(m)
	if threadTS != "" {
		opts = append(opts, slackgo.MsgOptionTS(threadTS))
	}
	if meta != nil {
		opts = append(opts, slackgo.MsgOptionMetadata(*meta))
	}
	var ts string
	err := c.call(ctx, "chat.postMessage", channel, p, func() (err error) {
		_, ts, err = c.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("chat.postMessage in %s: %w", channel, err)
	}
	return ts, nil
}

// answerEvent is the event type of the metadata on every answer: its
// payload names the question, so that the answer can be found again.
const answerEvent = "newsdesk_answer"

// PostAnswer posts m in the thread threadTS of channel as the answer to
// the question key (its message ts), exactly once: it retries every
// failure that may pass until ctx ends, and before repeating a post Slack
// may have made (and first of all when check is set: an earlier process
// may have posted it) it looks for the answer in the thread, by its
// metadata, and returns that message's ts instead of posting again.
func (c *Client) PostAnswer(ctx context.Context, channel, threadTS, key string, m Message, check bool) (string, error) {
	meta := &slackgo.SlackMetadata{EventType: answerEvent, EventPayload: map[string]any{"question_ts": key}}
	maybe := false // a try failed in a way after which Slack may have posted
	fail := func(err error) (string, error) {
		if maybe && !errors.Is(err, errMaybePosted) {
			err = fmt.Errorf("%w: %w", errMaybePosted, err)
		}
		return "", err
	}
	for attempt := 0; ; attempt++ {
		if check {
			ts, found, err := c.FindAnswer(ctx, channel, threadTS, key)
			if err != nil {
				return fail(err)
			}
			if found {
				return ts, nil
			}
		}
		ts, err := c.post(ctx, channel, threadTS, m, meta, retryPolicy{once: true})
		if err == nil {
			return ts, nil
		}
		if !errors.Is(err, errMaybePosted) {
			return fail(err)
		}
		check, maybe = true, true
		// Slack may still be finishing the post it answered 5xx for: give
		// it a moment before looking in the thread.
		d := max(backoff(attempt), minCheckDelay)
		if !c.pause(ctx, d) {
			return fail(err)
		}
	}
}

// minCheckDelay is how long PostAnswer waits after a post that may have
// been made before looking for it in the thread.
const minCheckDelay = 2 * time.Second

// maxReplyPages bounds how far FindAnswer reads a long thread.
const maxReplyPages = 10

// FindAnswer looks in the thread threadTS of channel for the bot's answer
// to the question key and returns its ts. It retries like every call
// until ctx ends, then returns the last error.
func (c *Client) FindAnswer(ctx context.Context, channel, threadTS, key string) (ts string, found bool, err error) {
	// The answer comes after its question: reading from the question on
	// finds it on the first page of a long thread.
	params := &slackgo.GetConversationRepliesParameters{ChannelID: channel, Timestamp: threadTS, Oldest: key, Inclusive: true, Limit: 200, IncludeAllMetadata: true}
	for range maxReplyPages {
		var msgs []slackgo.Message
		var more bool
		var next string
		err := c.call(ctx, "conversations.replies", channel, retryPolicy{}, func() (err error) {
			msgs, more, next, err = c.api.GetConversationRepliesContext(ctx, params)
			return err
		})
		if err != nil {
			return "", false, fmt.Errorf("conversations.replies in %s: %w", channel, err)
		}
		for _, m := range msgs {
			if m.Metadata.EventType == answerEvent && fmt.Sprint(m.Metadata.EventPayload["question_ts"]) == key {
				return m.Timestamp, true, nil
			}
		}
		if !more || next == "" {
			break
		}
		params.Cursor = next
	}
	return "", false, nil
}

// errSkipped is returned by a best-effort call that was not made because
// its rate limit had no room.
var errSkipped = errors.New("skipped: over the rate limit")

// React adds the emoji reaction name to the message (channel, ts), best
// effort: once, and only when the rate limits have room now for it and for
// its removal (else it returns errSkipped, booking nothing), so neither a
// reaction nor its removal ever delays an answer. After a nil error the
// caller removes it with Unreact, whose first call has its slot booked.
func (c *Client) React(ctx context.Context, channel, ts, name string) error {
	_, add, ok := c.limits.reserve("reactions.add", channel, true, time.Time{})
	if !ok {
		return fmt.Errorf("reactions.add %s: %w", name, errSkipped)
	}
	if _, _, ok := c.limits.reserve("reactions.remove", channel, true, time.Time{}); !ok {
		c.limits.unreserve(add)
		return fmt.Errorf("reactions.add %s: %w", name, errSkipped)
	}
	if err := c.api.AddReactionContext(ctx, name, slackgo.NewRefToMessage(channel, ts)); err != nil {
		if d, ok := rateLimited(err); ok {
			c.limits.block(ctx, "reactions.add", channel, d)
		}
		return fmt.Errorf("reactions.add %s: %w", name, err)
	}
	return nil
}

// Unreact removes the bot's emoji reaction name from (channel, ts), which
// React added: its first call uses the slot React booked; a failure is
// retried a few times (a reaction left behind would say the bot is still
// working).
func (c *Client) Unreact(ctx context.Context, channel, ts, name string) error {
	return c.unreact(ctx, channel, ts, name, true)
}

func (c *Client) unreact(ctx context.Context, channel, ts, name string, booked bool) error {
	err := c.call(ctx, "reactions.remove", channel, retryPolicy{attempts: 3, booked: booked}, func() error {
		return c.api.RemoveReactionContext(ctx, name, slackgo.NewRefToMessage(channel, ts))
	})
	if err != nil {
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
	err = c.call(ctx, "response_url", "", retryPolicy{once: true, attempts: callAttempts}, func() error {
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
