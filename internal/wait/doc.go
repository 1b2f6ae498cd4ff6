// Package wait holds the two halves of waiting before a retry that the
// Slack client, the OpenAI-compatible client and the digest scheduler
// share: reading an HTTP Retry-After header, and sleeping that long unless
// the context ends first.
//
//	d, ok := wait.RetryAfter(resp.Header.Get("Retry-After"), time.Now())
//	if !ok {
//		d = backoff
//	}
//	if err := wait.Sleep(ctx, d); err != nil {
//		return err // ctx ended first
//	}
package wait
