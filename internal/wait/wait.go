package wait

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryAfter parses the value of a Retry-After header, delay-seconds or
// an HTTP date, into how long to wait from now. A date in the past waits
// 0. It reports false when v is empty, negative or neither form.
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0, false
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// Sleep waits d, or until ctx is done and then returns ctx's error. A d of
// 0 or less returns at once, with ctx's error if it is already done.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
