// Package bolt is the persistent cache of passage vectors, on bbolt: what an
// embedding model computed for each passage, kept between runs so that an
// unchanged passage is never embedded twice. It is the only package that
// imports bbolt; it implements semantic.Cache.
//
// Vectors are keyed by the model's identity (embed.Model.Key, which names
// its weights and dimensions) and the passage's content hash, each model in
// a bucket of its own, so vectors of two models are never mixed and Keep
// drops a replaced model's at once. A vector is stored as embed.Encode
// makes it.
//
// The file is a cache: when it is damaged, Open moves it aside and starts
// an empty one, and Get leaves out a damaged vector, so the caller
// recomputes rather than fails.
//
//	c, err := bolt.Open(filepath.Join(data, "vectors.db"))
//	if errors.Is(err, index.ErrLocked) { … another process has the file … }
//	if msg := c.Recovered(); msg != "" {
//		log.Warn(msg)
//	}
//	defer c.Close()
//	m := emb.Model()
//	have, err := c.Get(ctx, m.Key(), m.Dims, hashes) // embed the hashes not in have
//	err = c.Put(ctx, m.Key(), map[string][]float32{hash: vec})
//	removed, err := c.Keep(ctx, m.Key(), inUse) // drop stale hashes and other models
package bolt
