package naive

import (
	"context"
	"fmt"
	"strings"

	blevesearch "github.com/blevesearch/bleve/v2"

	"newsdesk/corpus"
)

// batchSize is the documents per bleve batch.
const batchSize = 1000

// Index is a naive bleve index.
type Index struct{ idx blevesearch.Index }

// Build creates a naive index in dir (which must not exist yet) of
// articles' paragraphs. It stops between batches when ctx is done and
// returns its error, or the first error from bleve.
func Build(ctx context.Context, dir string, articles []corpus.Article) (*Index, error) {
	idx, err := blevesearch.New(dir, blevesearch.NewIndexMapping())
	if err != nil {
		return nil, fmt.Errorf("create naive index: %w", err)
	}
	ix := &Index{idx}
	batch := idx.NewBatch()
	for _, a := range articles {
		for i, p := range strings.Split(a.Text, "\n\n") {
			if err := batch.Index(fmt.Sprintf("%s#%d", a.ID, i), map[string]any{"title": a.Title, "body": p}); err != nil {
				ix.Close()
				return nil, fmt.Errorf("index %s: %w", a.ID, err)
			}
			if batch.Size() < batchSize {
				continue
			}
			if err := ctx.Err(); err != nil {
				ix.Close()
				return nil, err
			}
			if err := idx.Batch(batch); err != nil {
				ix.Close()
				return nil, fmt.Errorf("write batch: %w", err)
			}
			batch = idx.NewBatch()
		}
	}
	if err := idx.Batch(batch); err != nil {
		ix.Close()
		return nil, fmt.Errorf("write batch: %w", err)
	}
	return ix, nil
}

// Open opens the naive index Build made in dir.
func Open(dir string) (*Index, error) {
	idx, err := blevesearch.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("open naive index: %w", err)
	}
	return &Index{idx}, nil
}

// Search runs a match query for q and returns how many hits, of at most k,
// it got. It honours ctx as bleve's SearchInContext does.
func (ix *Index) Search(ctx context.Context, q string, k int) (int, error) {
	req := blevesearch.NewSearchRequestOptions(blevesearch.NewMatchQuery(q), k, 0, false)
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("naive search: %w", err)
	}
	return len(res.Hits), nil
}

// Close closes the index.
func (ix *Index) Close() error { return ix.idx.Close() }
