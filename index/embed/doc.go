// Package embed is the port for dense retrieval: what an embedding model
// is to the rest of newsdesk, and the few operations on its vectors that
// callers need (dot product, a byte encoding for storage, validation).
//
// It imports no outside client. Adapters live in sub-packages, one per
// outside thing: embed/onnx runs a model in process with ONNX Runtime,
// embed/openai calls an OpenAI-compatible /v1/embeddings endpoint.
//
// Usage:
//
//	var e embed.Embedder = … // onnx.Open(dir, opts) or openai.Open(ctx, cfg)
//	qv, err := e.Embed(ctx, embed.Query, []string{"who won the election?"})
//	if errors.Is(err, embed.ErrNoModel) { /* fall back to lexical search */ }
//	pv, err := e.Embed(ctx, embed.Passage, passages)
//	score := embed.Dot(qv[0], pv[i]) // cosine: vectors are L2-normalized
//	blob := embed.Encode(pv[i])      // store under e.Model().Key()
package embed
