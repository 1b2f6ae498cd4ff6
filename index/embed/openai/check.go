package openai

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"newsdesk/index/embed"
	"newsdesk/internal/endpoint"
)

// Check is `serve --check` for an embeddings endpoint: it asks for the
// model list (GET BaseURL/models with the key), which tells a network
// failure from a refused key (an *endpoint.Error, see Unreachable and
// Rejected), then embeds one probe text, once, with no retries, to check
// the model is there and answers well. It returns the model Open would
// use. ctx and cfg.Timeout bound each request; no error contains the key.
func Check(ctx context.Context, cfg Config) (embed.Model, error) {
	cfg = cfg.withDefaults()
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		*hc = *cfg.HTTPClient
	}
	if hc.Timeout == 0 {
		hc.Timeout = cfg.Timeout
	}
	if _, err := endpoint.Check(ctx, hc, cfg.BaseURL, string(cfg.APIKey)); err != nil {
		return embed.Model{}, err
	}
	cfg.Retries, cfg.Dims = -1, 0
	e, err := Open(ctx, cfg)
	if err != nil {
		err = fmt.Errorf("the endpoint answers, but embedding with model %q failed: %w", cfg.Model, err)
		if k := string(cfg.APIKey); k != "" && strings.Contains(err.Error(), k) {
			// The endpoint's own message may quote the key.
			err = errors.New(strings.ReplaceAll(err.Error(), k, "[redacted]"))
		}
		return embed.Model{}, err
	}
	return e.Model(), nil
}
