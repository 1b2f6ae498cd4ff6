package bleve

import (
	"context"
	"fmt"
	"maps"
	"math"

	blevesearch "github.com/blevesearch/bleve/v2"
)

// Weights returns the inverse document frequency of each term among the
// indexed passages, as BM25 computes it: rare terms weigh more. Terms that
// are in no passage are left out of the map. terms are analyzed terms, as
// returned by Terms. Weights stops when ctx is done; when the index cannot
// be read it returns an error matching index.ErrDamaged or
// index.ErrRebuilding (see Health).
func (ix *Index) Weights(ctx context.Context, terms []string) (map[string]float64, error) {
	out := make(map[string]float64, len(terms))
	var missing []string
	ix.idfMu.Lock()
	gen, n := ix.idfGen, ix.idfN
	for _, t := range terms {
		w, ok := ix.idf[t]
		switch {
		case !ok:
			missing = append(missing, t)
		case w > 0:
			out[t] = w
		}
	}
	ix.idfMu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(missing) == 0 {
		return out, nil
	}

	if n == 0 { // not counted since the last commit: count once, not on every question
		ix.mu.RLock()
		for _, e := range ix.man.Articles {
			n += e.Passages
		}
		ix.mu.RUnlock()
	}
	found := make(map[string]float64, len(missing))
	err := ix.read(ctx, func(idx blevesearch.Index) error {
		return readWeights(ctx, idx, missing, n, found)
	})
	if err != nil {
		return nil, err
	}
	for t, w := range found {
		if w > 0 {
			out[t] = w
		}
	}
	ix.idfMu.Lock()
	if ix.idfGen == gen { // no update has committed since: the weights are current
		if ix.idf == nil || len(ix.idf) > maxCachedWeights {
			ix.idf = make(map[string]float64, len(found))
		}
		maps.Copy(ix.idf, found)
		ix.idfN = n
	}
	ix.idfMu.Unlock()
	return out, nil
}

// readWeights sets found[t] to the weight of each term t of terms among n
// committed passages, 0 for a term in no passage.
func readWeights(ctx context.Context, idx blevesearch.Index, terms []string, n int, found map[string]float64) error {
	r, err := idx.Advanced()
	if err != nil {
		return fmt.Errorf("open index reader: %w", err)
	}
	rd, err := r.Reader()
	if err != nil {
		return fmt.Errorf("open index reader: %w", err)
	}
	defer rd.Close()
	for _, t := range terms {
		if err := ctx.Err(); err != nil {
			return err
		}
		tfr, err := rd.TermFieldReader(ctx, []byte(t), "body", false, false, false)
		if err != nil {
			return fmt.Errorf("read term %q: %w", t, err)
		}
		df := float64(tfr.Count())
		tfr.Close()
		found[t] = 0 // in no passage
		if df > 0 {
			// df also counts passages an unfinished (or crashed) update has
			// written but not committed; n, the committed passages, may be
			// fewer, and a weight must never turn negative.
			docs := max(float64(n), df)
			found[t] = math.Log(1 + (docs-df+0.5)/(df+0.5))
		}
	}
	return nil
}

// dropWeights forgets the cached weights, for an update that has changed
// the documents they were read from.
func (ix *Index) dropWeights() {
	ix.idfMu.Lock()
	defer ix.idfMu.Unlock()
	ix.idf = nil
	ix.idfN = 0
	ix.idfGen++
}

// maxCachedWeights bounds the term weights kept between questions; the
// cache starts over when it is full (questions with typos bring new terms
// for as long as the bot runs).
const maxCachedWeights = 50000
