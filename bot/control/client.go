package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"newsdesk/bot/digest"
)

// ErrNotAnswering is matched by a Client's errors when nothing answers on
// the socket: no socket there, a file left by a serve that died, or a
// serve too busy to accept.
var ErrNotAnswering = errors.New("the control socket is not answering")

// RemoteError is serve's answer to a request that failed there.
type RemoteError struct {
	Status  int    // the HTTP status: 409 another corpus, 502 the post failed, …
	Message string // serve's error text
}

// Error returns serve's message.
func (e *RemoteError) Error() string { return "serve: " + e.Message }

// Client asks a running serve through its control socket. Create it with
// Dial; it is safe for concurrent use.
type Client struct {
	path string
	hc   *http.Client
}

// Dial returns a client for the socket at path. It does no I/O: a socket
// that does not answer shows up as ErrNotAnswering from the first call.
func Dial(path string) *Client {
	tr := &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", path)
	}}
	return &Client{path: path, hc: &http.Client{Transport: tr}}
}

// Post asks serve to post today's digest unless it was posted, for the
// corpus named corpus, and returns what it did and the channel. ctx bounds
// the call, which lasts as long as serve's post. Errors match
// ErrNotAnswering, or are a *RemoteError.
func (c *Client) Post(ctx context.Context, corpus string) (digest.Result, string, error) {
	var r postReply
	err := c.call(ctx, http.MethodPost, "/digest/post", corpus, &r)
	return r.Result, r.Channel, err
}

// Preview asks serve for the digest as it would be posted now, or of the
// articles since since when it is not zero. Its errors are Post's.
func (c *Client) Preview(ctx context.Context, corpus string, since time.Time) (digest.Digest, error) {
	path := "/digest/preview"
	if !since.IsZero() {
		path += "?since=" + url.QueryEscape(since.UTC().Format(time.RFC3339Nano))
	}
	var r previewReply
	err := c.call(ctx, http.MethodGet, path, corpus, &r)
	return r.Digest, err
}

func (c *Client) call(ctx context.Context, method, path, corpus string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, "http://serve"+path, nil)
	if err != nil {
		return fmt.Errorf("ask serve: %w", err)
	}
	req.Header.Set(corpusHeader, corpus)
	resp, err := c.hc.Do(req)
	if err != nil {
		var op *net.OpError
		if errors.As(err, &op) && op.Op == "dial" {
			return fmt.Errorf("%w: %s: %v", ErrNotAnswering, c.path, op.Err)
		}
		return fmt.Errorf("ask serve through %s: %w", c.path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return fmt.Errorf("read serve's answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		var e errorReply
		if json.Unmarshal(body, &e) != nil || e.Error == "" {
			e.Error = fmt.Sprintf("status %d", resp.StatusCode)
		}
		return &RemoteError{Status: resp.StatusCode, Message: e.Error}
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("decode serve's answer: %w", err)
	}
	return nil
}
