package bleve

import (
	"context"
	"fmt"
	"strings"

	blevesearch "github.com/blevesearch/bleve/v2"

	"newsdesk/index"
)

// Passages returns the passages with the given IDs as hits for the query q,
// in the order of ids: scored by BM25 for q as Search scores them when their
// body matches q, 0 when it does not, with the query terms each holds. IDs
// that are not indexed, or belong to an update not yet committed, are left
// out. It stops when ctx is done and returns its error.
func (ix *Index) Passages(ctx context.Context, ids []string, q string) ([]index.Hit, error) {
	if len(ids) == 0 {
		return nil, ctx.Err()
	}
	q = strings.TrimSpace(q)
	scores := map[string]float64{}
	if q != "" {
		// The query Search runs, limited to ids: the filter adds nothing
		// to the score.
		only := blevesearch.NewDocIDQuery(ids)
		only.SetBoost(0)
		bq := ix.passageQuery(q)
		bq.AddMust(only)
		req := blevesearch.NewSearchRequestOptions(bq, len(ids), 0, false)
		res, err := ix.idx.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("score passages for %q: %w", q, err)
		}
		for _, h := range res.Hits {
			scores[h.ID] = h.Score
		}
	}
	req := blevesearch.NewSearchRequestOptions(blevesearch.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = passageFields
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("read passages: %w", err)
	}
	qterms := ix.Terms(q)
	memo := map[string][]string{}
	byID := make(map[string]index.Hit, len(res.Hits))
	for _, h := range res.Hits {
		hit, ok, err := ix.toHit(h.ID, h.Fields, scores[h.ID], qterms, memo)
		if err != nil {
			return nil, err
		}
		if ok {
			byID[h.ID] = hit
		}
	}
	hits := make([]index.Hit, 0, len(byID))
	for _, id := range ids {
		if h, ok := byID[id]; ok {
			hits = append(hits, h)
		}
	}
	return hits, nil
}
