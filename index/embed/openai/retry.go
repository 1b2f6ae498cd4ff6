package openai

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"newsdesk/internal/wait"
	"time"
)

// retrier is the HTTP client go-openai sends through: it tries a request
// again after a 429, a 5xx or a network error. It works under go-openai
// because go-openai's errors do not carry the Retry-After header.
type retrier struct {
	client           *http.Client
	retries          int
	backoff, maxWait time.Duration
	// sleep waits d or until ctx is done; tests replace it to run fast.
	sleep func(ctx context.Context, d time.Duration) error
}

func (r *retrier) Do(req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		if attempt > 0 && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, fmt.Errorf("retry %s: %w", req.URL.Path, err)
			}
			req.Body = body
		}
		resp, err := r.client.Do(req)
		if err := req.Context().Err(); err != nil {
			if resp != nil {
				resp.Body.Close()
			}
			return nil, err
		}
		replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
		if attempt >= r.retries || !retryable(resp, err) || !replayable {
			return resp, err
		}
		delay := r.backoff << attempt
		if resp != nil {
			if d, ok := wait.RetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
				delay = d
			}
			io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		}
		if err := r.sleep(req.Context(), min(delay, r.maxWait)); err != nil {
			return nil, err
		}
	}
}

// retryable reports whether a request that got resp or err may succeed if
// sent again: rate-limited, a server error, or no answer at all.
func retryable(resp *http.Response, err error) bool {
	if err != nil {
		return true
	}
	return resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500
}
