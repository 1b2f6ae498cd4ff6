package llm

import (
	"log/slog"
	"net/http"
	"time"
)

// DefaultModel is the model asked when Config.Model is empty.
const DefaultModel = "gpt-4o-mini"

// Defaults for Config fields left at zero.
const (
	defaultTimeout    = 20 * time.Second
	defaultMaxRetries = 2
	defaultBackoff    = 500 * time.Millisecond
)

// maxSummaryTokens caps the model's output (max_tokens). A summary longer
// than grounding.MaxSummaryLen characters is dropped anyway, and English
// runs about four characters a token; the cap leaves room for markers and
// wide characters, and makes a model that never stops fail in seconds
// instead of at the timeout.
const maxSummaryTokens = 400

// Config configures an OpenAI-compatible chat-completions endpoint.
type Config struct {
	BaseURL    string        // e.g. http://localhost:11434/v1; "" means OpenAI's
	APIKey     string        // sent as "Authorization: Bearer …"; "" sends no header (local servers)
	Model      string        // "" means DefaultModel
	Timeout    time.Duration // per request; 0 means 20s. The question's ctx deadline still bounds everything.
	HTTPClient *http.Client  // nil means a plain client; it is copied, never modified
	MaxRetries int           // retries of 429 and 5xx after the first request; 0 means 2, negative means none
	Stream     bool          // ask for a server-sent-events stream and stop reading at the length limit
	Logger     *slog.Logger  // debug lines about retries; nil means none
}

// LogValue keeps the API key out of any log line that prints the config.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.BaseURL), slog.String("model", c.Model),
		slog.Duration("timeout", c.Timeout), slog.Bool("api_key_set", c.APIKey != ""))
}
