// Package semantic adds retrieval by meaning to an index.Store: it keeps an
// embedding model's vector of every passage, computed when the store is
// updated (only for new or changed passages: vectors persist in a Cache,
// keyed by the model and the passage's content hash), and implements
// index.Semantic over them with exact nearest-neighbour search.
//
//	emb, _ := onnx.Open(dir, onnx.Options{})             // an embed.Embedder
//	cache, _ := bolt.Open(filepath.Join(data, "vectors.db"))
//	ix := semantic.New(store, emb, cache, semantic.Options{})
//	st, err := ix.Update(ctx, articles, nil)              // returns once every vector is written
//	v, ok, err := ix.QueryVector(ctx, "How much did EMI expect to earn?")
//	near := ix.Nearest(v, 15)
//
// Without a model newsdesk uses the store alone: everything here is an
// addition to lexical search, never a replacement.
package semantic
