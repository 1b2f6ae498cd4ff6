package semantic

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"time"

	"newsdesk/corpus"
	"newsdesk/corpus/split"
	"newsdesk/index/embed"
)

// passagesOf returns the passages of articles as the store indexes them
// (split.Passages), each with the hash of its text.
func passagesOf(articles []corpus.Article) []passage {
	var ps []passage
	for _, a := range articles {
		for _, p := range split.Passages(a) {
			sum := sha256.Sum256([]byte(p.Text))
			ps = append(ps, passage{id: p.ID, hash: hex.EncodeToString(sum[:16]), text: p.Text})
		}
	}
	return ps
}

// sync gives every passage of ps its vector: read from the cache, or
// embedded and stored there, a batch at a time (so an interrupted run keeps
// what it did). Then it makes ps's vectors the current ones, and drops from
// the cache what no passage uses.
func (ix *Index) sync(ctx context.Context, ps []passage) error {
	m := ix.emb.Model()
	key := m.Key()
	hashes := make([]string, 0, len(ps))
	seen := make(map[string]bool, len(ps))
	for _, p := range ps {
		if !seen[p.hash] {
			seen[p.hash] = true
			hashes = append(hashes, p.hash)
		}
	}
	have, err := ix.cache.Get(ctx, key, m.Dims, hashes)
	if err != nil {
		return fmt.Errorf("read stored vectors: %w", err)
	}
	var todo []passage
	queued := map[string]bool{}
	for _, p := range ps {
		if _, ok := have[p.hash]; !ok && !queued[p.hash] {
			queued[p.hash] = true
			todo = append(todo, p)
		}
	}
	if len(todo) > 0 {
		ix.log.Info("embedding passages", "model", m.Name, "new", len(todo), "stored", len(have))
		start := time.Now()
		defer func() {
			if secs := time.Since(start).Seconds(); len(have) == len(hashes) {
				ix.log.Info("passages embedded", "model", m.Name, "passages", len(todo), "seconds", math.Round(secs*10)/10, "per_second", math.Round(float64(len(todo))/secs*10)/10)
			}
		}()
	}
	if ix.opts.Progress != nil && len(todo) > 0 {
		ix.opts.Progress(0, len(todo))
	}
	for start := 0; start < len(todo); start += ix.opts.Batch {
		batch := todo[start:min(start+ix.opts.Batch, len(todo))]
		texts := make([]string, len(batch))
		for i, p := range batch {
			texts[i] = p.text
		}
		vs, err := ix.emb.Embed(ctx, embed.Passage, texts)
		if err != nil {
			return fmt.Errorf("embed passages with %s: %w", m.Name, err)
		}
		if err := embed.Validate(vs, len(batch), m.Dims); err != nil {
			return fmt.Errorf("embed passages with %s: %w", m.Name, err)
		}
		put := make(map[string][]float32, len(batch))
		for i, p := range batch {
			put[p.hash] = vs[i]
			have[p.hash] = vs[i]
		}
		if err := ix.cache.Put(ctx, key, put); err != nil {
			return fmt.Errorf("store vectors: %w", err)
		}
		if ix.opts.Progress != nil {
			ix.opts.Progress(start+len(batch), len(todo))
		}
	}
	s := newSet(m.Dims, len(ps))
	for _, p := range ps {
		s.add(p.id, have[p.hash])
	}
	ix.install(s)
	if _, err := ix.cache.Keep(ctx, key, seen); err != nil {
		ix.log.Warn("dropping unused vectors", "err", err)
	}
	return nil
}
