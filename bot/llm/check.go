package llm

import (
	"context"
	"net/http"
	"strings"

	openai "github.com/sashabaranov/go-openai"

	"newsdesk/internal/endpoint"
)

// Check asks the endpoint cfg describes for its models, as `serve --check`
// does before the first question: GET BaseURL/models with the key, within
// cfg.Timeout and ctx. It returns the model IDs listed (empty when the
// server lists none), or an *endpoint.Error whose Unreachable and Rejected
// tell a network failure from a refused key. Neither the IDs nor the error
// contain the key.
func Check(ctx context.Context, cfg Config) ([]string, error) {
	base := strings.TrimRight(cfg.BaseURL, "/")
	if base == "" {
		base = openai.DefaultConfig("").BaseURL
	}
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		*hc = *cfg.HTTPClient
	}
	if hc.Timeout == 0 {
		hc.Timeout = cfg.Timeout
		if hc.Timeout <= 0 {
			hc.Timeout = defaultTimeout
		}
	}
	return endpoint.Check(ctx, hc, base, cfg.APIKey)
}
