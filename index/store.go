package index

import (
	"context"

	"newsdesk/corpus"
)

// Store is newsdesk's search index as the rest of the program uses it:
// passages, key figures and the stored articles. An implementation is safe
// for concurrent use; index/bleve is the one newsdesk ships.
//
// Methods that take a ctx stop when it is done and return its error. A
// method that meets a damaged index returns an error matching ErrDamaged,
// never a panic; while the index is checked or rebuilt after that, the
// query methods return an error matching ErrRebuilding.
type Store interface {
	// Search returns the k passages that best match the free-text query q,
	// best first. An empty q or k <= 0 returns no hits.
	Search(ctx context.Context, q string, k int) ([]Hit, error)
	// Passages returns the passages with the given IDs as hits for the
	// free-text query q, in the order of ids: scored as Search scores them
	// when they match q, 0 when they do not. Unknown IDs are left out.
	Passages(ctx context.Context, ids []string, q string) ([]Hit, error)
	// Weights returns the inverse document frequency of each analyzed term
	// (as Terms returns them) among the indexed passages; terms in no
	// passage are left out.
	Weights(ctx context.Context, terms []string) (map[string]float64, error)
	// Figures returns up to k key figures from the passages that best
	// match topic, those passages' first, each with the passage it came
	// from; which figure is most about the topic is the caller's to rank
	// (bot/answer does). kind, when not empty, keeps only figures of that
	// kind. An empty topic returns the figures of the most recent
	// articles.
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
	// Health returns nil when the index can answer, and otherwise an
	// error matching ErrRebuilding that says why: it is being checked
	// after a failure, or rebuilt from the corpus (the next Update does
	// it). It does no I/O.
	Health() error
	// Close flushes the index and releases its data folder.
	Close() error
}

// Semantic is a Store that also finds passages by meaning, from an
// embedding model's vector of every passage (index/semantic is one).
type Semantic interface {
	// QueryVector embeds a question. ok is false, with no error, when
	// semantic search is off or its vectors are not all written yet: the
	// caller then answers lexically.
	QueryVector(ctx context.Context, question string) (v []float32, ok bool, err error)
	// Nearest returns the k passages whose vectors are nearest v, nearest
	// first.
	Nearest(v []float32, k int) []Neighbor
	// Similarity returns the cosine of v and the passage's vector; ok is
	// false when the passage has none.
	Similarity(v []float32, passageID string) (sim float64, ok bool)
}

// Neighbor is a passage found by Semantic.Nearest.
type Neighbor struct {
	PassageID  string
	Similarity float64 // cosine of the question's and the passage's vectors
}
