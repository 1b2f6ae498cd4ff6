package bleve

import (
	"context"
	"fmt"
	"strings"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"newsdesk/index"
)

// Passages returns the passages with the given IDs as hits for the query q,
// in the order of ids: scored by BM25 for q as Search scores them when their
// body matches q, 0 when it does not, with the query terms each holds. IDs
// that are not indexed, or belong to an update not yet committed, are left
// out. It stops when ctx is done and returns its error; when the index
// cannot be read it returns an error matching index.ErrDamaged or
// index.ErrRebuilding (see Health).
func (ix *Index) Passages(ctx context.Context, ids []string, q string) ([]index.Hit, error) {
	if len(ids) == 0 {
		return nil, ctx.Err()
	}
	q = strings.TrimSpace(q)
	var hits []index.Hit
	err := ix.read(ctx, func(idx blevesearch.Index) error {
		scores, err := ix.scores(ctx, idx, ids, q)
		if err != nil {
			return err
		}
		req := blevesearch.NewSearchRequestOptions(blevesearch.NewDocIDQuery(ids), len(ids), 0, false)
		req.Fields = passageFields
		res, err := idx.SearchInContext(ctx, req)
		if err != nil {
			return err
		}
		qterms := ix.Terms(q)
		memo := map[string][]string{}
		byID := make(map[string]index.Hit, len(res.Hits))
		for _, h := range res.Hits {
			hit, ok, err := ix.toHit(h.ID, h.Fields, scores[h.ID], qterms, memo)
			if err != nil {
				return err
			}
			if ok {
				byID[h.ID] = hit
			}
		}
		hits = make([]index.Hit, 0, len(byID))
		for _, id := range ids {
			if h, ok := byID[id]; ok {
				hits = append(hits, h)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read passages: %w", err)
	}
	return hits, nil
}

// onlyIDs is q limited to the documents with the given IDs, scored as q
// scores them: the filter adds nothing to the score.
func onlyIDs(q query.Query, ids []string) query.Query {
	only := blevesearch.NewDocIDQuery(ids)
	only.SetBoost(0)
	return blevesearch.NewConjunctionQuery(q, only)
}

// scores returns the BM25 scores for q of the passages among ids whose
// body matches it: the query Search runs, limited to ids (the filter adds
// nothing to the score). An empty q scores none.
func (ix *Index) scores(ctx context.Context, idx blevesearch.Index, ids []string, q string) (map[string]float64, error) {
	scores := map[string]float64{}
	if q == "" {
		return scores, nil
	}
	bq := ix.passageQuery(q)
	bq.Must = onlyIDs(bq.Must, ids)
	req := blevesearch.NewSearchRequestOptions(bq, len(ids), 0, false)
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("score passages for %q: %w", q, err)
	}
	for _, h := range res.Hits {
		scores[h.ID] = h.Score
	}
	return scores, nil
}
