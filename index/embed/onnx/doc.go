// Package onnx is an embed.Embedder that runs a sentence-embedding model
// in process with ONNX Runtime (through github.com/yalue/onnxruntime_go):
// BERT WordPiece tokenization, the model, mean or CLS pooling over the
// attention mask, L2 normalization.
//
// A model folder holds model.onnx, tokenizer.json or vocab.txt, and
// optionally newsdesk-embed.json (see Config; scripts/fetch-models writes
// it). ONNX Runtime is a shared library, libonnxruntime.so.1, loaded once
// per process from Options.Library (newsdesk's NEWSDESK_ONNXRUNTIME_LIB
// setting) or, when that is empty, from the loader's path.
//
// The package needs cgo. Built without it, Open returns an error wrapping
// embed.ErrNoModel, so `CGO_ENABLED=0 go build ./...` works and the caller
// falls back to lexical search.
//
// Usage:
//
//	e, err := onnx.Open(os.Getenv("NEWSDESK_EMBED_MODEL"), onnx.Options{Library: os.Getenv("NEWSDESK_ONNXRUNTIME_LIB")})
//	if errors.Is(err, embed.ErrNoModel) { /* lexical search only */ }
//	defer e.Close()
//	vecs, err := e.Embed(ctx, embed.Passage, paragraphs)
package onnx
