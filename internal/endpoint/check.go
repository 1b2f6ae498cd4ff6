package endpoint

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Error is why Check found the endpoint unusable. Its text names the
// endpoint (without credentials) and never contains the key.
type Error struct {
	URL    string // the base URL, credentials removed
	Status int    // the HTTP status; 0 when no answer came
	Err    error  // the network error when no answer came; nil otherwise
}

// Unreachable reports whether no answer came: a refused connection, a
// name that does not resolve, a timeout.
func (e *Error) Unreachable() bool { return e.Status == 0 }

// Rejected reports whether the endpoint refused the key (401 or 403).
func (e *Error) Rejected() bool {
	return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden
}

// Error is "cannot reach URL: …", "URL rejected the key (401)" or "URL
// answered GET /models with 404 Not Found".
func (e *Error) Error() string {
	switch {
	case e.Unreachable():
		return fmt.Sprintf("cannot reach %s: %v", e.URL, e.Err)
	case e.Rejected():
		return fmt.Sprintf("%s rejected the key (%d)", e.URL, e.Status)
	case e.Status == http.StatusNotFound:
		return fmt.Sprintf("%s answered GET /models with 404 Not Found; check the base URL (it usually ends in /v1)", e.URL)
	default:
		return fmt.Sprintf("%s answered GET /models with %d %s", e.URL, e.Status, http.StatusText(e.Status))
	}
}

// Unwrap returns the network error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Check asks the endpoint at baseURL (ending in /v1, as OpenAI's does)
// for its models, sending key as a bearer token when it is not empty, and
// returns the model IDs it lists. It returns an *Error when the endpoint
// cannot be reached or answers other than 2xx, and ctx's error, wrapped in
// one, when ctx ends first. An answer that is 2xx but not a model list
// is not an error: the endpoint answered and took the key.
func Check(ctx context.Context, hc *http.Client, baseURL, key string) ([]string, error) {
	shown := redact(baseURL)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(baseURL, "/")+"/models", nil)
	if err != nil {
		return nil, &Error{URL: shown, Err: fmt.Errorf("not a URL")}
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, &Error{URL: shown, Err: cause(err)}
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, &Error{URL: shown, Status: resp.StatusCode}
	}
	var list struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if json.NewDecoder(io.LimitReader(resp.Body, 4<<20)).Decode(&list) != nil {
		return nil, nil
	}
	ids := make([]string, 0, len(list.Data))
	for _, m := range list.Data {
		ids = append(ids, m.ID)
	}
	return ids, nil
}

// cause is err without net/http's "Get "URL": " prefix, which would name
// the endpoint twice (and with credentials, if the URL had any).
func cause(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// redact is u without credentials or query (a key may hide in either).
func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "the endpoint"
	}
	p.User, p.RawQuery, p.Fragment = nil, "", ""
	return strings.TrimRight(p.String(), "/")
}
