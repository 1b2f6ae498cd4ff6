package index

import (
	"context"

	"newsdesk/corpus"
)

// Store is newsdesk's search index as the rest of the program uses it:
// passages, key figures and the stored articles. An implementation is safe
// for concurrent use; index/bleve is the one newsdesk ships.
//
// Methods that take a ctx stop when it is done and return its error.
type Store interface {
	// Search returns the k passages that best match the free-text query q,
	// best first. An empty q or k <= 0 returns no hits.
	Search(ctx context.Context, q string, k int) ([]Hit, error)
	// Weights returns the inverse document frequency of each analyzed term
	// (as Terms returns them) among the indexed passages; terms in no
	// passage are left out.
	Weights(ctx context.Context, terms []string) (map[string]float64, error)
	// Figures returns up to k key figures about topic, most relevant first,
	// each with the passage it came from; kind, when not empty, keeps only
	// figures of that kind. An empty topic returns the figures of the most
	// recent articles.
	Figures(ctx context.Context, topic, kind string, k int) ([]FigureHit, error)
	// Articles lists the indexed articles, newest first.
	Articles() []ArticleInfo
	// Article returns a stored article as it was indexed, with its text and
	// sections; an unknown ID is an error matching ErrNotFound.
	Article(ctx context.Context, id string) (corpus.Article, error)
	// ArticleText returns the stored text of an article, the text every
	// quote is checked against; an unknown ID is an error matching
	// ErrNotFound.
	ArticleText(ctx context.Context, id string) (string, error)
	// Update makes the index match articles, incrementally, and reports
	// what it did. progress, when not nil, is called with the articles
	// done so far and the total.
	Update(ctx context.Context, articles []corpus.Article, progress func(done, total int)) (Stats, error)
	// Terms returns the search terms of text as the index analyzes it
	// (for English: tokens lower-cased, stop words dropped, stemmed), to
	// compare with Hit.Terms.
	Terms(text string) []string
	// Len returns the number of indexed articles.
	Len() int
	// Close flushes the index and releases its data folder.
	Close() error
}
