package openai

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"

	"newsdesk/index/embed"
	"newsdesk/internal/wait"
)

// ErrBadResponse is wrapped by Embed's error when the endpoint answered
// 200 with something unusable: too few or too many vectors, indexes out
// of order or repeated, vectors of the wrong length, NaN or all zeros.
var ErrBadResponse = errors.New("malformed embeddings response")

// Embedder embeds texts through an OpenAI-compatible endpoint. It is safe
// for concurrent use.
type Embedder struct {
	cfg    Config
	client *goopenai.Client
	retry  *retrier
	model  embed.Model
}

var _ embed.Embedder = (*Embedder)(nil)

// Open returns an Embedder for cfg's endpoint and model. When cfg.Dims is
// 0 it embeds one probe text to learn the dimensions, which also checks
// the endpoint answers; that call honours ctx. Its errors wrap
// embed.ErrNoModel: no base URL or model configured, or an endpoint that
// does not answer or answers badly.
func Open(ctx context.Context, cfg Config) (*Embedder, error) {
	cfg = cfg.withDefaults()
	u, err := url.Parse(cfg.BaseURL)
	if cfg.BaseURL == "" || err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("open embeddings endpoint: base URL %q is not an http(s) URL: %w", cfg.BaseURL, embed.ErrNoModel)
	}
	if cfg.Model == "" {
		return nil, fmt.Errorf("open embeddings endpoint %s: no model name: %w", cfg.BaseURL, embed.ErrNoModel)
	}
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		*hc = *cfg.HTTPClient
	}
	if hc.Timeout == 0 {
		hc.Timeout = cfg.Timeout
	}
	oc := goopenai.DefaultConfig(string(cfg.APIKey))
	oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	r := &retrier{client: hc, retries: cfg.Retries, backoff: cfg.Backoff, maxWait: cfg.MaxWait, sleep: wait.Sleep}
	oc.HTTPClient = r
	// The identity names the endpoint without credentials or query, which
	// a key may hide in.
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	e := &Embedder{cfg: cfg, client: goopenai.NewClientWithConfig(oc), retry: r, model: embed.Model{
		Name:   strings.ReplaceAll(cfg.Model, "/", "_"),
		Dims:   cfg.Dims,
		Digest: "endpoint:" + strings.TrimRight(u.String(), "/"),
	}}
	if e.model.Dims == 0 {
		v, err := e.request(ctx, embed.Query, []string{"dimension probe"})
		if err != nil {
			return nil, fmt.Errorf("open embeddings endpoint %s: %w: %w", cfg.BaseURL, err, embed.ErrNoModel)
		}
		e.model.Dims = len(v[0])
	}
	return e, nil
}

// Model returns the model's name (its endpoint name, "/" made "_"), its
// dimensions, and "endpoint:" with the base URL as its digest.
func (e *Embedder) Model() embed.Model { return e.model }

// Embed returns one normalized vector per text, in order, sending at most
// MaxBatch texts a request. It stops at the first request that fails for
// good and returns its error, which wraps ErrBadResponse for a malformed
// answer and ctx.Err() when ctx ended first.
func (e *Embedder) Embed(ctx context.Context, kind embed.Kind, texts []string) ([][]float32, error) {
	texts = e.cfg.Prefixes.Apply(kind, texts)
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += e.cfg.MaxBatch {
		chunk := texts[start:min(start+e.cfg.MaxBatch, len(texts))]
		v, err := e.request(ctx, kind, chunk)
		if err != nil {
			return nil, fmt.Errorf("embed texts %d-%d of %d: %w", start+1, start+len(chunk), len(texts), err)
		}
		out = append(out, v...)
	}
	return out, nil
}

// request embeds one batch and checks the answer.
func (e *Embedder) request(ctx context.Context, kind embed.Kind, texts []string) ([][]float32, error) {
	req := goopenai.EmbeddingRequestStrings{
		Input:          texts,
		Model:          goopenai.EmbeddingModel(e.cfg.Model),
		EncodingFormat: goopenai.EmbeddingEncodingFormatFloat,
	}
	if e.cfg.InputType {
		req.ExtraBody = map[string]any{"input_type": kind.String()}
	}
	resp, err := e.client.CreateEmbeddings(ctx, req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
			return nil, fmt.Errorf("%v: %w", err, ctxErr)
		}
		return nil, err
	}
	if len(resp.Data) != len(texts) {
		return nil, fmt.Errorf("got %d vectors for %d texts: %w", len(resp.Data), len(texts), ErrBadResponse)
	}
	vecs := make([][]float32, len(texts))
	for _, d := range resp.Data {
		if d.Index < 0 || d.Index >= len(texts) || vecs[d.Index] != nil {
			return nil, fmt.Errorf("vector index %d out of range or repeated: %w", d.Index, ErrBadResponse)
		}
		vecs[d.Index] = d.Embedding
	}
	if err := embed.Validate(vecs, len(texts), e.model.Dims); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadResponse, err)
	}
	for _, v := range vecs {
		if err := embed.Normalize(v); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrBadResponse, err)
		}
	}
	return vecs, nil
}
