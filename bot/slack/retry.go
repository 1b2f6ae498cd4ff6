package slack

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"time"

	slackgo "github.com/slack-go/slack"
)

// Backoff between retries of a failed call: exponential from the first
// delay to the cap, with full jitter so that workers that failed together
// do not retry together.
const (
	firstBackoff = time.Second
	maxBackoff   = 30 * time.Second
)

// failure is what a failed Web API call tells about retrying it.
type failure int

const (
	permanent  failure = iota // the request is wrong: retrying cannot help
	notActed                  // Slack surely did not act on it (429, refused connection, rejected token): safe to repeat
	maybeActed                // Slack may have acted (5xx, a timeout, a dropped connection): repeat only what is idempotent
)

// transientCodes are Slack error codes that come and go. invalid_auth is
// among them: Slack answers it now and then for a sound token, and a token
// that is really revoked fails every retry until the deadline anyway.
var transientCodes = map[string]failure{
	"ratelimited":         notActed,
	"invalid_auth":        notActed,
	"service_unavailable": notActed,
	"internal_error":      maybeActed,
	"fatal_error":         maybeActed,
	"request_timeout":     maybeActed,
}

// classify tells how err, from a Web API call made with ctx, may be
// retried, and how long Slack asked to wait (for a 429).
func classify(ctx context.Context, err error) (failure, time.Duration) {
	if d, ok := rateLimited(err); ok {
		return notActed, d
	}
	if se, ok := errors.AsType[slackgo.SlackErrorResponse](err); ok {
		return transientCodes[se.Err], 0
	}
	if sc, ok := errors.AsType[slackgo.StatusCodeError](err); ok {
		if sc.Code >= 500 {
			return maybeActed, 0
		}
		return permanent, 0
	}
	if ctx.Err() != nil {
		return permanent, 0 // the caller's deadline: nothing left to retry in
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return maybeActed, 0 // the HTTP client's own timeout: Slack may have acted
	}
	if op, ok := errors.AsType[*net.OpError](err); ok && op.Op == "dial" {
		return notActed, 0
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return maybeActed, 0
	}
	if errors.Is(err, net.ErrClosed) || errors.Is(err, http.ErrHandlerTimeout) {
		return maybeActed, 0
	}
	// slack-go reports an unreadable answer (a proxy's HTML page, a cut
	// body) as a plain error: Slack may have acted.
	return maybeActed, 0
}

// backoff is the wait before retry number attempt (0 for the first), with
// full jitter.
func backoff(attempt int) time.Duration {
	d := firstBackoff << min(attempt, 5)
	d = min(d, maxBackoff)
	return time.Duration(rand.Int64N(int64(d))) + time.Millisecond
}
